from enum import StrEnum


class ProblemOrderNotPayableType(StrEnum):
    URNMCFPROBLEMORDER_NOT_PAYABLE = "urn:mcf:problem:order-not-payable"

    def __str__(self) -> str:
        return str(self.value)
