"""How many of a property test's examples reach the cases it is about (issue 18): a property that holds because its
generator never builds the interesting case tests nothing. A test runs its ``@given`` body as an inner function,
calls ``reach.saw(case)`` for each case an example reaches (also a ``hypothesis.event``, so
``--hypothesis-show-statistics`` shows the mix), then asserts the shares once hypothesis is done::

    def test_something():
        reach = Reach()

        @settings(max_examples=50, deadline=None)
        @given(worlds())
        def check(world):
            reach.example()
            if len(world.good) > world.request.limit:
                reach.saw("the limit leaves someone out")
            ...

        check()
        reach.at_least("the limit leaves someone out", 0.2)
"""
from __future__ import annotations

from collections import Counter

from hypothesis import event


class Reach:
    def __init__(self) -> None:
        self.examples = 0
        self.cases: Counter[str] = Counter()

    def example(self) -> None:
        self.examples += 1

    def saw(self, case: str) -> None:
        event(case)
        self.cases[case] += 1

    def share(self, case: str) -> float:
        return self.cases[case] / self.examples if self.examples else 0.0

    def at_least(self, case: str, share: float) -> None:
        assert self.examples, "the property ran no example"
        assert self.share(case) >= share, (
            f"{case!r}: {self.cases[case]} of {self.examples} examples ({self.share(case):.0%}), want {share:.0%}; "
            f"cases seen: {dict(self.cases)}")
