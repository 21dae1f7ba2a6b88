"""The reference fur-tune partner's composition root: ``mcf serve fur-tune workers`` runs ``workers``.

It connects only with ``settings.partner_amqp_url`` (the partner's own RabbitMQ user). Behaviour from the
environment: ``MCF_FURTUNE_DELAY_SECONDS`` (default 1) before each answer, ``MCF_FURTUNE_SILENT`` (1/true/yes)
to answer nothing, so the house-fortune timeout path can be seen.
"""
from __future__ import annotations

import os

from mcf.fur_tune.partner import FortunePartner, PartnerOptions
from mcf.kit.config import Settings

SERVICE = "fur-tune"


def options_from_env() -> PartnerOptions:
    raw = os.environ.get("MCF_FURTUNE_DELAY_SECONDS", "1")
    try:
        delay = float(raw)
    except ValueError:
        raise ValueError(f"MCF_FURTUNE_DELAY_SECONDS must be a number, got {raw!r}") from None
    if delay < 0:
        raise ValueError("MCF_FURTUNE_DELAY_SECONDS must not be negative")
    silent = os.environ.get("MCF_FURTUNE_SILENT", "").strip().lower() in ("1", "true", "yes", "on")
    return PartnerOptions(delay_seconds=delay, silent=silent)


def workers(settings: Settings | None = None, options: PartnerOptions | None = None) -> list[FortunePartner]:
    settings = settings or Settings.from_env()
    return [FortunePartner(settings.partner_amqp_url, options or options_from_env())]
