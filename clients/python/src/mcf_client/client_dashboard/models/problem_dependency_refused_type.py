from enum import StrEnum


class ProblemDependencyRefusedType(StrEnum):
    URNMCFPROBLEMDEPENDENCY_REFUSED = "urn:mcf:problem:dependency-refused"

    def __str__(self) -> str:
        return str(self.value)
