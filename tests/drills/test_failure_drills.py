"""Failure drills (issue 11): a burst of orders through the whole flow while one part fails, on servers the drill
owns (``tests/drills/stack.py``): RabbitMQ SIGKILLed and restarted, each consumer process SIGKILLed in turn while
it works, PostgreSQL SIGKILLed and restarted, ClickHouse down for a minute, the SMTP sink down for a minute. Each
prints (and writes to tests/drills/figures.json) orders placed and confirmed, events published and consumed,
duplicate side effects and the time to recover; each asserts 0 lost and 0 duplicated.

`mcf drill failures` runs them; ``MCF_DRILL_ORDERS`` sets the burst (default 1,000), ``MCF_DRILL_OUTAGE_SECONDS``
the ClickHouse and SMTP outages (default 60), ``MCF_DRILL_REPLICAS`` the replicas of every process (`mcf up
--replicas N`, default 1; issue 13's drills at N = 2): the consumers drill then SIGKILLs one replica of each kind
(``<name>.1``) while the others keep consuming, and the figures are recorded as ``<drill>-replicas-N``.
"""
from __future__ import annotations

import os
import signal
import time

import pytest

from mcf.stack import servers
from mcf.stack.up import procfile_processes
from tests.drills import burst
from tests.drills.stack import DrillStack

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(7200)]
OUTAGE_SECONDS = float(os.environ.get("MCF_DRILL_OUTAGE_SECONDS", "60"))
REPLICAS = int(os.environ.get("MCF_DRILL_REPLICAS", "1"))


def drill_name(name: str, replicas: int = REPLICAS) -> str:
    """The figures' key of a drill: its name, and the replicas when more than one (both kinds of rows are kept)."""
    return name if replicas == 1 else f"{name}-replicas-{replicas}"


@pytest.fixture(scope="module")
def stack():
    stack = DrillStack(replicas=REPLICAS)
    try:
        yield stack.start()
    finally:
        stack.stop()


def _holds(figures: burst.Figures, stack: DrillStack) -> None:
    assert figures.lost == 0 and figures.orders_placed > 0, f"{figures.show()}\n{stack.log_tail(60)}"
    assert figures.duplicated == 0 and figures.missing_emails == 0, figures.show()
    assert figures.dead_letters == 0 and figures.events_unpublished == 0, figures.show()


def test_rabbitmq_sigkilled_and_restarted(stack):
    def fault():
        stack.rabbit.kill()
        time.sleep(5)
        stack.rabbit.start()

    _holds(burst.run(stack, drill_name("rabbitmq-sigkill"), fault), stack)


def test_each_consumer_process_sigkilled_in_turn(stack):
    """One process of each consumer kind SIGKILLed in turn (with N replicas: replica 1, the others consuming on)."""
    consumers = [name for name in procfile_processes() if name.endswith(("-workers", "-jobs"))]

    def fault():
        notes = []
        for name in consumers:
            victim = f"{name}.1"
            group = stack.groups()[victim]
            os.killpg(group, signal.SIGKILL)
            back = stack.wait_back(victim, group)
            notes.append(f"{victim if REPLICAS > 1 else name} back in {back:.1f} s")
            time.sleep(1)  # it consumes again before the next one dies
        return notes

    _holds(burst.run(stack, drill_name("consumers-sigkill"), fault), stack)


def test_postgresql_sigkilled_and_restarted(stack):
    def fault():
        stack.pg.kill()
        time.sleep(3)
        stack.pg.start()

    _holds(burst.run(stack, drill_name("postgresql-restart"), fault), stack)


@pytest.mark.parametrize("server", ["clickhouse", "smtp"])
def test_a_server_down_for_a_minute(stack, server):
    def fault():
        servers.stop_detached([server], stack.settings)
        time.sleep(OUTAGE_SECONDS)
        servers.start_detached(stack.settings, [server])

    _holds(burst.run(stack, drill_name(f"{server}-down-{OUTAGE_SECONDS:.0f}s"), fault), stack)
