from enum import StrEnum


class ProblemInvalidInputType(StrEnum):
    URNMCFPROBLEMINVALID_INPUT = "urn:mcf:problem:invalid-input"

    def __str__(self) -> str:
        return str(self.value)
