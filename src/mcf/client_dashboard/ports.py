"""What client-dashboard's core needs from the outside world."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Mapping, Protocol

from mcf.client_dashboard.domain import Cat, Client, PaymentAttempt
from mcf.kit.values import FileContent


class ClientRepository(Protocol):
    def add(self, client: Client) -> None:
        """Store a new client; raises EmailTaken when the e-mail (case-insensitively) is someone's already."""

    def get(self, client_id: str) -> Client | None: ...

    def by_email(self, email: str) -> Client | None:
        """The client with this e-mail, compared case-insensitively, or None."""

    def set_password_hash(self, client_id: str, password_hash: str) -> None: ...


class CatRepository(Protocol):
    def add(self, cat: Cat) -> None: ...

    def get(self, cat_id: str) -> Cat | None:
        """The cat, whoever owns it, or None: the core checks ownership."""

    def for_client(self, client_id: str) -> list[Cat]:
        """The client's cats, oldest first."""

    def update(self, cat: Cat) -> None: ...

    def delete(self, cat_id: str) -> None: ...


class PaymentAttemptRepository(Protocol):
    def get(self, client_id: str, idempotency_key: str) -> PaymentAttempt | None: ...

    def add(self, attempt: PaymentAttempt) -> None:
        """Remember the attempt; a concurrent twin with the same key is silently kept as it is."""


class UnitOfWork(Protocol):
    clients: ClientRepository
    cats: CatRepository
    payment_attempts: PaymentAttemptRepository

    def __enter__(self) -> "UnitOfWork": ...

    def __exit__(self, *exc) -> bool | None:
        """Commit when the block ends cleanly; roll back on an exception."""


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str | None, password: str) -> bool:
        """Whether the password matches. ``None`` (no such account) costs the same time and returns False."""

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with other parameters than today's."""


class TokenIssuer(Protocol):
    def issue(self, client_id: str) -> str:
        """A bearer token with role ``client`` for this client."""


@dataclass(frozen=True)
class OrderRequest:
    """What order-service's ``POST /orders`` needs. The client goes as the token's verified claim; the client's
    e-mail, locale and the cat's name, facts we own, go signed beside it (ADR 0184), so order-service need not
    call us back while our thread waits for it."""

    client_id: str
    cat_id: str
    toy_category: str
    slot_start: datetime
    duration_minutes: int
    address: Mapping
    idempotency_key: str | None = None  # one per client action (ADR 0061): a retried placement places once
    client_email: str = ""
    locale: str = ""
    cat_name: str = ""


@dataclass(frozen=True)
class PaymentRequest:
    order_id: str
    client_id: str  # goes as the token's verified claim, not in the body
    amount_minor: int  # the price the client was shown: payment-service refuses to charge if the order's differs
    currency: str
    card_number: str


@dataclass(frozen=True)
class PaymentResult:
    payment: dict
    replayed: bool  # payment-service had seen the key: this is the earlier payment, nothing charged again


class OrderGateway(Protocol):
    """order-service. Orders are its JSON documents (dicts); NotFound/Conflict/InvalidInput pass through,
    an unreachable or failing order-service raises Unavailable."""

    def place(self, request: OrderRequest) -> dict: ...

    def get(self, order_id: str) -> dict | None: ...

    def for_client(self, client_id: str) -> list[dict]: ...

    def cancel(self, order_id: str, client_id: str, idempotency_key: str | None = None) -> dict:
        """Cancel on the client's behalf (order-service records the client as the one who cancelled); a retry
        with the same key gets the first cancellation's answer."""


class PaymentGateway(Protocol):
    """payment-service; errors as for OrderGateway."""

    def pay(self, request: PaymentRequest, idempotency_key: str) -> PaymentResult: ...

    def get(self, payment_id: str) -> dict | None: ...

    def for_order(self, order_id: str) -> list[dict]: ...


class ReportGateway(Protocol):
    """order-report, acting for the client: it shows a client the check-in, report and photos of that client's own
    orders only (ADR 0082), and answers anything else as missing. Errors as for OrderGateway."""

    def record_of(self, client_id: str, order_id: str) -> dict | None:
        """The order's record {order_id, client_id, check_in, report (null until filed)}; None when there is
        none (no check-in yet) or it is not the client's to see."""

    def photo(self, client_id: str, photo_id: str, thumbnail: bool = False) -> FileContent | None:
        """A photo of one of the client's orders (or its thumbnail); None when missing or not the client's."""
