from enum import StrEnum


class ProblemOrderNotReadyType(StrEnum):
    URNMCFPROBLEMORDER_NOT_READY = "urn:mcf:problem:order-not-ready"

    def __str__(self) -> str:
        return str(self.value)
