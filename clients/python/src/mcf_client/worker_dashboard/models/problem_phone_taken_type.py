from enum import StrEnum


class ProblemPhoneTakenType(StrEnum):
    URNMCFPROBLEMPHONE_TAKEN = "urn:mcf:problem:phone-taken"

    def __str__(self) -> str:
        return str(self.value)
