from enum import StrEnum


class ProblemAlreadyCheckedInType(StrEnum):
    URNMCFPROBLEMALREADY_CHECKED_IN = "urn:mcf:problem:already-checked-in"

    def __str__(self) -> str:
        return str(self.value)
