from enum import StrEnum


class ProblemForbiddenType(StrEnum):
    URNMCFPROBLEMFORBIDDEN = "urn:mcf:problem:forbidden"

    def __str__(self) -> str:
        return str(self.value)
