from enum import StrEnum


class ProblemOfferNotOpenType(StrEnum):
    URNMCFPROBLEMOFFER_NOT_OPEN = "urn:mcf:problem:offer-not-open"

    def __str__(self) -> str:
        return str(self.value)
