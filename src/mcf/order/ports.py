"""What the order core needs from the outside world."""
from __future__ import annotations

from typing import Protocol

from mcf.kit.events import Event
from mcf.order.domain import Order


class OrderRepository(Protocol):
    def add(self, order: Order) -> None:
        """Store a new order."""

    def get(self, order_id: str) -> Order | None:
        """The order, or None."""


class Outbox(Protocol):
    def add(self, event: Event) -> None:
        """Queue an event for publishing; commits (or not) with the unit of work."""


class UnitOfWork(Protocol):
    orders: OrderRepository
    outbox: Outbox

    def __enter__(self) -> "UnitOfWork": ...

    def __exit__(self, *exc) -> bool | None:
        """Commit when the block ends cleanly; roll back on an exception."""

