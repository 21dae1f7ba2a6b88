"""client-dashboard's rules at their edges, from its API's documented limits: cat names 1..60 characters, ages
0..30 whole years, notes up to 2000 characters, passwords 10..1024, case-insensitive e-mail, owned-or-missing."""
from datetime import datetime, timedelta, timezone

import pytest

from mcf.client_dashboard.domain import (
    Cat,
    Client,
    check_password_rules,
    normalise_email,
    owned_cat,
    owned_order,
)
from mcf.kit.errors import InvalidInput, NotFound
from mcf.kit.values import TOY_CATEGORIES

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)


def refused(call, field, detail=None):
    with pytest.raises(InvalidInput) as caught:
        call()
    assert caught.value.extensions == {"field": field}
    assert isinstance(caught.value.detail, str) and caught.value.detail
    if detail is not None:
        assert caught.value.detail == detail


def cat(**overrides):
    fields = dict(client_id="client-1", name="Murka", age_years=3, favourite_toys=("balls",), notes="shy", now=NOW)
    fields.update(overrides)
    return Cat.add(**fields)


def test_a_cat_keeps_what_it_was_given_and_when():
    c = cat(name="  Murka ", favourite_toys=("mice", "balls", "mice"))
    assert (c.client_id, c.name, c.age_years, c.favourite_toys, c.notes) == (
        "client-1", "Murka", 3, ("mice", "balls"), "shy")
    assert (c.created_at, c.updated_at) == (NOW, NOW) and c.id != cat().id


@pytest.mark.parametrize("name", ["M", "M" * 60])
def test_names_of_one_to_sixty_characters_are_accepted(name):
    assert cat(name=name).name == name


@pytest.mark.parametrize("name", ["", "   ", None, "M" * 61])
def test_blank_or_longer_names_are_refused(name):
    refused(lambda: cat(name=name), "name", "name must be 1..60 characters")


@pytest.mark.parametrize("age", [0, 30])
def test_ages_from_zero_to_thirty_are_accepted(age):
    assert cat(age_years=age).age_years == age


@pytest.mark.parametrize("age", [-1, 31, True, 2.0, "3"])
def test_other_ages_are_refused(age):
    refused(lambda: cat(age_years=age), "age_years", "age_years must be a whole number 0..30")


def test_notes_up_to_two_thousand_characters_are_kept_and_empty_notes_are_none():
    assert cat(notes="n" * 2000).notes == "n" * 2000
    assert cat(notes="").notes is None and cat(notes=None).notes is None
    refused(lambda: cat(notes="n" * 2001), "notes", "notes must be at most 2000 characters")


def test_an_unknown_toy_is_refused_by_name_with_the_known_ones():
    refused(lambda: cat(favourite_toys=("balls", "chainsaws")), "favourite_toys",
            f"unknown toy category 'chainsaws'; one of {', '.join(TOY_CATEGORIES)}")


def test_a_change_is_checked_like_a_new_cat_and_records_when():
    c = cat()
    later = NOW + timedelta(minutes=1)
    changed = c.changed({"name": " Barsik ", "age_years": 4, "favourite_toys": ["laser"], "notes": ""}, later)
    assert (changed.name, changed.age_years, changed.favourite_toys, changed.notes) == ("Barsik", 4, ("laser",), None)
    assert (changed.created_at, changed.updated_at, changed.id) == (NOW, later, c.id)
    refused(lambda: c.changed({"name": ""}, later), "name")
    refused(lambda: c.changed({"colour": "ginger"}, later), "colour", "a cat has no field 'colour'")


def test_a_password_of_ten_to_1024_characters_is_accepted():
    check_password_rules("p" * 10)
    check_password_rules("p" * 1024)
    for wrong in ("p" * 9, "p" * 1025):
        refused(lambda wrong=wrong: check_password_rules(wrong), "password", "password must be 10..1024 characters")


def test_e_mail_addresses_compare_trimmed_and_in_lower_case():
    assert normalise_email("  Human@Cats.Example ") == "human@cats.example"


def test_sign_up_trims_and_checks_the_display_name_and_the_locale():
    client = Client.sign_up(email=" human@cats.example ", password_hash="h", display_name=" Anna ", locale="ru",
                            now=NOW)
    assert (client.email, client.display_name, client.locale, client.created_at) == (
        "human@cats.example", "Anna", "ru", NOW)
    refused(lambda: Client.sign_up(email="a@b.c", password_hash="h", display_name="  ", locale="en", now=NOW),
            "display_name", "display_name must not be blank")
    refused(lambda: Client.sign_up(email="a@b.c", password_hash="h", display_name="A", locale="de", now=NOW),
            "locale", "locale must be one of en, ru")


def test_another_clients_cat_or_order_is_reported_exactly_like_a_missing_one():
    c = cat()
    assert owned_cat(c, "client-1", c.id) is c
    for found in (None, c):
        with pytest.raises(NotFound) as caught:
            owned_cat(found, "client-2", c.id)
        assert caught.value.detail == f"cat {c.id} does not exist"
    order = {"id": "o-1", "client_id": "client-1"}
    assert owned_order(order, "client-1", "o-1") is order
    for found in (None, order):
        with pytest.raises(NotFound) as caught:
            owned_order(found, "client-2", "o-1")
        assert caught.value.detail == "order o-1 does not exist"


def test_names_are_trimmed_of_spaces_only_and_keep_their_letters():
    assert cat(name=" Xena X ").name == "Xena X"
    refused(lambda: cat(name="\tMurka"), "name")  # a control character is no part of a name, even at its edge
    client = Client.sign_up(email="a@b.c", password_hash="h", display_name=" Xavier X ", locale="en", now=NOW)
    assert client.display_name == "Xavier X"
    refused(lambda: Client.sign_up(email="a@b.c", password_hash="h", display_name="Anna\n", locale="en", now=NOW),
            "display_name", "display_name must not be blank")
