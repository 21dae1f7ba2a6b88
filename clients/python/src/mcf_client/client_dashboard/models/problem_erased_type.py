from enum import StrEnum


class ProblemErasedType(StrEnum):
    URNMCFPROBLEMERASED = "urn:mcf:problem:erased"

    def __str__(self) -> str:
        return str(self.value)
