from enum import StrEnum


class ProblemConflictType(StrEnum):
    URNMCFPROBLEMCONFLICT = "urn:mcf:problem:conflict"

    def __str__(self) -> str:
        return str(self.value)
