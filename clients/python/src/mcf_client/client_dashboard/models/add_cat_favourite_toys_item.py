from enum import StrEnum


class AddCatFavouriteToysItem(StrEnum):
    BALLS = "balls"
    CATNIP = "catnip"
    FEATHERS = "feathers"
    LASER = "laser"
    MICE = "mice"
    PUZZLES = "puzzles"
    TUNNELS = "tunnels"

    def __str__(self) -> str:
        return str(self.value)
