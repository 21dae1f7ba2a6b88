from enum import StrEnum


class PlaceOrderToyCategory(StrEnum):
    BALLS = "balls"
    CATNIP = "catnip"
    FEATHERS = "feathers"
    LASER = "laser"
    MICE = "mice"
    PUZZLES = "puzzles"
    TUNNELS = "tunnels"

    def __str__(self) -> str:
        return str(self.value)
