from enum import StrEnum


class ProblemEmailTakenType(StrEnum):
    URNMCFPROBLEMEMAIL_TAKEN = "urn:mcf:problem:email-taken"

    def __str__(self) -> str:
        return str(self.value)
