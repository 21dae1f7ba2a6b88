"""The ``mcf`` command: run the system, its parts, the demo, the tests and the benchmarks."""
from __future__ import annotations

import argparse
import importlib
import os
import sys
import uuid
from pathlib import Path

from mcf.kit.config import Settings
from mcf.services import SERVICES, service

ROOT = Path(__file__).resolve().parents[2]


def _serve(args, settings: Settings) -> int:
    from mcf.kit.auth import check_secret

    check_secret(settings.jwt_secret, settings.environment)  # before any process of any service starts
    entry = service(args.service)
    if args.process not in entry.processes:
        raise SystemExit(f"{entry.name} runs no {args.process!r} process; it runs {', '.join(entry.processes)}")
    from mcf.kit import metrics

    if args.process == "web":
        bind = f"{settings.host}:{settings.port(entry.name)}"
        # prometheus-client's multiprocess mode: every gunicorn worker writes here, /metrics adds them up (ADR 0165).
        os.environ[metrics.MULTIPROC_ENV] = str(metrics.prepare_multiprocess(
            metrics.multiprocess_dir(settings, entry.name)))
        workers = args.web_workers or settings.web_workers
        argv = ["gunicorn", "--worker-class", "gthread", "--workers", str(workers), "--threads", str(args.threads),
                "--bind", bind, "--reuse-port", "--graceful-timeout", "10", "--timeout", "30", "--no-control-socket",
                "--config", "python:mcf.kit.gunicorn_conf",
                "--name", f"mcf-{entry.name}", f"{entry.package}.app:create_app()"]
        os.execvp(_bin("gunicorn"), argv)
    # /metrics of a process without HTTP: its own port, from the catalogue (MCF_METRICS_PORT overrides it).
    os.environ.setdefault("MCF_METRICS_PORT", str(metrics.metrics_port(settings, entry.name, args.process,
                                                                       metrics.replica_from_env())))
    if args.process == "jobs":
        argv = ["dramatiq", f"{entry.package}.actors:start", "--processes", "1", "--threads", str(args.threads),
                "--queues", *entry.job_queues]
        os.execvp(_bin("dramatiq"), argv)
    from mcf.kit import tracing
    from mcf.kit.logging import configure as configure_logging
    from mcf.kit.runtime import run_workers

    configure_logging(entry.name, settings.log_level)
    tracing.configure(entry.name, settings)
    run_workers(importlib.import_module(f"{entry.package}.app").workers(settings), probe_port=settings.probe_port,
                metrics_port=metrics.port_from_env())
    return 0


def _bin(name: str) -> str:
    local = Path(sys.executable).with_name(name)
    return str(local) if local.exists() else name


def _token(args, settings: Settings) -> int:
    from mcf.kit.auth import USER_AUDIENCES, issue_token

    audience = args.audience or list(USER_AUDIENCES.get(args.role, ()))
    if not audience:
        raise SystemExit("a service token needs --audience (the service it calls)")
    print(issue_token(settings.jwt_secret, args.sub or str(uuid.uuid4()), args.role, audience=audience,
                      ttl_seconds=args.ttl))
    return 0


def _up(args, settings: Settings) -> int:
    from mcf.stack.up import up

    return up(settings, demo=args.demo, start_servers=not args.no_servers, replicas=args.replicas,
              restart=args.restart)


def _migrate(args, settings: Settings) -> int:
    """Every service's schema steps (what each process also runs at start), once, e.g. as a Kubernetes Job."""
    from mcf.kit.logging import configure as configure_logging

    configure_logging("migrate", settings.log_level)
    for entry in SERVICES:
        if "web" in entry.processes and (not args.service or entry.name in args.service):
            importlib.import_module(f"{entry.package}.app").create_app(settings)
            print(f"mcf: {entry.name} migrated", flush=True)
    return 0


def _k8s(args, settings: Settings) -> int:
    from mcf.stack.k8s import write

    for path in write():
        print("wrote", path.relative_to(ROOT))
    return 0


def _status(args, settings: Settings) -> int:
    from mcf.stack.status import run

    return run(settings, watch=args.watch, replicas=args.replicas)


def _observability(args, settings: Settings) -> int:
    from mcf.stack.observability import write

    for path in write():
        print("wrote", path.relative_to(ROOT))
    return 0


def _demo(args, settings: Settings) -> int:
    from mcf.stack.demo import run_demo

    return run_demo(settings)


def _seed(args, settings: Settings) -> int:
    from mcf.stack.seed import seed_all

    for name, count in seed_all(settings).items():
        print(f"seeded {name}: {count}")
    return 0


