from enum import StrEnum


class ProblemInvalidTestType(StrEnum):
    URNMCFPROBLEMINVALID_TEST = "urn:mcf:problem:invalid-test"

    def __str__(self) -> str:
        return str(self.value)
