"""Jinja2 e-mail templates: ``<template>.<locale>.subject.txt``, ``.txt`` and (optional) ``.html``.

HTML is autoescaped; undefined variables are errors, so a request missing data is refused when it arrives rather
than mailed with blanks. A missing locale falls back to its language, then to English.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jinja2

from mcf.notification.domain import (
    DEFAULT_LOCALE,
    LOCALE_PATTERN,
    TEMPLATE_NAME_PATTERN,
    RenderedMessage,
    TemplateDataError,
    UnknownTemplate,
)

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_NAME = re.compile(TEMPLATE_NAME_PATTERN)
LOCALE = re.compile(LOCALE_PATTERN)
_UNDEFINED = re.compile(r"'([^']+)' is undefined")


def _when(value: Any) -> str:
    """An ISO 8601 time as ``2030-01-01 12:00 UTC``."""
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise ValueError(f"time {value!r} carries no timezone")
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


class JinjaRenderer:
    def __init__(self, directory: Path = TEMPLATES):
        self.directory = Path(directory)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(self.directory)),
            autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False,
                                                default=False),
            undefined=jinja2.StrictUndefined, keep_trailing_newline=False, auto_reload=False)
        self.env.filters["when"] = _when

    def locales(self, template: str) -> list[str]:
        return sorted(p.name[len(template) + 1:-len(".txt")] for p in self.directory.glob(f"{template}.*.txt")
                      if not p.name.endswith(".subject.txt"))

    def _resolve(self, template: str, locale: str) -> str:
        if not TEMPLATE_NAME.match(template or ""):
            raise UnknownTemplate(f"template name {template!r} is not valid", field="template")
        candidates = [locale, locale.split("-")[0], DEFAULT_LOCALE] if LOCALE.match(locale or "") else \
            [DEFAULT_LOCALE]
        for candidate in dict.fromkeys(candidates):
            if (self.directory / f"{template}.{candidate}.txt").is_file():
                return candidate
        raise UnknownTemplate(f"no template {template!r}", field="template")

    def render(self, template: str, locale: str, data: dict[str, Any]) -> RenderedMessage:
        chosen = self._resolve(template, locale)
        base = f"{template}.{chosen}"
        context = {**data, "locale": chosen}
        try:
            subject = " ".join(self.env.get_template(f"{base}.subject.txt").render(context).split())
            text = self.env.get_template(f"{base}.txt").render(context).strip() + "\n"
            html = None
            if (self.directory / f"{base}.html").is_file():
                html = self.env.get_template(f"{base}.html").render(context)
        except jinja2.TemplateNotFound as exc:
            raise UnknownTemplate(f"template {template!r} is incomplete: no {exc.name}", field="template") from None
        except jinja2.UndefinedError as exc:
            missing = _UNDEFINED.search(str(exc))
            field = f"data.{missing.group(1)}" if missing else "data"
            raise TemplateDataError(f"required by template {template!r}", field=field) from None
        except (ValueError, TypeError) as exc:
            raise TemplateDataError(f"template {template!r} cannot use the data: {exc}", field="data") from None
        return RenderedMessage(subject=subject, text=text, html=html)