def _staff(args, settings: Settings) -> int:
    """Add a manager to a panel's own staff table (ADR 0075); the password is asked for unless given."""
    import getpass

    from mcf.kit.admin import StaffAccounts, StaffExists

    entry = service(args.service)
    module = importlib.import_module(f"{entry.package}.app")
    if not hasattr(module, "create_app") or "staff" not in getattr(module, "PANEL_TABLES", ()):
        raise SystemExit(f"{entry.name} has no managers' panel")
    password = args.password or getpass.getpass(f"password for {args.email}: ")
    try:
        member = StaffAccounts(module.database(settings)).add(args.email, password)
    except StaffExists as exc:
        print(exc, file=sys.stderr)
        return 1
    except ValueError as exc:
        raise SystemExit(str(exc)) from None
    print(f"added {member.role} {member.email} ({member.id}) to {entry.name}")
    return 0


def _servers(args, settings: Settings) -> int:
    from mcf.stack import servers

    if args.action == "start":
        print("started:", ", ".join(servers.ensure_all(settings)) or "nothing (all were running)")
    elif args.action == "stop":
        servers.stop_detached(list(servers.server_commands(settings)), settings)
    else:
        for name, (host, port) in servers.addresses(settings).items():
            print(f"{name:12} {host}:{port}  {'up' if servers.port_open(host, port) else 'down'}")
    return 0


def _openapi(args, settings: Settings) -> int:
    from mcf.stack.contracts import write_openapi

    for path in write_openapi(settings, ROOT / "contracts" / "openapi"):
        print("wrote", path.relative_to(ROOT))
    return 0


def _client(args, settings: Settings) -> int:
    from mcf.stack.client import PACKAGE, generate

    for path in generate(PACKAGE):
        print("wrote", path.relative_to(ROOT))
    return 0


def _docs(args, settings: Settings) -> int:
    from mcf.stack.docs import build

    out = Path(args.out).resolve() if args.out else ROOT / "build" / "docs"
    pages = build(out)
    print(f"wrote {len(pages)} files into {out}; open {out / 'index.html'}")
    return 0
def _dlq(args, settings: Settings) -> int:
    """Dead letters of the consumers' queues (docs/adr/0131-dead-letters-listed-and-replayed-once.md)."""
    from mcf.stack import dlq
    from mcf.topology import TOPOLOGY

    try:
        if args.dlq_action == "list":
            queues = dlq.list_dead_letters(settings.amqp_url, TOPOLOGY, queues=args.queue, show=args.show)
            if not args.all_queues:
                queues = [q for q in queues if q.count or args.queue]
            print(dlq.format_listing(queues, lines=args.lines) or "no dead letters")
            return 0
        if not args.all and not args.id:
            raise SystemExit("mcf dlq replay: say --id MESSAGE_ID (repeatable) or --all")
        done = dlq.replay(settings.amqp_url, TOPOLOGY, args.queue, ids=args.id, everything=args.all)
    except KeyError as exc:
        raise SystemExit(f"mcf dlq: {exc.args[0]}") from None
    missing = sorted(set(args.id or ()) - set(done))
    print(f"replayed {len(done)} dead letter{'s' * (len(done) != 1)} to {dlq.queue_name(args.queue, TOPOLOGY)}"
          + (f"; not found: {', '.join(missing)}" if missing else ""))
    for message_id in done:
        print(f"  {message_id}")
    return 1 if missing else 0


# `mcf drill NAME …`: each drill by a short name (the rest of the arguments go to pytest).
DRILLS = {
    "rabbitmq": "test_rabbitmq_sigkilled_and_restarted",
    "consumers": "test_each_consumer_process_sigkilled_in_turn",
    "postgresql": "test_postgresql_sigkilled_and_restarted",
    "clickhouse": "test_a_server_down_for_a_minute and clickhouse",
    "smtp": "test_a_server_down_for_a_minute and smtp",
    "failures": "test_failure_drills",
    "replicas": "test_replicas_drill",
}


def _drill(args, settings: Settings) -> int:
    """The drills in tests/drills (outside the default run: they start servers of their own and the whole
    system, and break them); ``mcf drill NAME`` runs one (see DRILLS), arguments after it go to pytest."""
    import pytest

    os.chdir(ROOT)
    extra = list(args.pytest_args)
    names = []
    while extra and extra[0] in DRILLS:
        names.append(DRILLS[extra.pop(0)])
    if names:
        extra = ["-k", " or ".join(f"({n})" for n in names), *extra]
    return pytest.main(["-o", "addopts=-ra --strict-markers -p no:cacheprovider", "-s", "tests/drills", *extra])


