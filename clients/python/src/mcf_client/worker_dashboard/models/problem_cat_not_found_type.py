from enum import StrEnum


class ProblemCatNotFoundType(StrEnum):
    URNMCFPROBLEMCAT_NOT_FOUND = "urn:mcf:problem:cat-not-found"

    def __str__(self) -> str:
        return str(self.value)
