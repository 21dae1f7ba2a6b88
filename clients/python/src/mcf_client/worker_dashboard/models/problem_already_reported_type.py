from enum import StrEnum


class ProblemAlreadyReportedType(StrEnum):
    URNMCFPROBLEMALREADY_REPORTED = "urn:mcf:problem:already-reported"

    def __str__(self) -> str:
        return str(self.value)
