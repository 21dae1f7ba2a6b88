from enum import StrEnum


class ProblemNoActiveTestType(StrEnum):
    URNMCFPROBLEMNO_ACTIVE_TEST = "urn:mcf:problem:no-active-test"

    def __str__(self) -> str:
        return str(self.value)
