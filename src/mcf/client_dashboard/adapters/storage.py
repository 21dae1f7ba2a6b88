"""Clients, cats and payment attempts in PostgreSQL through peewee; rows convert to and from domain objects.

The models name no database: each repository binds them to the service database it is given (``db.bound``),
as order and inventory do (ADR 0001).

A client's personal data (e-mail, display name) is encrypted field by field with the kit's cipher
(``mcf.kit.crypto``, client-dashboard's own keys): ``<field>_enc`` (bytea: nonce || AES-GCM ciphertext and tag) and
``<field>_key`` (the key's id); ``email_index`` is the keyed blind index (HMAC-SHA256) that login and the
uniqueness go through. The plaintext columns of migration 0001 are NULL once ``seal_plaintext`` has run (the
composition root runs it after the migrations). docs/adr/0121-clients-personal-data-encrypted-too.md.
"""
from __future__ import annotations

import uuid

import peewee
from playhouse.postgres_ext import ArrayField

from mcf.client_dashboard.domain import TOY_CATEGORIES, Cat, Client, EmailTaken, PaymentAttempt, normalise_email
from mcf.kit.crypto import FieldCipher
from mcf.kit.db import Migration, PeeweeUnitOfWork, bound
from mcf.kit.encrypted_columns import EncryptedColumns
from mcf.kit.login_throttle import THROTTLE_MIGRATION

_TOYS = ", ".join(f"'{toy}'" for toy in TOY_CATEGORIES)

MIGRATIONS = (
    THROTTLE_MIGRATION,
    Migration("client-dashboard:0001_clients_and_cats", f"""
        CREATE TABLE clients (
            id uuid PRIMARY KEY,
            email text NOT NULL,
            password_hash text NOT NULL,
            display_name text NOT NULL,
            locale text NOT NULL CHECK (locale IN ('en', 'ru')),
            created_at timestamptz NOT NULL
        );
        CREATE UNIQUE INDEX clients_email_ci ON clients (lower(email));
        CREATE TABLE cats (
            id uuid PRIMARY KEY,
            client_id uuid NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
            name text NOT NULL,
            age_years integer NOT NULL CHECK (age_years BETWEEN 0 AND 30),
            favourite_toys text[] NOT NULL DEFAULT '{{}}' CHECK (favourite_toys <@ ARRAY[{_TOYS}]::text[]),
            notes text,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE INDEX cats_client ON cats (client_id, created_at);
        CREATE TABLE payment_attempts (
            client_id uuid NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
            idempotency_key text NOT NULL,
            order_id uuid NOT NULL,
            payment_id uuid NOT NULL,
            created_at timestamptz NOT NULL,
            PRIMARY KEY (client_id, idempotency_key)
        );
    """),
    # Personal data encrypted (ADR 0121): the new columns, and the plaintext ones nullable so ``seal_plaintext``
    # can empty them (SQL cannot encrypt: the key is the service's, never in a statement).
    Migration("client-dashboard:0002_personal_data_encrypted", """
        ALTER TABLE clients
            ADD COLUMN email_enc bytea, ADD COLUMN email_key text,
            ADD COLUMN display_name_enc bytea, ADD COLUMN display_name_key text,
            ADD COLUMN email_index bytea UNIQUE,
            ALTER COLUMN email DROP NOT NULL, ALTER COLUMN display_name DROP NOT NULL,
            ADD CONSTRAINT clients_email_sealed CHECK ((email_enc IS NULL) = (email_key IS NULL)),
            ADD CONSTRAINT clients_display_name_sealed
                CHECK ((display_name_enc IS NULL) = (display_name_key IS NULL));
    """),
    # payment attempts are swept past the idempotency retention (ADR 0181) by age, as order's keys (ADR 0146).
    Migration("client-dashboard:0003_payment_attempts_created_at", """
        CREATE INDEX payment_attempts_created_at ON payment_attempts (created_at);
    """),
)

ENCRYPTED_FIELDS = ("email", "display_name")


class ClientRow(peewee.Model):
    id = peewee.UUIDField(primary_key=True)
    email = peewee.TextField(null=True)  # plaintext of migration 0001: NULL once sealed
    email_enc = peewee.BlobField(null=True)
    email_key = peewee.TextField(null=True)
    email_index = peewee.BlobField(null=True)
    password_hash = peewee.TextField()
    display_name = peewee.TextField(null=True)  # plaintext of migration 0001: NULL once sealed
    display_name_enc = peewee.BlobField(null=True)
    display_name_key = peewee.TextField(null=True)
    locale = peewee.TextField()
    created_at = peewee.DateTimeField()

    class Meta:
        table_name = "clients"  # no database: bound per service database (db.bound)


class CatRow(peewee.Model):
    id = peewee.UUIDField(primary_key=True)
    client_id = peewee.UUIDField()
    name = peewee.TextField()
    age_years = peewee.IntegerField()
    favourite_toys = ArrayField(peewee.TextField)
    notes = peewee.TextField(null=True)
    created_at = peewee.DateTimeField()
    updated_at = peewee.DateTimeField()

    class Meta:
        table_name = "cats"


class PaymentAttemptRow(peewee.Model):
    client_id = peewee.UUIDField()
    idempotency_key = peewee.TextField()
    order_id = peewee.UUIDField()
    payment_id = peewee.UUIDField()
    created_at = peewee.DateTimeField()

    class Meta:
        table_name = "payment_attempts"
        primary_key = peewee.CompositeKey("client_id", "idempotency_key")


def email_index(cipher: FieldCipher, email: str) -> bytes:
    return cipher.blind_index("email", normalise_email(email))


