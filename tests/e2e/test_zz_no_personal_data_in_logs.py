"""Security drill (issue 11): no personal data in the logs of a full demo run.

Runs last among the e2e modules (its name), on the shared stack: the whole demo (``mcf demo``: a client's journey
with sign-up, cat, address, orders, payment, the worker's check-in and report, a review, a refund; then a candidate's
registration, onboarding test and activation), after every other e2e journey. Then every line the stack's ~25
processes wrote (``mcf up``'s output, kept whole) is searched for the personal data those journeys used: every
e-mail address the SMTP sink received mail for, the people's names, the candidates' phones, document numbers and
dates of birth, the client's street. A match is a failure, with the line.
"""
from __future__ import annotations

import re

from mcf.kit.smtp_sink import read_mail
from mcf.stack.demo import run_demo

# What the journeys (mcf.stack.demo, mcf.stack.onboarding, tests/e2e/*) send, beyond the e-mail addresses.
NAMES = ["Murka's human", "Barsik's human", "Vasilisa Murlykina", "Evdokia Murlykina", "Vasilisa Kotova"]
PATTERNS = {
    "phone": re.compile(r"\+790[12][0-9]{7}"),
    "document number": re.compile(r"4[56] (19|01) [0-9]{6}"),
    "date of birth": re.compile(r"1995-03-08|1996-02-29"),
    "street": re.compile(r"Ostozhenka"),
}


def test_a_full_demo_run_logs_no_personal_data(stack, capsys):
    assert run_demo(stack.settings) == 0, capsys.readouterr().out[-3000:]
    lines = list(stack.output)
    addresses = {str(m["To"]) for m in read_mail(stack.settings.var_dir / "mail")}
    assert any(address.startswith("murka-") for address in addresses), "the demo's e-mails were not found"
    found = []
    for line in lines:
        for address in addresses:
            if address and address in line:
                found.append(("e-mail", line))
        for name in NAMES:
            if name in line:
                found.append(("name", line))
        for kind, pattern in PATTERNS.items():
            if pattern.search(line):
                found.append((kind, line))
    assert len(lines) > 100, "the stack's log is not complete"
    assert not found, "personal data in the logs:\n" + "\n".join(f"{kind}: {line[:300]}" for kind, line in found[:20])
