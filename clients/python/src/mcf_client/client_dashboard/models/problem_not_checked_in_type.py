from enum import StrEnum


class ProblemNotCheckedInType(StrEnum):
    URNMCFPROBLEMNOT_CHECKED_IN = "urn:mcf:problem:not-checked-in"

    def __str__(self) -> str:
        return str(self.value)
