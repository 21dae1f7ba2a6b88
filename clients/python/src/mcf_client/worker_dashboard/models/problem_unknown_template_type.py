from enum import StrEnum


class ProblemUnknownTemplateType(StrEnum):
    URNMCFPROBLEMUNKNOWN_TEMPLATE = "urn:mcf:problem:unknown-template"

    def __str__(self) -> str:
        return str(self.value)
