from enum import StrEnum


class ProblemUnderAgeType(StrEnum):
    URNMCFPROBLEMUNDER_AGE = "urn:mcf:problem:under-age"

    def __str__(self) -> str:
        return str(self.value)
