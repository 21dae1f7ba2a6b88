from enum import StrEnum


class ProblemAlreadyReviewedType(StrEnum):
    URNMCFPROBLEMALREADY_REVIEWED = "urn:mcf:problem:already-reviewed"

    def __str__(self) -> str:
        return str(self.value)
