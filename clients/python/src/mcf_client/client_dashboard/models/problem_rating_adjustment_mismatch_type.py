from enum import StrEnum


class ProblemRatingAdjustmentMismatchType(StrEnum):
    URNMCFPROBLEMRATING_ADJUSTMENT_MISMATCH = (
        "urn:mcf:problem:rating-adjustment-mismatch"
    )

    def __str__(self) -> str:
        return str(self.value)
