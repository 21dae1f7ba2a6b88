from enum import StrEnum


class ProblemOrderNotFinishedType(StrEnum):
    URNMCFPROBLEMORDER_NOT_FINISHED = "urn:mcf:problem:order-not-finished"

    def __str__(self) -> str:
        return str(self.value)
