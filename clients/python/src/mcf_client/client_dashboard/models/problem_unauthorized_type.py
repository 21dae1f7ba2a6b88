from enum import StrEnum


class ProblemUnauthorizedType(StrEnum):
    URNMCFPROBLEMUNAUTHORIZED = "urn:mcf:problem:unauthorized"

    def __str__(self) -> str:
        return str(self.value)
