"""Shared helpers for worker-profile's tests: a candidate's registration body and tokens for its audience."""
from __future__ import annotations

import uuid

from mcf.kit.auth import Principal, issue_token

ALWAYS = [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]


def registration(**changes) -> dict:
    """A valid ``POST /workers`` body with a unique e-mail, phone and document number."""
    tag = uuid.uuid4().hex[:10]
    digits = str(int(tag, 16))[-10:].rjust(10, "7")
    body = {"full_name": f"Vasilisa Kotova {tag}", "phone": f"+7{digits}", "email": f"vasilisa.{tag}@workers.example",
            "date_of_birth": "1994-05-17", "document_number": f"45 {digits[:2]} {digits[2:]}",
            "home_district": "Lefortovo", "password": "a long worker password", "locale": "en",
            "toy_categories": ["feathers", "laser"], "districts": ["Lefortovo"], "availability": ALWAYS}
    body.update(changes)
    return body


def bearer(secret: str, role: str, sub: str | None = None, audience="worker-profile",
           on_behalf_of: Principal | None = None) -> dict:
    token = issue_token(secret, sub or str(uuid.uuid4()), role, audience=audience, on_behalf_of=on_behalf_of)
    return {"Authorization": f"Bearer {token}"}
