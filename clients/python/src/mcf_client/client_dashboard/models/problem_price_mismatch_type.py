from enum import StrEnum


class ProblemPriceMismatchType(StrEnum):
    URNMCFPROBLEMPRICE_MISMATCH = "urn:mcf:problem:price-mismatch"

    def __str__(self) -> str:
        return str(self.value)
