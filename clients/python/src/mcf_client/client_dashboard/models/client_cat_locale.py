from enum import StrEnum


class ClientCatLocale(StrEnum):
    EN = "en"
    RU = "ru"

    def __str__(self) -> str:
        return str(self.value)
