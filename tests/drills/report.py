"""Print the drills' latest figures (tests/drills/figures.json) as the Markdown table docs/reliability.md holds:
``python -m tests.drills.report``."""
from __future__ import annotations

import json
import sys

from tests.drills.burst import FIGURES

COLUMNS = [("drill", "drill"), ("replicas", "replicas"), ("orders_placed", "placed"), ("orders_final", "confirmed"),
           ("lost", "lost"),
           ("events_published", "events published"), ("events_consumed", "consumed (inbox rows)"),
           ("left_in_queues", "left in queues"), ("dead_letters", "dead letters"),
           ("double_charges", "double charges"), ("duplicate_reservations", "dup. reservations"),
           ("duplicate_emails", "dup. e-mails"), ("resent_same_message_id", "resent, same Message-ID"),
           ("missing_emails", "missing e-mails"),
           ("redelivered_after_handling", "redelivered after handling"),
           ("fault_seconds", "fault (s)"), ("recovery_seconds", "recovered (s)"), ("settle_seconds", "all settled (s)"),
           ("load_average", "load average"), ("when", "when (UTC)")]


def table(figures: dict) -> str:
    lines = ["| " + " | ".join(title for _, title in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for name in sorted(figures):
        row = figures[name]
        cells = []
        for key, _ in COLUMNS:
            value = row.get(key, 1 if key == "replicas" else None)
            cells.append(f"{value:.1f}" if isinstance(value, float) else "—" if value is None else str(value))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(json.loads(FIGURES.read_text())))
    for name, row in sorted(json.loads(FIGURES.read_text()).items()):
        if row.get("notes"):
            print(f"\n- {name}: " + "; ".join(row["notes"]))
    sys.exit(0)