# The kit's encrypted columns (owner: the client's id); the blind index is derived from the plain e-mail.
PERSONAL = EncryptedColumns(ENCRYPTED_FIELDS,
                            derived=lambda cipher, plain: {"email_index": email_index(cipher, plain["email"])})


def encrypted_values(cipher: FieldCipher, client_id: str, email: str, display_name: str) -> dict:
    """The encrypted columns and the blind index of a client's personal data (the plaintext columns NULL)."""
    return PERSONAL.values(cipher, client_id, {"email": email, "display_name": display_name})


def _client(cipher: FieldCipher, row: ClientRow) -> Client:
    plain = PERSONAL.plain(cipher, row)
    return Client(id=str(row.id), email=plain["email"], password_hash=row.password_hash,
                  display_name=plain["display_name"], locale=row.locale, created_at=row.created_at)


def _cat(row: CatRow) -> Cat:
    return Cat(id=str(row.id), client_id=str(row.client_id), name=row.name, age_years=row.age_years,
               favourite_toys=tuple(row.favourite_toys or ()), notes=row.notes, created_at=row.created_at,
               updated_at=row.updated_at)


def _cat_row(cat: Cat) -> dict:
    return dict(id=cat.id, client_id=cat.client_id, name=cat.name, age_years=cat.age_years,
                favourite_toys=list(cat.favourite_toys), notes=cat.notes, created_at=cat.created_at,
                updated_at=cat.updated_at)


class PeeweeClientRepository:
    """Encrypts in ``add`` and decrypts in ``_client``; nothing outside it sees ciphertext."""

    def __init__(self, database: peewee.Database, cipher: FieldCipher):
        self.database = database
        self.cipher = cipher
        self.rows = bound(ClientRow, database)

    def add(self, client: Client) -> None:
        try:
            with self.database.atomic():  # a savepoint: the caller's transaction survives the violation
                self.rows.insert(id=client.id, password_hash=client.password_hash, locale=client.locale,
                                 created_at=client.created_at,
                                 **encrypted_values(self.cipher, client.id, client.email,
                                                    client.display_name)).execute()
        except peewee.IntegrityError as exc:
            raise EmailTaken("an account with this e-mail exists already", field="email") from exc

    def get(self, client_id: str) -> Client | None:
        if _uuid_or_none(client_id) is None:
            return None
        row = self.rows.get_or_none(self.rows.id == client_id)
        return _client(self.cipher, row) if row else None

    def by_email(self, email: str) -> Client | None:
        """One equality probe on the blind index (or, for a row not sealed yet, on the old plaintext index)."""
        rows = self.rows
        row = rows.get_or_none((rows.email_index == email_index(self.cipher, email))
                               | (peewee.fn.lower(rows.email) == normalise_email(email)))
        return _client(self.cipher, row) if row else None

    def set_password_hash(self, client_id: str, password_hash: str) -> None:
        self.rows.update(password_hash=password_hash).where(self.rows.id == client_id).execute()


class PeeweeCatRepository:
    def __init__(self, database: peewee.Database):
        self.rows = bound(CatRow, database)

    def add(self, cat: Cat) -> None:
        self.rows.insert(**_cat_row(cat)).execute()

    def get(self, cat_id: str) -> Cat | None:
        if _uuid_or_none(cat_id) is None:
            return None
        row = self.rows.get_or_none(self.rows.id == cat_id)
        return _cat(row) if row else None

    def for_client(self, client_id: str) -> list[Cat]:
        rows = self.rows
        query = rows.select().where(rows.client_id == client_id).order_by(rows.created_at, rows.id)
        return [_cat(row) for row in query]

    def update(self, cat: Cat) -> None:
        row = _cat_row(cat)
        self.rows.update({key: row[key] for key in ("name", "age_years", "favourite_toys", "notes", "updated_at")}) \
            .where(self.rows.id == cat.id).execute()

    def delete(self, cat_id: str) -> None:
        self.rows.delete().where(self.rows.id == cat_id).execute()


class PeeweePaymentAttemptRepository:
    def __init__(self, database: peewee.Database):
        self.rows = bound(PaymentAttemptRow, database)

    def get(self, client_id: str, idempotency_key: str) -> PaymentAttempt | None:
        row = self.rows.get_or_none((self.rows.client_id == client_id)
                                    & (self.rows.idempotency_key == idempotency_key))
        if row is None:
            return None
        return PaymentAttempt(client_id=str(row.client_id), idempotency_key=row.idempotency_key,
                              order_id=str(row.order_id), payment_id=str(row.payment_id), created_at=row.created_at)

    def add(self, attempt: PaymentAttempt) -> None:
        self.rows.insert(client_id=attempt.client_id, idempotency_key=attempt.idempotency_key,
                         order_id=attempt.order_id, payment_id=attempt.payment_id,
                         created_at=attempt.created_at).on_conflict_ignore().execute()


def seal_plaintext(database: peewee.Database, cipher: FieldCipher, batch: int = 200) -> int:
    """Encrypt the rows still holding plaintext personal data (written before migration 0002) and empty their
    plaintext columns; with a new active key, re-encrypt and re-index every row (key rotation; a new index key is
    set together with a new active key). The kit's pass (``EncryptedColumns.seal``): rerun-safe, every process
    may run it at start. Returns how many rows it rewrote."""
    return PERSONAL.seal(database, ClientRow, cipher, batch)


class ClientDashboardUnitOfWork(PeeweeUnitOfWork):
    def __init__(self, database: peewee.Database, cipher: FieldCipher):
        super().__init__(database)
        self.clients = PeeweeClientRepository(database, cipher)
        self.cats = PeeweeCatRepository(database)
        self.payment_attempts = PeeweePaymentAttemptRepository(database)


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
