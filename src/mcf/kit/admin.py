"""The managers' panels (Flask-Admin 2): staff accounts, login and logout, a signed session cookie, CSRF on every
form, and the access mixin every view must carry (the index included: Flask-Admin checks nothing by itself).

A service with a panel keeps its staff in a ``staff`` table of its own database (ADR 0075); ``install`` mounts
the panel on the service's Flask app beside its REST API, which keeps using bearer tokens and no CSRF.
"""
from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Iterable

import peewee
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Blueprint, Flask, abort, flash, g, redirect, request, session, url_for
from flask_admin import Admin, AdminIndexView, BaseView, expose
from flask_admin.theme import Bootstrap4Theme
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from mcf.kit.db import Migration
from mcf.kit.logging import get_logger
from mcf.kit.login_throttle import LoginThrottle, TooManyAttempts

log = get_logger(__name__)

STAFF_MIGRATION = Migration("kit-admin:0001_staff", """
    CREATE TABLE staff (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL DEFAULT 'manager' CHECK (role IN ('manager')),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX staff_email_ci ON staff (lower(email));
""")
SESSION_KEY = "mcf_staff_id"
LOGIN_ENDPOINT = "staff_login"
MIN_PASSWORD = 10
SESSION_HOURS = 8
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
TEMPLATES = Path(__file__).resolve().parent / "admin_templates"


@dataclass(frozen=True)
class StaffMember:
    id: str
    email: str
    role: str


class StaffExists(ValueError):
    pass


class StaffAccounts:
    """Staff accounts in the service's own database; passwords as argon2id hashes."""

    def __init__(self, database: peewee.Database, hasher: PasswordHasher | None = None):
        self.database = database
        self._argon2 = hasher or PasswordHasher()
        self._decoy: str | None = None

    def add(self, email: str, password: str, role: str = "manager") -> StaffMember:
        email = email.strip()
        if "@" not in email:
            raise ValueError("an e-mail address is required")
        if len(password) < MIN_PASSWORD:
            raise ValueError(f"a staff password has at least {MIN_PASSWORD} characters")
        member = StaffMember(str(uuid.uuid4()), email, role)
        with self.database.connection_context(), self.database.atomic():
            cursor = self.database.execute_sql(
                "INSERT INTO staff (id, email, password_hash, role) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT DO NOTHING RETURNING id", (member.id, email, self._argon2.hash(password), role))
            if cursor.fetchone() is None:
                raise StaffExists(f"a staff account {email} exists already")
        return member

    def ensure(self, email: str, password: str) -> bool:
        """Add the account unless one with that e-mail exists (for fixtures); True if added."""
        try:
            self.add(email, password)
            return True
        except StaffExists:
            return False

    def authenticate(self, email: str, password: str) -> StaffMember | None:
        row = self.database.execute_sql(
            "SELECT id, email, role, password_hash FROM staff WHERE lower(email) = lower(%s) AND active",
            (email.strip(),)).fetchone()
        if self._decoy is None:
            self._decoy = self._argon2.hash("decoy password, never anyone's")
        try:
            # An unknown e-mail costs one verification too, so the answer's timing tells nothing.
            ok = self._argon2.verify(row[3] if row else self._decoy, password) and row is not None
        except (VerificationError, InvalidHashError):
            ok = False
        return StaffMember(str(row[0]), row[1], row[2]) if ok else None

    def get(self, staff_id: str) -> StaffMember | None:
        try:
            uuid.UUID(str(staff_id))
        except ValueError:
            return None
        row = self.database.execute_sql("SELECT id, email, role FROM staff WHERE id = %s AND active",
                                        (staff_id,)).fetchone()
        return StaffMember(str(row[0]), row[1], row[2]) if row else None


def current_staff() -> StaffMember | None:
    """The signed-in, still active staff member of this request (looked up once per request), or None."""
    if "mcf_staff" not in g:
        staff_id = session.get(SESSION_KEY)
        g.mcf_staff = _panel().accounts.get(staff_id) if staff_id else None
    return g.mcf_staff


class StaffOnly:
    """Mix into every panel view: a visitor who is not a signed-in manager is sent to the login page
    (a non-GET gets 403), and sees no menu entry."""

    def is_accessible(self) -> bool:
        staff = current_staff()
        return staff is not None and staff.role == "manager"

    def inaccessible_callback(self, name, **kwargs):
        if request.method != "GET":
            abort(403)
        return redirect(url_for(f"{LOGIN_ENDPOINT}.index", next=request.full_path))