def _test(args, settings: Settings) -> int:
    import pytest

    os.chdir(ROOT)  # tox.ini holds the suite's configuration
    return pytest.main(args.pytest_args)


def _worker_profile(args, settings: Settings) -> int:
    """worker-profile's key maintenance (docs/adr/0070-worker-personal-data-encryption.md)."""
    if args.profile_action == "new-key":
        from mcf.worker_profile.adapters.crypto import new_key

        print(new_key())
        return 0
    from mcf.worker_profile.app import rotate_keys

    done = rotate_keys(settings)
    print(f"worker-profile: {done['reencrypted']} of {done['workers']} workers re-encrypted with the active key; "
          "blind indexes recomputed")
    return 0


def _notification(args, settings: Settings) -> int:
    """What notification-service logged for an address: its log holds only the address's blind index, computed
    here with MCF_NOTIFICATION_INDEX_KEY (docs/adr/0128-notification-log-keeps-no-address.md)."""
    from mcf.notification.app import notification_log

    log = notification_log(settings)
    try:
        found = log.list(args.address, args.limit)
    finally:
        log.client.disconnect()
    for n in found:
        print(f"{n.created_at:%Y-%m-%d %H:%M:%S}  {n.id}  {n.template:<28} {n.status.value:<8} "
              f"to {n.recipient.role} {n.recipient.id}")
    print(f"notification: {len(found)} logged for that address or recipient id")
    return 0


def _history(args, settings: Settings) -> int:
    from mcf.order_history.app import backfill

    print(f"order-history: {backfill(settings)} finished orders archived from order-service")
    return 0


def _bench(args, settings: Settings) -> int:
    sys.path.insert(0, str(ROOT))
    from tests.bench.run import main as bench_main

    return bench_main(args.bench_args)


