from enum import StrEnum


class ProblemNotReadyType(StrEnum):
    URNMCFPROBLEMNOT_READY = "urn:mcf:problem:not-ready"

    def __str__(self) -> str:
        return str(self.value)
