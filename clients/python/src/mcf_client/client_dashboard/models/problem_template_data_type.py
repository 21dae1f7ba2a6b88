from enum import StrEnum


class ProblemTemplateDataType(StrEnum):
    URNMCFPROBLEMTEMPLATE_DATA = "urn:mcf:problem:template-data"

    def __str__(self) -> str:
        return str(self.value)
