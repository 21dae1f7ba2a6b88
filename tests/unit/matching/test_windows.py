"""Availability windows as workers state them: ``HH:MM`` local times from 00:00 to 24:00, start before end,
weekdays 0 (Monday) to 6; what a window covers of the week (from docs/adr/0030, not from the code)."""
from datetime import timedelta

import pytest

from mcf.kit.errors import InvalidInput
from mcf.matching.domain import Window, covers, merged_ranges, slot_week_ranges

from .strategies import MONDAY  # Monday 09:00 in Moscow


def refused(call, detail=None):
    with pytest.raises(InvalidInput) as caught:
        call()
    assert caught.value.extensions == {"field": "availability"}
    assert isinstance(caught.value.detail, str) and caught.value.detail
    if detail is not None:
        assert caught.value.detail == detail


@pytest.mark.parametrize("start, end, minutes", [("00:00", "00:01", (0, 1)), ("09:30", "18:45", (570, 1125)),
                                                 ("23:59", "24:00", (1439, 1440))])
def test_times_are_read_as_minutes_from_midnight(start, end, minutes):
    window = Window.parse(2, start, end)
    assert (window.start, window.end) == minutes
    assert window.to_dict() == {"weekday": 2, "start": start, "end": end}


@pytest.mark.parametrize("text", ["9:30", "09:5", "0930", "09:60", "24:01", "25:00", "-1:00", "ab:cd", "09:-1"])
def test_anything_but_hh_mm_between_midnights_is_refused(text):
    refused(lambda: Window.parse(0, text, "24:00"), f"a time must be HH:MM between 00:00 and 24:00, got {text!r}")


@pytest.mark.parametrize("weekday, start, end", [(7, 0, 60), (-1, 0, 60), (0, 60, 60), (0, 61, 60), (0, 0, 1441),
                                                 (0, -1, 60)])
def test_a_window_needs_a_weekday_and_a_start_before_its_end_within_the_day(weekday, start, end):
    refused(lambda: Window(weekday, start, end))


def test_windows_on_the_weeks_edges_are_valid():
    assert Window(0, 0, 1).week_range == (0, 1)
    assert Window(6, 1439, 1440).week_range == (6 * 1440 + 1439, 7 * 1440)


def test_touching_windows_join_and_separate_ones_do_not():
    assert merged_ranges([Window(0, 600, 720), Window(0, 480, 600), Window(0, 800, 900)]) == [(480, 720), (800, 900)]
    assert merged_ranges([Window(0, 1200, 1440), Window(1, 0, 120)]) == [(1200, 1440 + 120)]


def test_a_slot_is_covered_only_inside_the_workers_windows():
    monday_9_to_10 = slot_week_ranges(MONDAY, 60)
    assert monday_9_to_10 == [(540, 600)]
    assert covers([Window(0, 540, 600)], monday_9_to_10)
    assert not covers([Window(0, 541, 600)], monday_9_to_10) and not covers([Window(0, 540, 599)], monday_9_to_10)
    sunday_late = slot_week_ranges(MONDAY + timedelta(days=6, hours=14), 120)  # Sunday 23:00 to Monday 01:00
    assert sunday_late == [(6 * 1440 + 1380, 7 * 1440), (0, 60)]
    assert covers([Window(6, 1380, 1440), Window(0, 0, 60)], sunday_late)
    assert not covers([Window(6, 1380, 1440)], sunday_late)


def test_a_slot_ending_exactly_at_sunday_midnight_stays_in_one_week():
    # Sunday 23:00 to 24:00 local ends on the week's last minute: one range, covered by Sunday's last window alone
    sunday_last_hour = slot_week_ranges(MONDAY + timedelta(days=6, hours=14), 60)
    assert sunday_last_hour == [(6 * 1440 + 1380, 7 * 1440)]
    assert covers([Window(6, 1380, 1440)], sunday_last_hour)
