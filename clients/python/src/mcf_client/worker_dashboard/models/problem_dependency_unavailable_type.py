from enum import StrEnum


class ProblemDependencyUnavailableType(StrEnum):
    URNMCFPROBLEMDEPENDENCY_UNAVAILABLE = "urn:mcf:problem:dependency-unavailable"

    def __str__(self) -> str:
        return str(self.value)
