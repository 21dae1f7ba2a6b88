"""quality's events.py: every domain event class is mapped."""
import dataclasses
import inspect

import pytest

from mcf.quality import domain, events


def test_every_domain_event_has_a_mapping():
    classes = [c for _, c in inspect.getmembers(domain, inspect.isclass)
               if dataclasses.is_dataclass(c) and c.__module__ == domain.__name__ and c.__name__.endswith("Filed")]
    assert classes and set(classes) == set(events._MAPPING)


def test_an_unmapped_event_is_a_type_error():
    with pytest.raises(TypeError):
        events.integration_events(object())
