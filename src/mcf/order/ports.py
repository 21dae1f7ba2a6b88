"""What the order core needs from the outside world."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from mcf.kit.errors import Unavailable
from mcf.kit.uow import Outbox
from mcf.order.domain import Candidate, Order


class OrderRepository(Protocol):
    def add(self, order: Order) -> None:
        """Store a new order; its events go out when the unit of work commits."""

    def get(self, order_id: str) -> Order | None:
        """The order, or None (a malformed id is None too)."""

    def save(self, order: Order) -> None:
        """Write back a changed order read in this unit of work, only if its stored version is still the one it
        was read at; otherwise raise ``ConcurrentUpdate`` and write nothing (optimistic concurrency). Its events
        go out when the unit of work commits."""

    def claim_offers_due(self, now: datetime, limit: int) -> list[Order]:
        """Locked orders whose offer has lapsed or that need a worker and have no offer out, skipping rows
        other transactions hold (``FOR UPDATE SKIP LOCKED``); the locks last until the unit of work ends."""

    def claim_unpaid_before(self, placed_before: datetime, limit: int) -> list[Order]:
        """Locked ``placed`` orders created before the moment, skipping rows others hold."""


class AnomalyLog(Protocol):
    def record(self, order_id: str, event_id: str, event_type: str, status: str, detail: str) -> None:
        """Keep an event that made no sense for the order's state (acked, not retried), for people to look at."""


@dataclass(frozen=True)
class StoredCommand:
    """A command done under an Idempotency-Key: what its request looked like, and the response it got."""

    fingerprint: str
    response: dict[str, Any] | None  # None only inside the transaction that claimed the key


class IdempotencyKeys(Protocol):
    """Idempotency-Keys of people's commands, per acting principal, in the same transaction as the command."""

    def find(self, principal: str, key: str) -> StoredCommand | None:
        """The command done under the key, if one committed (no lock)."""

    def claim(self, principal: str, key: str, fingerprint: str) -> StoredCommand | None:
        """Take the key for this transaction (None), or return the command that holds it. A concurrent claim of
        the same key waits until the holder's transaction ends: committed, it is returned; rolled back, the
        waiting claim takes the key."""

    def complete(self, principal: str, key: str, response: dict[str, Any]) -> None:
        """Store the response of the command that claimed the key in this transaction."""


class UnitOfWork(Protocol):
    orders: OrderRepository
    outbox: Outbox
    anomalies: AnomalyLog
    idempotency: IdempotencyKeys

    def __enter__(self) -> "UnitOfWork": ...

    def __exit__(self, *exc) -> bool | None:
        """Commit when the block ends cleanly, the saved orders' events written to the outbox first; roll back
        (change and events) on an exception."""


@dataclass(frozen=True)
class ClientFacts:
    """What client-dashboard (the owner of clients and cats) says about a client and one of its cats."""

    client_id: str
    email: str
    locale: str
    cat_id: str
    cat_name: str


# client-dashboard may send these facts signed with the order (ADR 0184): the kind and issuer order accepts.
CLIENT_FACTS_ASSERTION = "client-facts"
CLIENT_FACTS_OWNER = "client-dashboard"


class ClientDirectoryUnavailable(Unavailable):
    """client-dashboard did not answer in time, or answered with something unusable."""


class ClientDirectory(Protocol):
    """client-dashboard, the owner of clients and their cats (docs/architecture.md, "Trust boundaries")."""

    def client_cat(self, client_id: str, cat_id: str) -> ClientFacts | None:
        """The client's e-mail and locale and the cat's name; None when the cat is not this client's (or either
        does not exist). Raises ClientDirectoryUnavailable."""


class MatchingUnavailable(Unavailable):
    """matching-service did not answer in time, or answered with something unusable."""


@dataclass(frozen=True)
class MatchRequest:
    order_id: str
    client_id: str
    toy_category: str
    slot_start: datetime
    duration_minutes: int
    city: str
    district: str
    exclude_worker_ids: tuple[str, ...] = ()
    limit: int = 5


class MatchingGateway(Protocol):
    def find_candidates(self, request: MatchRequest) -> list[Candidate]:
        """Candidates for the order, best first (empty when nobody fits); raises MatchingUnavailable."""


@dataclass(frozen=True)
class LiveOrderQuery:
    client_id: str | None = None
    worker_id: str | None = None    # the worker's offers and assignments
    statuses: tuple[str, ...] = ()
    current_only: bool = False
    limit: int = 50
    after: tuple[datetime, str] | None = None  # keyset: (slot_start, order_id) of the last row seen


@dataclass(frozen=True)
class LiveOrder:
    """A row of the live-orders read model (what listings show)."""

    order_id: str
    version: int
    status: str
    client_id: str
    worker_id: str | None
    offered_worker_id: str | None
    offer_expires_at: datetime | None
    toy_category: str
    slot_start: datetime
    slot_end: datetime
    city: str
    district: str
    price: dict[str, Any] | None
    paid: bool
    kit_ready: bool
    placed_at: datetime
    updated_at: datetime


class LiveOrders(Protocol):
    """The live-orders read model (ClickHouse): fed from order events, eventually consistent with PostgreSQL."""

    def upsert(self, row: LiveOrder) -> None:
        """Append a version of the row; the highest ``version`` per order wins."""

    def list(self, query: LiveOrderQuery) -> list[LiveOrder]:
        """The newest version of each matching order, newest slot first."""
