from enum import StrEnum


class ProblemAlreadyPassedType(StrEnum):
    URNMCFPROBLEMALREADY_PASSED = "urn:mcf:problem:already-passed"

    def __str__(self) -> str:
        return str(self.value)
