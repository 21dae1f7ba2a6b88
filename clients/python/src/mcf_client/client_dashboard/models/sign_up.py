from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.sign_up_locale import SignUpLocale
from ..types import UNSET, Unset

T = TypeVar("T", bound="SignUp")


@_attrs_define
class SignUp:
    """
    Attributes:
        display_name (str):
        email (str):
        password (str):
        locale (SignUpLocale | Unset):  Default: SignUpLocale.EN.
    """

    display_name: str
    email: str
    password: str
    locale: SignUpLocale | Unset = SignUpLocale.EN

    def to_dict(self) -> dict[str, Any]:
        display_name = self.display_name

        email = self.email

        password = self.password

        locale: str | Unset = UNSET
        if not isinstance(self.locale, Unset):
            locale = self.locale.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "display_name": display_name,
                "email": email,
                "password": password,
            }
        )
        if locale is not UNSET:
            field_dict["locale"] = locale

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        display_name = d.pop("display_name")

        email = d.pop("email")

        password = d.pop("password")

        _locale = d.pop("locale", UNSET)
        locale: SignUpLocale | Unset
        if isinstance(_locale, Unset):
            locale = UNSET
        else:
            locale = SignUpLocale(_locale)

        sign_up = cls(
            display_name=display_name,
            email=email,
            password=password,
            locale=locale,
        )

        return sign_up
