from enum import IntEnum


class ProblemDependencyRefusedStatus(IntEnum):
    VALUE_502 = 502

    def __str__(self) -> str:
        return str(self.value)
