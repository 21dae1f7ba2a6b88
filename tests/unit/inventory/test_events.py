"""inventory's events.py is exhaustive: each domain event maps; an unknown one is an error, not silence."""
import pytest

from mcf.inventory import domain, events


def test_every_domain_event_has_a_mapping_and_an_unknown_one_raises():
    assert set(domain.DOMAIN_EVENTS) == {domain.KitReady, domain.KitShort} == set(events._MAPPINGS)
    with pytest.raises(TypeError, match="no integration events"):
        events.integration_events(object())
