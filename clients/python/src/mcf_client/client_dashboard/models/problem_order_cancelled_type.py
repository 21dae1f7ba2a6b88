from enum import StrEnum


class ProblemOrderCancelledType(StrEnum):
    URNMCFPROBLEMORDER_CANCELLED = "urn:mcf:problem:order-cancelled"

    def __str__(self) -> str:
        return str(self.value)
