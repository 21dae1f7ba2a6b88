"""What a periodic job's round logs when it did work: a job may report ids or counts (worker-testing's follow-ups
return counts), and logging them must never turn a committed round into a "failed" one."""
from mcf.kit.runtime import _summary


def test_ids_are_logged_as_the_first_twenty_and_counts_as_they_are():
    done = {"expired": [str(n) for n in range(25)], "notices": 3, "exported": (7, 8)}
    assert _summary(done) == {"expired": [str(n) for n in range(20)], "notices": 3, "exported": [7, 8]}


def test_a_list_is_logged_with_its_count_and_a_number_as_the_result():
    assert _summary(["a", "b"]) == {"count": 2, "ids": ["a", "b"]}
    assert _summary(4) == {"result": 4}
