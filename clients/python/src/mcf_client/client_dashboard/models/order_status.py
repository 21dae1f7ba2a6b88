from enum import StrEnum


class OrderStatus(StrEnum):
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    CONFIRMED = "confirmed"
    EXPIRED = "expired"
    IN_PROGRESS = "in_progress"
    PLACED = "placed"

    def __str__(self) -> str:
        return str(self.value)
