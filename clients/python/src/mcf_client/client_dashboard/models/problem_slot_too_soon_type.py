from enum import StrEnum


class ProblemSlotTooSoonType(StrEnum):
    URNMCFPROBLEMSLOT_TOO_SOON = "urn:mcf:problem:slot-too-soon"

    def __str__(self) -> str:
        return str(self.value)
