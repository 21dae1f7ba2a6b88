from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="Client")


@_attrs_define
class Client:
    """
    Attributes:
        created_at (datetime.datetime):
        display_name (str):
        email (str):
        id (UUID):
        locale (str):
    """

    created_at: datetime.datetime
    display_name: str
    email: str
    id: UUID
    locale: str

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        display_name = self.display_name

        email = self.email

        id = str(self.id)

        locale = self.locale

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "created_at": created_at,
                "display_name": display_name,
                "email": email,
                "id": id,
                "locale": locale,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        display_name = d.pop("display_name")

        email = d.pop("email")

        id = UUID(d.pop("id"))

        locale = d.pop("locale")

        client = cls(
            created_at=created_at,
            display_name=display_name,
            email=email,
            id=id,
            locale=locale,
        )

        return client
