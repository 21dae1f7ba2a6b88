from enum import StrEnum


class ProblemOrderNotAssignedType(StrEnum):
    URNMCFPROBLEMORDER_NOT_ASSIGNED = "urn:mcf:problem:order-not-assigned"

    def __str__(self) -> str:
        return str(self.value)
