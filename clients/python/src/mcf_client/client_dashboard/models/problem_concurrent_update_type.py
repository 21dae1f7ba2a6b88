from enum import StrEnum


class ProblemConcurrentUpdateType(StrEnum):
    URNMCFPROBLEMCONCURRENT_UPDATE = "urn:mcf:problem:concurrent-update"

    def __str__(self) -> str:
        return str(self.value)
