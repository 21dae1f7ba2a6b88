from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.client import Client


T = TypeVar("T", bound="SignedUp")


@_attrs_define
class SignedUp:
    """
    Attributes:
        client (Client):
        token (str): Bearer JWT with role client
    """

    client: Client
    token: str

    def to_dict(self) -> dict[str, Any]:
        client = self.client.to_dict()

        token = self.token

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "client": client,
                "token": token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.client import Client

        d = dict(src_dict)
        client = Client.from_dict(d.pop("client"))

        token = d.pop("token")

        signed_up = cls(
            client=client,
            token=token,
        )

        return signed_up
