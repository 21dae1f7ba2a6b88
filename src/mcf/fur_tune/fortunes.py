"""The reference partner's cookies: a few dozen fortunes in Russian and English, each with a stable id."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Fortune:
    id: str
    text: str
    locale: str


_EN = (
    "A sunny windowsill is in your near future.",
    "The red dot will finally be yours.",
    "An unexpected cardboard box brings great joy.",
    "Your patience at the mouse hole will be rewarded.",
    "Someone will open a can for you today.",
    "A new feather awaits the bold hunter.",
    "Knock one thing off the table: it is good luck.",
    "The warm laptop keyboard welcomes you.",
    "A long nap will bring clarity.",
    "Your purr will heal a human heart today.",
    "The string you chase is chasing you too.",
    "Trust your whiskers; they know the way.",
    "A crinkle ball rolls toward your destiny.",
    "Fortune favours the cat who sits in the sink.",
    "Today the vacuum cleaner sleeps.",
    "An extra treat is hidden where you least expect it.",
    "Your best leap is still ahead of you.",
    "A tunnel leads to adventure; enter it.",
)

_RU = (
    "В ближайшем будущем вас ждёт солнечный подоконник.",
    "Красная точка наконец станет вашей.",
    "Неожиданная коробка принесёт большую радость.",
    "Терпение у мышиной норки будет вознаграждено.",
    "Сегодня кто-то откроет для вас баночку.",
    "Смелого охотника ждёт новое пёрышко.",
    "Уроните что-нибудь со стола: это к удаче.",
    "Тёплая клавиатура ноутбука ждёт вас.",
    "Долгий сон принесёт ясность.",
    "Ваше мурлыканье сегодня исцелит человеческое сердце.",
    "Верёвочка, за которой вы гонитесь, гонится за вами.",
    "Доверьтесь усам: они знают дорогу.",
    "Шуршащий мячик катится навстречу судьбе.",
    "Удача любит кота, который сидит в раковине.",
    "Сегодня пылесос спит.",
    "Лишнее лакомство спрятано там, где вы не ждёте.",
    "Ваш лучший прыжок ещё впереди.",
    "Туннель ведёт к приключению: войдите в него.",
)

FORTUNES: tuple[Fortune, ...] = (
    *(Fortune(f"en-{i:02d}", text, "en") for i, text in enumerate(_EN, 1)),
    *(Fortune(f"ru-{i:02d}", text, "ru") for i, text in enumerate(_RU, 1)),
)


def fortune_for(order_id: str, locale: str | None = None) -> Fortune:
    """The order's cookie: the same order always gets the same one (a repeated answer is a true duplicate).

    In the order's locale when it has one we speak; otherwise either language.
    """
    pool = [f for f in FORTUNES if f.locale == locale] or list(FORTUNES)
    return pool[int(hashlib.sha256(order_id.encode()).hexdigest(), 16) % len(pool)]
