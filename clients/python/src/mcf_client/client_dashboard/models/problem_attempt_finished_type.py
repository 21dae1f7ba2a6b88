from enum import StrEnum


class ProblemAttemptFinishedType(StrEnum):
    URNMCFPROBLEMATTEMPT_FINISHED = "urn:mcf:problem:attempt-finished"

    def __str__(self) -> str:
        return str(self.value)
