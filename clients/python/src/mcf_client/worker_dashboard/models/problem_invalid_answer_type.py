from enum import StrEnum


class ProblemInvalidAnswerType(StrEnum):
    URNMCFPROBLEMINVALID_ANSWER = "urn:mcf:problem:invalid-answer"

    def __str__(self) -> str:
        return str(self.value)
