from enum import StrEnum


class SignUpLocale(StrEnum):
    EN = "en"
    RU = "ru"

    def __str__(self) -> str:
        return str(self.value)
