from enum import StrEnum


class ProblemTooManyRequestsType(StrEnum):
    URNMCFPROBLEMTOO_MANY_REQUESTS = "urn:mcf:problem:too-many-requests"

    def __str__(self) -> str:
        return str(self.value)