class StaffIndexView(StaffOnly, AdminIndexView):
    pass


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=320)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])


class StaffLoginView(BaseView):
    """``/admin/login`` (GET form, POST credentials) and ``/admin/login/logout`` (POST, CSRF-checked)."""

    def is_visible(self) -> bool:
        return False

    @expose("/", methods=("GET", "POST"))
    def index(self):
        form = LoginForm()
        if form.validate_on_submit():
            throttle = _panel().throttle
            try:
                throttle.check(form.email.data)
            except TooManyAttempts as locked:
                log.info("staff sign-in refused: too many failed logins")
                flash(f"Too many failed logins; try again in {locked.retry_after_seconds} seconds.", "error")
                return (self.render("mcf_admin/login.html", form=form), 429,
                        {"Retry-After": str(locked.retry_after_seconds)})
            staff = _panel().accounts.authenticate(form.email.data, form.password.data)
            if staff is None:
                throttle.failed(form.email.data)
            else:
                throttle.succeeded(form.email.data)
            if staff is not None:
                session.clear()  # a fresh session at login: no fixation
                session[SESSION_KEY] = staff.id
                session.permanent = True
                log.info("staff signed in", staff_id=staff.id)
                return redirect(_safe_next(request.args.get("next")))
            log.info("staff sign-in refused")
            flash("Wrong e-mail or password.", "error")
            return self.render("mcf_admin/login.html", form=form), 401
        return self.render("mcf_admin/login.html", form=form)

    @expose("/logout", methods=("POST",))
    def logout(self):
        session.clear()
        return redirect(url_for(f"{LOGIN_ENDPOINT}.index"))


def _safe_next(target: str | None) -> str:
    """Only a path inside the panel: never an open redirect."""
    base = _panel().admin.url
    if target and target.startswith(base) and not target.startswith("//") and "\\" not in target:
        return target
    return base + "/"


@dataclass
class _Panel:
    admin: Admin
    accounts: StaffAccounts
    csrf: CSRFProtect
    throttle: LoginThrottle


def _panel() -> _Panel:
    from flask import current_app

    return current_app.extensions["mcf_admin"]


def session_secret(jwt_secret: str, service: str) -> bytes:
    """The panel's cookie-signing key, derived from the deployment's secret (one secret to rotate)."""
    return hmac.new(jwt_secret.encode(), f"mcf-admin-session:{service}".encode(), hashlib.sha256).digest()


def install(app: Flask, *, service: str, secret: str, database: peewee.Database, views: Iterable[BaseView],
            name: str | None = None, url: str = "/admin") -> Admin:
    """Mount a Flask-Admin panel at ``url``: the index, the login view and ``views`` (each must mix in
    ``StaffOnly``; this is checked), CSRF on every unsafe request under ``url``."""
    views = list(views)
    unguarded = [type(v).__name__ for v in views if not isinstance(v, StaffOnly)]
    if unguarded:
        raise TypeError(f"panel views without StaffOnly: {', '.join(unguarded)}")
    app.config.update(
        SECRET_KEY=session_secret(secret, service),
        SESSION_COOKIE_NAME=f"mcf_{service.replace('-', '_')}_admin",
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
        WTF_CSRF_CHECK_DEFAULT=False,  # the REST API uses bearer tokens; the panel is checked below
        WTF_CSRF_TIME_LIMIT=SESSION_HOURS * 3600,
    )
    csrf = CSRFProtect(app)

    @app.before_request
    def _panel_csrf():
        if request.method in _UNSAFE and (request.path == url or request.path.startswith(url + "/")):
            csrf.protect()

    app.register_blueprint(Blueprint("mcf_admin_templates", __name__, template_folder=str(TEMPLATES)))
    admin = Admin(app, name=name or f"MCF {service}", url=url, theme=Bootstrap4Theme(),
                  index_view=StaffIndexView(url=url))
    admin.add_view(StaffLoginView(name="Log in", endpoint=LOGIN_ENDPOINT, url="login"))
    for view in views:
        admin.add_view(view)
    # Failed logins per e-mail in the service's database, shared by its replicas (ADR 0120; the service's
    # migrations include THROTTLE_MIGRATION).
    app.extensions["mcf_admin"] = _Panel(admin, StaffAccounts(database), csrf,
                                         LoginThrottle(database, f"{service}:admin"))
    return admin
