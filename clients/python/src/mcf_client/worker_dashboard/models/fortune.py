from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.fortune_source import FortuneSource
from ..types import UNSET, Unset

T = TypeVar("T", bound="Fortune")


@_attrs_define
class Fortune:
    """
    Attributes:
        text (str):  Example: A warm windowsill is waiting for you..
        locale (None | str | Unset):  Example: en.
        source (FortuneSource | Unset):
    """

    text: str
    locale: None | str | Unset = UNSET
    source: FortuneSource | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        text = self.text

        locale: None | str | Unset
        if isinstance(self.locale, Unset):
            locale = UNSET
        else:
            locale = self.locale

        source: str | Unset = UNSET
        if not isinstance(self.source, Unset):
            source = self.source.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "text": text,
            }
        )
        if locale is not UNSET:
            field_dict["locale"] = locale
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        text = d.pop("text")

        def _parse_locale(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        locale = _parse_locale(d.pop("locale", UNSET))

        _source = d.pop("source", UNSET)
        source: FortuneSource | Unset
        if isinstance(_source, Unset):
            source = UNSET
        else:
            source = FortuneSource(_source)

        fortune = cls(
            text=text,
            locale=locale,
            source=source,
        )

        return fortune
