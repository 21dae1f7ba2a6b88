from enum import StrEnum


class ProblemAttemptExpiredType(StrEnum):
    URNMCFPROBLEMATTEMPT_EXPIRED = "urn:mcf:problem:attempt-expired"

    def __str__(self) -> str:
        return str(self.value)
