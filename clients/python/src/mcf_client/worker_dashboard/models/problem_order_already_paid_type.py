from enum import StrEnum


class ProblemOrderAlreadyPaidType(StrEnum):
    URNMCFPROBLEMORDER_ALREADY_PAID = "urn:mcf:problem:order-already-paid"

    def __str__(self) -> str:
        return str(self.value)
