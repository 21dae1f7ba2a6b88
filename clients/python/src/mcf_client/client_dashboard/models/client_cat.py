from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..models.client_cat_locale import ClientCatLocale

T = TypeVar("T", bound="ClientCat")


@_attrs_define
class ClientCat:
    """
    Attributes:
        cat_id (UUID):
        cat_name (str):
        client_id (UUID):
        email (str):
        locale (ClientCatLocale):
    """

    cat_id: UUID
    cat_name: str
    client_id: UUID
    email: str
    locale: ClientCatLocale

    def to_dict(self) -> dict[str, Any]:
        cat_id = str(self.cat_id)

        cat_name = self.cat_name

        client_id = str(self.client_id)

        email = self.email

        locale = self.locale.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "cat_id": cat_id,
                "cat_name": cat_name,
                "client_id": client_id,
                "email": email,
                "locale": locale,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        cat_id = UUID(d.pop("cat_id"))

        cat_name = d.pop("cat_name")

        client_id = UUID(d.pop("client_id"))

        email = d.pop("email")

        locale = ClientCatLocale(d.pop("locale"))

        client_cat = cls(
            cat_id=cat_id,
            cat_name=cat_name,
            client_id=client_id,
            email=email,
            locale=locale,
        )

        return client_cat
