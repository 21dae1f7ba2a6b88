from enum import StrEnum


class ProblemCheckInTimeOutOfRangeType(StrEnum):
    URNMCFPROBLEMCHECK_IN_TIME_OUT_OF_RANGE = (
        "urn:mcf:problem:check-in-time-out-of-range"
    )

    def __str__(self) -> str:
        return str(self.value)
