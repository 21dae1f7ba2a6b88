"""The starting catalogue: pick-up points in Moscow districts, toys per category, and each category's kit.

Ids are UUIDv5 of the names, so every database (development, tests, compose) has the same ids; the migration
that loads them is idempotent (``ON CONFLICT DO NOTHING``).
"""
from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("6f1d3c52-7a1e-4b8e-9c0d-2f4a5b6c7d8e")
INITIAL_UNITS = 50


def _id(kind: str, name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{name}"))


# (name, city, district, address, central): the central point serves addresses no district point covers.
PICKUP_POINTS = (
    ("MCF Central", "Moscow", "Tverskoy", "Tverskaya st. 7", True),
    ("MCF Khamovniki", "Moscow", "Khamovniki", "Komsomolsky pr. 21", False),
    ("MCF Arbat", "Moscow", "Arbat", "Arbat st. 35", False),
    ("MCF Basmanny", "Moscow", "Basmanny", "Pokrovka st. 18", False),
    ("MCF Presnensky", "Moscow", "Presnensky", "Krasnaya Presnya st. 9", False),
    ("MCF Zamoskvorechye", "Moscow", "Zamoskvorechye", "Pyatnitskaya st. 40", False),
)

# category -> ((toy name, quantity in a kit), ...)
RECIPES = {
    "balls": (("Jingle ball", 2), ("Crinkle ball", 1)),
    "catnip": (("Catnip pillow", 1), ("Catnip banana", 1)),
    "feathers": (("Feather wand", 1), ("Feather refill", 2)),
    "laser": (("Laser pointer", 1), ("Batteries AAA", 2)),
    "mice": (("Clockwork mouse", 1), ("Plush mouse", 2)),
    "puzzles": (("Treat puzzle board", 1), ("Treat pouch", 1)),
    "tunnels": (("Crinkle tunnel", 1), ("Pom-pom set", 1)),
}


def pickup_point_id(name: str) -> str:
    return _id("pickup-point", name)


def toy_id(name: str) -> str:
    return _id("toy", name)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def seed_sql() -> str:
    points = ",\n".join(
        f"({_quote(pickup_point_id(name))}, {_quote(name)}, {_quote(city)}, {_quote(district)}, {_quote(address)}, "
        f"{'true' if central else 'false'})" for name, city, district, address, central in PICKUP_POINTS)
    toys = ",\n".join(f"({_quote(toy_id(name))}, {_quote(name)}, {_quote(category)})"
                      for category, items in RECIPES.items() for name, _ in items)
    recipes = ",\n".join(f"({_quote(category)}, {_quote(toy_id(name))}, {quantity})"
                         for category, items in RECIPES.items() for name, quantity in items)
    return f"""
        INSERT INTO pickup_points (id, name, city, district, address, central) VALUES {points}
            ON CONFLICT DO NOTHING;
        INSERT INTO toys (id, name, category) VALUES {toys} ON CONFLICT DO NOTHING;
        INSERT INTO kit_recipes (toy_category, toy_id, quantity) VALUES {recipes} ON CONFLICT DO NOTHING;
        INSERT INTO stock (pickup_point_id, toy_id, available, reserved)
            SELECT p.id, t.id, {INITIAL_UNITS}, 0 FROM pickup_points p CROSS JOIN toys t ON CONFLICT DO NOTHING;
    """
