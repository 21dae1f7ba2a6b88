"""`mcf demo` on the running system: both journeys end well, the client's calls made through the generated typed
client (clients/python), every answer parsed by the contract's models with each member typed (issue 17)."""
import pytest

from mcf.stack.demo import run_demo

pytestmark = pytest.mark.e2e


def test_the_demo_walks_its_journeys_through_the_typed_client(stack, capsys):
    status = run_demo(stack.settings)
    printed = capsys.readouterr().out
    assert status == 0, f"{printed}\n{stack.log_tail()}"
    assert "demo: a client's journey through MCF" in printed and "demo: FAILED" not in printed
