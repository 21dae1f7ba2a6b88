"""The shipped Jinja2 templates, rendered by the real renderer."""
import pytest

from mcf.notification.adapters.templates import JinjaRenderer
from mcf.notification.domain import TemplateDataError, UnknownTemplate

ORDER = {"order_id": "5d0c9a8e-0000-4000-8000-000000000001", "cat_name": "Murka", "toy_category": "feathers",
         "slot_start": "2030-05-01T14:30:00Z", "duration_minutes": 90, "district": "Tverskoy"}


@pytest.fixture(scope="module")
def renderer():
    return JinjaRenderer()


def test_order_created_in_english_carries_every_fact(renderer):
    message = renderer.render("order.created", "en", ORDER)
    assert message.subject == "Murka's toy-testing session is booked for 2030-05-01 14:30 UTC"
    for fact in (ORDER["order_id"], "feathers", "2030-05-01 14:30 UTC", "90 minutes", "Tverskoy"):
        assert fact in message.text and fact in message.html
    assert "\n" not in message.subject


def test_order_created_in_russian(renderer):
    message = renderer.render("order.created", "ru", ORDER)
    assert message.subject.startswith("Murka: сеанс тестирования игрушек")
    assert "пёрышки" in message.text and "Тверской" not in message.text and "Tverskoy" in message.html
    assert 'lang="ru"' in message.html


@pytest.mark.parametrize("locale, expected", [("ru-RU", "ru"), ("de", "en"), ("pt-BR", "en")])
def test_a_missing_locale_falls_back_to_its_language_then_english(renderer, locale, expected):
    assert renderer.render("order.created", locale, ORDER) == renderer.render("order.created", expected, ORDER)


def test_the_cat_name_is_optional(renderer):
    data = {k: v for k, v in ORDER.items() if k != "cat_name"}
    assert renderer.render("order.created", "en", data).subject.startswith("Your cat's")
    assert renderer.render("order.created", "en", {**data, "cat_name": None}).subject.startswith("Your cat's")


def test_html_is_autoescaped_and_text_is_not(renderer):
    message = renderer.render("order.created", "en", {**ORDER, "cat_name": "<b>Tom & Jerry</b>"})
    assert "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;" in message.html and "<b>Tom" not in message.html
    assert "<b>Tom & Jerry</b>'s" in message.text


@pytest.mark.parametrize("template", ["no.such.template", "../etc/passwd", ""])
def test_an_unknown_template_is_a_clear_error(renderer, template):
    with pytest.raises(UnknownTemplate) as caught:
        renderer.render(template, "en", ORDER)
    assert caught.value.extensions["field"] == "template"


def test_missing_or_unusable_data_names_the_field(renderer):
    with pytest.raises(TemplateDataError) as caught:
        renderer.render("order.created", "en", {k: v for k, v in ORDER.items() if k != "district"})
    assert caught.value.extensions["field"] == "data.district"
    with pytest.raises(TemplateDataError, match="slot_start|time"):
        renderer.render("order.created", "en", {**ORDER, "slot_start": "tomorrow"})
