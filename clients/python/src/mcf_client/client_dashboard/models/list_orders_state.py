from enum import StrEnum


class ListOrdersState(StrEnum):
    CURRENT = "current"
    PAST = "past"

    def __str__(self) -> str:
        return str(self.value)
