"""One JSON object a line, for our own logs and for the libraries' (gunicorn, pika, dramatiq) alike."""
from __future__ import annotations

import logging
import sys

import structlog

from mcf.kit import tracing
from mcf.kit.correlation import current_correlation_id


def _add_correlation_id(_logger, _method, event_dict):
    correlation_id = current_correlation_id()
    if correlation_id and "correlation_id" not in event_dict:
        event_dict["correlation_id"] = correlation_id
    return event_dict


def _add_trace_ids(_logger, _method, event_dict):
    """The trace and span the line was written in, beside the correlation id (nothing when tracing is off)."""
    current = tracing.ids()
    if current is not None and "trace_id" not in event_dict:
        event_dict["trace_id"], event_dict["span_id"] = current
    return event_dict


def configure(service: str, level: str = "INFO") -> None:
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_correlation_id,
        _add_trace_ids,
        lambda _l, _m, event: {**event, "service": service},
    ]
    structlog.configure(
        # filter_by_level first: a call below the level (the per-request "request" line at WARNING) returns at
        # once instead of running every processor (timestamp, context) for a line nobody writes.
        processors=[structlog.stdlib.filter_by_level, *shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info,
                    structlog.processors.JSONRenderer(ensure_ascii=False)],
    ))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # pika narrates every frame at INFO; its warnings are what matter.
    logging.getLogger("pika").setLevel(logging.WARNING)


def get_logger(name: str):
    return structlog.get_logger(name)
