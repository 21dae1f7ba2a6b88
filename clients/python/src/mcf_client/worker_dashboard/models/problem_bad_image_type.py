from enum import StrEnum


class ProblemBadImageType(StrEnum):
    URNMCFPROBLEMBAD_IMAGE = "urn:mcf:problem:bad-image"

    def __str__(self) -> str:
        return str(self.value)
