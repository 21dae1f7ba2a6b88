"""The pure mapping from quality's domain events to integration events (contracts/asyncapi/mcf.yaml)."""
from __future__ import annotations

from mcf.kit.events import Event, mapped
from mcf.kit.values import iso_utc
from mcf.quality.domain import ReviewFiled

SOURCE = "/mcf/quality"


def _reviewed(event: ReviewFiled) -> list[Event]:
    review = event.review
    # The comment stays in quality (free text a manager wrote); the facts others need travel.
    return [Event(type="quality.reviewed", source=SOURCE, subject=review.order_id, data={
        "review_id": review.id, "order_id": review.order_id, "worker_id": review.worker_id,
        "manager_id": review.manager_id, "score": review.score, "checklist": dict(review.checklist),
        "decision": review.decision.value, "rating_delta": review.rating_delta,
        "reviewed_at": iso_utc(review.filed_at)})]


_MAPPING = {ReviewFiled: _reviewed}


def integration_events(domain_event) -> list[Event]:
    """Exhaustive: a domain event without a mapping is a TypeError."""
    return mapped(_MAPPING, domain_event, "quality")
