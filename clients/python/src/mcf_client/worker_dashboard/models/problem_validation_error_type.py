from enum import StrEnum


class ProblemValidationErrorType(StrEnum):
    URNMCFPROBLEMVALIDATION_ERROR = "urn:mcf:problem:validation-error"

    def __str__(self) -> str:
        return str(self.value)