def _mutate(args, settings: Settings) -> int:
    sys.path.insert(0, str(ROOT))
    from tests.mutation.run import main as mutate_main

    return mutate_main(args.bench_args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mcf", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("up", help="start the servers and every service; Ctrl-C stops them all")
    p.add_argument("--demo", action="store_true", help="once everything answers, place a demo order")
    p.add_argument("--no-servers", action="store_true", help="assume the servers are running already")
    p.add_argument("--replicas", type=int, default=1, metavar="N",
                   help="N processes of every kind (web replicas share the port); a process that exits restarts")
    p.add_argument("--restart", action="store_true",
                   help="restart a process that exits (the default with --replicas 2 or more); otherwise one "
                        "process exiting stops them all")
    p.set_defaults(func=_up)

    p = sub.add_parser("migrate", help="apply every service's migrations (safe when two run at once)")
    p.add_argument("--service", action="append", help="only this service (repeatable)")
    p.set_defaults(func=_migrate)

    p = sub.add_parser("k8s", help="rewrite deploy/k8s (Kustomize base and overlays) from mcf.services")
    p.set_defaults(func=_k8s)

    p = sub.add_parser("status", help="processes up or down, queue depths and consumers, outbox lag, dead letters")
    p.add_argument("--watch", type=float, nargs="?", const=5.0, default=None, metavar="SECONDS",
                   help="refresh every SECONDS (default 5) until Ctrl-C")
    p.add_argument("--replicas", type=int, default=None, metavar="N",
                   help="ask every replica of N (default: what the running `mcf up --replicas N` says)")
    p.set_defaults(func=_status)

    p = sub.add_parser("observability", help="rewrite compose's Prometheus configuration and Grafana dashboard "
                                             "from mcf.services")
    p.set_defaults(func=_observability)

    p = sub.add_parser("demo", help="place an order on the running system and show the e-mail that arrived")
    p.set_defaults(func=_demo)

    p = sub.add_parser("seed", help="load the services' development fixtures (idempotent)")
    p.set_defaults(func=_seed)

    p = sub.add_parser("serve", help="run one process of one service (what the Procfile runs)")
    p.add_argument("service", choices=[s.name for s in SERVICES])
    p.add_argument("process", choices=["web", "workers", "jobs"])
    p.add_argument("--web-workers", type=int, default=None,
                   help="gunicorn workers (default 2, or MCF_WEB_WORKERS: `mcf up --replicas` sets 1)")
    p.add_argument("--threads", type=int, default=4)
    p.set_defaults(func=_serve)

    p = sub.add_parser("token", help="mint a development JWT")
    p.add_argument("--role", required=True, choices=["client", "worker", "manager", "service"])
    p.add_argument("--sub", help="the subject (a user id); random if omitted")
    p.add_argument("--ttl", type=int, default=3600, help="seconds")
    p.add_argument("--audience", action="append", metavar="SERVICE",
                   help="a service the token is for (repeatable); default: the role's entry points "
                        "(client: client-dashboard; worker: worker-dashboard, worker-profile, worker-testing; "
                        "manager: quality, worker-testing)")
    p.set_defaults(func=_token)

    p = sub.add_parser("staff", help="staff accounts of a service's managers' panel")
    staff = p.add_subparsers(dest="staff_action", required=True)
    p = staff.add_parser("add", help="add a manager who may sign in to the service's panel")
    p.add_argument("service", choices=[s.name for s in SERVICES])
    p.add_argument("--email", required=True)
    p.add_argument("--password", help="asked for when omitted (keeps it out of the shell history)")
    p.set_defaults(func=_staff)

    p = sub.add_parser("servers", help="the local ClickHouse, MongoDB stand-in and SMTP sink")
    p.add_argument("action", choices=["start", "stop", "status"])
    p.set_defaults(func=_servers)

    p = sub.add_parser("dlq", help="dead letters of the consumers' queues: list them, replay them once")
    dlq = p.add_subparsers(dest="dlq_action", required=True)
    q = dlq.add_parser("list", help="each queue's dead letters: count, reason, origin, first lines of the body")
    q.add_argument("--queue", action="append", help="only this queue (repeatable; with or without .dead)")
    q.add_argument("--show", type=int, default=20, help="dead letters shown per queue (default 20)")
    q.add_argument("--lines", type=int, default=3, help="lines of each body shown (default 3)")
    q.add_argument("--all-queues", action="store_true", help="list queues without dead letters too")
    q = dlq.add_parser("replay", help="put dead letters back into the queue they died in, each once")
    q.add_argument("queue", help="the consumer's queue, e.g. order.inbox (or order.inbox.dead)")
    q.add_argument("--id", action="append", metavar="MESSAGE_ID", help="a dead letter's message id (repeatable)")
    q.add_argument("--all", action="store_true", help="every dead letter of the queue")
    p.set_defaults(func=_dlq)

    p = sub.add_parser("openapi", help="write contracts/openapi/<service>.yaml from the apps")
    p.set_defaults(func=_openapi)
    p = sub.add_parser("client", help="regenerate the typed Python client (clients/python) from contracts/openapi")
    p.set_defaults(func=_client)
    p = sub.add_parser("docs", help="render the contracts (OpenAPI with Redocly, AsyncAPI with its generator) "
                                     "into build/docs")
    p.add_argument("--out", help="the folder to write (default build/docs)")
    p.set_defaults(func=_docs)

    p = sub.add_parser("worker-profile", help="worker-profile's personal-data keys")
    profile = p.add_subparsers(dest="profile_action", required=True)
    profile.add_parser("rotate-keys", help="re-encrypt every worker's personal data with the active key "
                                           "(MCF_WORKER_PROFILE_ACTIVE_KEY) and recompute the blind indexes")
    profile.add_parser("new-key", help="print a fresh random key for MCF_WORKER_PROFILE_KEYS")
    p.set_defaults(func=_worker_profile)

    p = sub.add_parser("notification", help="notification-service's log: what was sent to an address")
    notification = p.add_subparsers(dest="notification_action", required=True)
    q = notification.add_parser("sent-to", help="the notifications logged for an e-mail address (by its blind "
                                                "index) or a recipient id, newest first")
    q.add_argument("address")
    q.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=_notification)

    p = sub.add_parser("history", help="order-history's maintenance: rebuild the archive from order-service")
    p.add_argument("action", choices=["backfill"])
    p.set_defaults(func=_history)

    p = sub.add_parser("test", help="run the default test suite (arguments go to pytest)", add_help=False)
    p.set_defaults(func=_test)

    p = sub.add_parser("drill", help="run the failure and replica drills in tests/drills: all, or by name ("
                                     + ", ".join(DRILLS) + "); further arguments go to pytest",
                       add_help=False)
    p.set_defaults(func=_drill)

    p = sub.add_parser("bench", help="run the benchmarks in tests/bench and print the table", add_help=False)
    p.set_defaults(func=_bench)

    p = sub.add_parser("mutate", help="mutation testing of the domain cores against tests/unit (tests/mutation)",
                       add_help=False)
    p.set_defaults(func=_mutate)

    args, extra = parser.parse_known_args(argv)
    if extra and args.command not in ("test", "bench", "mutate", "drill"):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.pytest_args = args.bench_args = extra
    return args.func(args, Settings.from_env()) or 0


if __name__ == "__main__":
    sys.exit(main())
