from enum import StrEnum


class ProblemNotificationFinalType(StrEnum):
    URNMCFPROBLEMNOTIFICATION_FINAL = "urn:mcf:problem:notification-final"

    def __str__(self) -> str:
        return str(self.value)
