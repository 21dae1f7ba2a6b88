from enum import StrEnum


class ProblemUnknownOrderType(StrEnum):
    URNMCFPROBLEMUNKNOWN_ORDER = "urn:mcf:problem:unknown-order"

    def __str__(self) -> str:
        return str(self.value)
