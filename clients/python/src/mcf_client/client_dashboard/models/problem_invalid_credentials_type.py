from enum import StrEnum


class ProblemInvalidCredentialsType(StrEnum):
    URNMCFPROBLEMINVALID_CREDENTIALS = "urn:mcf:problem:invalid-credentials"

    def __str__(self) -> str:
        return str(self.value)
