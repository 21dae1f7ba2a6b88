"""Domain events of order-report mapped to the integration events of contracts/asyncapi/mcf.yaml. Pure."""
from __future__ import annotations

from mcf.kit.events import Event
from mcf.kit.values import iso_utc
from mcf.order_report.domain import WorkerCheckedIn, WorkerFiledReport

SOURCE = "/mcf/order-report"


def integration_event(event: WorkerCheckedIn | WorkerFiledReport) -> Event:
    """Each domain event has exactly one integration event (its id is the domain event's, so a replay of the
    same stored document publishes the same id)."""
    if isinstance(event, WorkerCheckedIn):
        return Event(type="report.checked_in", source=SOURCE, subject=event.order_id, id=event.event_id,
                     data={"order_id": event.order_id, "worker_id": event.worker_id,
                           "checked_in_at": iso_utc(event.checked_in_at)})
    if isinstance(event, WorkerFiledReport):
        return Event(type="report.filed", source=SOURCE, subject=event.order_id, id=event.event_id,
                     data={"order_id": event.order_id, "worker_id": event.worker_id, "report_id": event.report_id,
                           "filed_at": iso_utc(event.filed_at)})
    raise TypeError(f"no integration event for {type(event).__name__}")
