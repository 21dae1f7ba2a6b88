"""The kit's shared body schemas: a session length is refused for its range first, then for its step."""
import marshmallow as ma
import pytest

from mcf.kit.shared_schemas import DurationMinutes
from mcf.kit.values import DURATION_STEP, MAX_DURATION, MIN_DURATION


class Body(ma.Schema):
    duration_minutes = DurationMinutes()


RANGE = f"Must be greater than or equal to {MIN_DURATION} and less than or equal to {MAX_DURATION}."


@pytest.mark.parametrize("value, messages", [
    (MIN_DURATION - 1, [RANGE]),            # out of range and off the step: the range's message alone
    (MAX_DURATION + DURATION_STEP, [RANGE]),
    (MIN_DURATION + 1, [f"Must be a multiple of {DURATION_STEP}."]),
    ("45", ["Not a valid integer."]),       # strict: no strings, no floats
    (45.0, ["Not a valid integer."]),
    (None, ["Field may not be null."]),
])
def test_a_length_off_the_rules_is_refused_with_one_message(value, messages):
    with pytest.raises(ma.ValidationError) as refused:
        Body().load({"duration_minutes": value})
    assert refused.value.messages == {"duration_minutes": messages}


def test_the_lengths_on_the_rules_are_taken_and_the_field_is_required():
    assert [Body().load({"duration_minutes": v})["duration_minutes"] for v in (MIN_DURATION, 45, MAX_DURATION)] \
        == [MIN_DURATION, 45, MAX_DURATION]
    with pytest.raises(ma.ValidationError):
        Body().load({})
