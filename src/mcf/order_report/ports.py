"""The ports order-report's core needs; adapters implement them (Mongo/GridFS, Pillow, order-service over HTTP)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Protocol

from mcf.kit.errors import InvalidInput, Unavailable
from mcf.order_report.domain import CheckIn, OrderView, Photo, Report


class OrderServiceUnavailable(Unavailable):
    """order-service did not answer in time, or answered something unusable."""


class BadImage(InvalidInput):
    """Not a real JPEG, PNG or WebP, too large, or outside the allowed dimensions."""

    slug = "bad-image"


class Duplicate(Exception):
    """Another submission stored the document for this order first (the natural key is taken)."""


@dataclass(frozen=True)
class Upload:
    """A file as the caller sent it: its name (untrusted, only for messages) and its bytes."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class CleanImage:
    """An upload that passed the checks, re-encoded without its metadata (EXIF, GPS), and its thumbnail."""

    content_type: str
    data: bytes
    width: int
    height: int
    thumbnail: bytes
    thumbnail_content_type: str


@dataclass(frozen=True)
class PhotoOwner:
    """Whose photo it is: decides who may read it (the same readers as its check-in or report)."""

    order_id: str
    worker_id: str
    client_id: str
    kind: str  # check_in | report


@dataclass(frozen=True)
class StoredPhotoFile:
    owner: PhotoOwner
    content_type: str
    length: int
    chunks: Iterator[bytes]


class OrderGateway(Protocol):
    def get_order(self, order_id: str) -> OrderView | None:
        """The order as order-service has it now; None if it does not exist. Raises OrderServiceUnavailable."""


class ImageInspector(Protocol):
    def inspect(self, upload: Upload) -> CleanImage:
        """Check an upload by its bytes and strip its metadata. Raises BadImage."""


class PhotoStore(Protocol):
    def put(self, owner: PhotoOwner, image: CleanImage) -> Photo:
        """Store the photo and its thumbnail; returns the stored photo's reference."""

    def delete(self, photo_ids: list[str]) -> None:
        """Remove photos (and thumbnails) stored for a submission that turned out to be a duplicate."""

    def open(self, photo_id: str, thumbnail: bool = False) -> StoredPhotoFile | None:
        """A stored photo (or its thumbnail) with its owner; None if there is none."""


class CheckIns(Protocol):
    def get(self, order_id: str) -> CheckIn | None: ...

    def add(self, check_in: CheckIn) -> None:
        """Store the check-in with its events (atomically: both or neither). Raises Duplicate."""


class Reports(Protocol):
    def get(self, order_id: str) -> Report | None: ...

    def add(self, report: Report) -> None:
        """Store the report with its events (atomically: both or neither). Raises Duplicate."""
