from enum import StrEnum


class ProblemNotFoundType(StrEnum):
    URNMCFPROBLEMNOT_FOUND = "urn:mcf:problem:not-found"

    def __str__(self) -> str:
        return str(self.value)
