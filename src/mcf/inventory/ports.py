"""What the inventory core needs from the outside world."""
from __future__ import annotations

from datetime import datetime
from typing import Protocol

from mcf.inventory.domain import FortuneIssued, Kit, KitItem, Missing, PickupPoint, StockLevel, Toy
from mcf.kit.uow import Outbox


class Catalogue(Protocol):
    def pickup_points(self) -> list[PickupPoint]:
        """Every pick-up point, by name."""

    def pickup_point(self, pickup_point_id: str) -> PickupPoint | None: ...

    def pickup_point_for(self, city: str, district: str) -> PickupPoint | None:
        """The point serving an address: same district, else same city, else the central one; None if none."""

    def toys(self, category: str | None = None) -> list[Toy]: ...

    def toy(self, toy_id: str) -> Toy | None: ...

    def recipe(self, toy_category: str) -> tuple[KitItem, ...]:
        """The toys (and how many of each) a kit of that category holds; empty if the category has none."""


class Stock(Protocol):
    def reserve(self, pickup_point_id: str, items: tuple[KitItem, ...]) -> tuple[Missing, ...]:
        """Take every item from the point's stock, all or nothing; returns what is missing (empty: reserved).

        Never takes more than is available, however many reservations run at once.
        """

    def release(self, pickup_point_id: str, items: tuple[KitItem, ...]) -> None:
        """Put reserved items back."""

    def restock(self, pickup_point_id: str, toy_id: str, quantity: int) -> StockLevel:
        """Add ``quantity`` available units (creating the stock row if needed)."""

    def levels(self, pickup_point_id: str | None) -> list[StockLevel]: ...


class Kits(Protocol):
    def add_if_new(self, kit: Kit) -> bool:
        """Store a new kit; False (nothing changed) if the order already has one. Its events go out on commit."""

    def get(self, order_id: str) -> Kit | None: ...

    def get_for_update(self, order_id: str) -> Kit | None:
        """The kit, locked until the unit of work ends, or None."""

    def save(self, kit: Kit) -> None:
        """Write back a kit read in this unit of work if its version is still the one read (else
        ConcurrentUpdate); its events go out when the unit of work commits."""

    def overdue(self, now: datetime, limit: int) -> list[str]:
        """Order ids of kits still awaiting a cookie whose deadline has passed (rows others hold skipped)."""

    def stale_pending(self, created_before: datetime, limit: int) -> list[str]:
        """Order ids of kits still pending since before the moment."""


class Fortunes(Protocol):
    def add_if_new(self, fortune: FortuneIssued, received_at: datetime) -> bool:
        """Keep the first cookie for an order; False if one was kept already."""

    def get(self, order_id: str) -> FortuneIssued | None: ...


class UnitOfWork(Protocol):
    catalogue: Catalogue
    stock: Stock
    kits: Kits
    fortunes: Fortunes
    outbox: Outbox

    def __enter__(self) -> "UnitOfWork": ...

    def __exit__(self, *exc) -> bool | None:
        """Commit when the block ends cleanly; roll back on an exception."""


class KitJobs(Protocol):
    """Background work on the service's own dramatiq queue."""

    def prepare(self, order_id: str) -> None: ...

    def attach_fortune(self, fortune: FortuneIssued) -> None: ...

    def complete_at(self, order_id: str, deadline: datetime) -> None:
        """Run the completion step for the order no earlier than ``deadline``."""
