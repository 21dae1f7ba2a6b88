from enum import StrEnum


class FortuneSource(StrEnum):
    HOUSE = "house"
    PARTNER = "partner"

    def __str__(self) -> str:
        return str(self.value)
