from enum import StrEnum


class ProblemCoolingDownType(StrEnum):
    URNMCFPROBLEMCOOLING_DOWN = "urn:mcf:problem:cooling-down"

    def __str__(self) -> str:
        return str(self.value)
