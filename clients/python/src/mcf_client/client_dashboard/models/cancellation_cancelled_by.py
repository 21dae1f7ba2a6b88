from enum import StrEnum


class CancellationCancelledBy(StrEnum):
    CLIENT = "client"
    PLATFORM = "platform"

    def __str__(self) -> str:
        return str(self.value)
