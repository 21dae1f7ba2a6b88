"""Driving a Flask-Admin panel of the kit (mcf.kit.admin) over HTTP as a browser does: CSRF tokens from the page,
the login form."""
from __future__ import annotations

from mcf.stack.review import csrf_of

__all__ = ["csrf_of", "sign_in"]


def sign_in(client, email: str, password: str):
    """Post the login form of ``client`` (a Flask test client) with the page's CSRF token; the answer."""
    page = client.get("/admin/login/")
    return client.post("/admin/login/", data={"email": email, "password": password,
                                              "csrf_token": csrf_of(page.text)})
