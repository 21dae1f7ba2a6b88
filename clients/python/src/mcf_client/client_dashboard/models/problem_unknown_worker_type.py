from enum import StrEnum


class ProblemUnknownWorkerType(StrEnum):
    URNMCFPROBLEMUNKNOWN_WORKER = "urn:mcf:problem:unknown-worker"

    def __str__(self) -> str:
        return str(self.value)
