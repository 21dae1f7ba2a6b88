from enum import StrEnum


class ProblemTooManyAttemptsType(StrEnum):
    URNMCFPROBLEMTOO_MANY_ATTEMPTS = "urn:mcf:problem:too-many-attempts"

    def __str__(self) -> str:
        return str(self.value)
