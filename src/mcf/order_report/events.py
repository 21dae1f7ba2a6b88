"""Domain events of order-report mapped to the integration events of contracts/asyncapi/mcf.yaml. Pure."""
from __future__ import annotations

from mcf.kit.events import Event, mapped
from mcf.kit.values import iso_utc
from mcf.order_report.domain import WorkerCheckedIn, WorkerFiledReport

SOURCE = "/mcf/order-report"


def _checked_in(event: WorkerCheckedIn) -> list[Event]:
    return [Event(type="report.checked_in", source=SOURCE, subject=event.order_id, id=event.event_id,
                  data={"order_id": event.order_id, "worker_id": event.worker_id,
                        "checked_in_at": iso_utc(event.checked_in_at)})]


def _filed(event: WorkerFiledReport) -> list[Event]:
    return [Event(type="report.filed", source=SOURCE, subject=event.order_id, id=event.event_id,
                  data={"order_id": event.order_id, "worker_id": event.worker_id, "report_id": event.report_id,
                        "filed_at": iso_utc(event.filed_at)})]


_MAPPING = {WorkerCheckedIn: _checked_in, WorkerFiledReport: _filed}


def integration_events(domain_event) -> list[Event]:
    """Exhaustive: a domain event without a mapping is a TypeError. Each integration event's id is its domain
    event's, so the same stored document always publishes the same id."""
    return mapped(_MAPPING, domain_event, "order-report")
