from enum import StrEnum


class ProblemNotReviewableType(StrEnum):
    URNMCFPROBLEMNOT_REVIEWABLE = "urn:mcf:problem:not-reviewable"

    def __str__(self) -> str:
        return str(self.value)
