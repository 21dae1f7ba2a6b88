from enum import StrEnum


class WorkerOrderRole(StrEnum):
    ASSIGNED = "assigned"
    OFFERED = "offered"

    def __str__(self) -> str:
        return str(self.value)
