"""The reference fur-tune partner's composition root: ``mcf serve fur-tune workers`` runs ``workers``.

It connects only with ``settings.partner_amqp_url`` (the partner's own RabbitMQ user). Behaviour from Settings:
``MCF_FURTUNE_DELAY_SECONDS`` (default 1) before each answer, ``MCF_FURTUNE_SILENT`` (1/true/yes) to answer
nothing, so the house-fortune timeout path can be seen.
"""
from __future__ import annotations

from mcf.fur_tune.partner import FortunePartner, PartnerOptions
from mcf.kit.config import Settings

SERVICE = "fur-tune"


def options_of(settings: Settings) -> PartnerOptions:
    return PartnerOptions(delay_seconds=settings.furtune_delay_seconds, silent=settings.furtune_silent)


def workers(settings: Settings | None = None, options: PartnerOptions | None = None) -> list[FortunePartner]:
    settings = settings or Settings.from_env()
    return [FortunePartner(settings.partner_amqp_url, options or options_of(settings))]
