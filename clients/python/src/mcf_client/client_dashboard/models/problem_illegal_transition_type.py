from enum import StrEnum


class ProblemIllegalTransitionType(StrEnum):
    URNMCFPROBLEMILLEGAL_TRANSITION = "urn:mcf:problem:illegal-transition"

    def __str__(self) -> str:
        return str(self.value)
