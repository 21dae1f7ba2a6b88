"""Settings from the environment (``MCF_*``), with defaults that work for a local run.

Pure standard library: the core of a service may read settings it is handed, never the environment itself.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote


def _env(name: str, default: str) -> str:
    return os.environ.get(f"MCF_{name}", default)


def _seconds(name: str, default: float, *, zero_allowed: bool = False) -> float:
    raw = os.environ.get(f"MCF_{name}", str(default))
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"MCF_{name} must be a number of seconds, got {raw!r}") from None
    if value < 0 or (value == 0 and not zero_allowed):
        raise ValueError(f"MCF_{name} must be {'zero or more' if zero_allowed else 'positive'}, got {raw!r}")
    return value


def _int(name: str, default: int) -> int:
    raw = _env(name, str(default))
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"MCF_{name} must be an integer, got {raw!r}") from None


def _flag(name: str) -> bool:
    return _env(name, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    # PostgreSQL: one cluster, one database per service named <db_prefix><service>.
    pg_host: str = "127.0.0.1"
    pg_port: int = 5432
    pg_user: str = "postgres"
    pg_password: str = ""
    db_prefix: str = "mcf_"
    # RabbitMQ
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/%2F"
    # The fur-tune partner's own RabbitMQ user: it may read only its queue and write only its exchange.
    partner_amqp_url: str = "amqp://fur-tune:fur-tune-dev-password@127.0.0.1:5672/%2F"
    # ClickHouse (native protocol); databases are <db_prefix><service> there too.
    clickhouse_host: str = "127.0.0.1"
    clickhouse_port: int = 19000
    # A replicated ClickHouse cluster (production): tables are Replicated*MergeTree ON CLUSTER; empty: one server.
    clickhouse_cluster: str = ""
    # MongoDB (nx-27017 locally, mongo in compose)
    mongo_url: str = "mongodb://127.0.0.1:27017"
    # SMTP
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_sender: str = "MCF <no-reply@mcf.localhost>"
    smtp_timeout: float = 10.0
    # Security. Outside development mode (MCF_ENV) no service starts with the development secret.
    environment: str = "development"
    jwt_secret: str = "mcf-development-secret-change-me-in-production"
    jwt_ttl_seconds: int = 3600
    # Where local state lives (ClickHouse data, mail sink, logs, pid files)
    var_dir: Path = field(default_factory=lambda: Path("var").resolve())
    log_level: str = "INFO"
    # Messaging behaviour
    outbox_poll_seconds: float = 1.0
    consumer_max_attempts: int = 5
    consumer_retry_base_ms: int = 500
    consumer_retry_max_ms: int = 30_000
    http_timeout: float = 5.0  # MCF_HTTP_TIMEOUT: a call to another service (the bench raises it)
    # Service policies (seconds): order offers and payment deadline, the order jobs' round, the kit's cookie wait.
    order_offer_seconds: float = 600.0
    order_payment_deadline_seconds: float = 1800.0
    order_job_poll_seconds: float = 5.0
    inventory_fortune_timeout_seconds: float = 30.0
    # notification's sweeper: a request still unsent and not queued for the stale time is queued again (a send job
    # lost with the broker); the stale time must exceed the send job's longest retry backoff.
    notification_sweep_seconds: float = 60.0
    notification_stale_seconds: float = 600.0
    # payment's sweeper: every round, payments pending longer than the grace are settled by a status check.
    payment_sweep_seconds: float = 30.0
    payment_pending_grace_seconds: float = 60.0
    # Idempotency keys (ADR 0146): a retry within the retention replays the first answer; older keys are swept every
    # sweep interval (one round per tick across replicas), so a retry after that is a new command.
    idempotency_key_retention_seconds: float = 7 * 24 * 3600.0
    idempotency_sweep_seconds: float = 3600.0
    # How long after a failed onboarding test ends its candidate may retake it (0: at once).
    worker_testing_cooldown_seconds: float = 24 * 3600.0
    # quality's jobs: pulling order-history's change feed, delivering rating adjustments to worker-profile.
    quality_feed_seconds: float = 5.0
    quality_delivery_seconds: float = 5.0
    # worker-profile's personal-data keys (``id=base64,...``), the active one's id, the blind-index key, and the
    # rating below which a worker is deactivated (matching's 0..5 scale). No development keys outside development.
    worker_profile_keys: str = ""
    worker_profile_active_key: str = ""
    worker_profile_index_key: str = ""
    worker_profile_deactivation_threshold: float = 2.0
    # client-dashboard's keys for its clients' personal data (the same kit mechanism, keys of its own; ADR 0121).
    client_dashboard_keys: str = ""
    client_dashboard_active_key: str = ""
    client_dashboard_index_key: str = ""
    # order-service's and payment-service's keys for the client's contact data they keep (ADR 0123): the same
    # kit mechanism and rules, keys of their own (their index keys are required alike, unused so far).
    order_keys: str = ""
    order_active_key: str = ""
    order_index_key: str = ""
    payment_keys: str = ""
    payment_active_key: str = ""
    payment_index_key: str = ""
    # notification's keys for the recipient and payload of a request until it is sent (ADR 0127).
    notification_keys: str = ""
    notification_active_key: str = ""
    notification_index_key: str = ""
    # Login rate limit (mcf.kit.login_throttle, ADR 0120): failed logins per account name per window.
    login_failure_limit: int = 5
    login_failure_window_seconds: int = 900
    # ``mcf seed``'s demo passwords (development only); empty: the fixtures' own development defaults.
    worker_profile_demo_password: str = ""
    worker_testing_demo_password: str = ""
    quality_demo_password: str = ""
    # The reference fur-tune partner: seconds before each answer, or no answer at all (the timeout path).
    furtune_delay_seconds: float = 1.0
    furtune_silent: bool = False
    # gunicorn workers of a web process (`mcf serve <service> web`; `mcf up --replicas` sets 1).
    web_workers: int = 2
    # Base port of the services; each service adds its offset from the registry.
    port_base: int = 8100
    host: str = "127.0.0.1"
    # /health and /ready of a process without HTTP (workers, jobs) for Kubernetes probes; 0: none (mcf.kit.probes).
    probe_port: int = 0
    # Tracing (mcf.kit.tracing): spans to this JSON-lines file (``{service}``/``{pid}`` replaced) and/or over OTLP to
    # this base URL (OTEL_EXPORTER_OTLP_ENDPOINT works too); neither: tracing is off.
    trace_file: str = ""
    otlp_endpoint: str = ""

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            pg_host=_env("PG_HOST", cls.pg_host),
            pg_port=_int("PG_PORT", cls.pg_port),
            pg_user=_env("PG_USER", cls.pg_user),
            pg_password=_env("PG_PASSWORD", cls.pg_password),
            db_prefix=_env("DB_PREFIX", cls.db_prefix),
            amqp_url=_env("AMQP_URL", cls.amqp_url),
            partner_amqp_url=_env("PARTNER_AMQP_URL", cls.partner_amqp_url),
            clickhouse_host=_env("CLICKHOUSE_HOST", cls.clickhouse_host),
            clickhouse_port=_int("CLICKHOUSE_PORT", cls.clickhouse_port),
            clickhouse_cluster=_env("CLICKHOUSE_CLUSTER", cls.clickhouse_cluster),
            mongo_url=_env("MONGO_URL", cls.mongo_url),
            smtp_host=_env("SMTP_HOST", cls.smtp_host),
            smtp_port=_int("SMTP_PORT", cls.smtp_port),
            smtp_sender=_env("SMTP_SENDER", cls.smtp_sender),
            environment=_env("ENV", cls.environment),
            jwt_secret=_env("JWT_SECRET", cls.jwt_secret),
            jwt_ttl_seconds=_int("JWT_TTL_SECONDS", cls.jwt_ttl_seconds),
            var_dir=Path(_env("VAR_DIR", "var")).resolve(),
            log_level=_env("LOG_LEVEL", cls.log_level),
            outbox_poll_seconds=float(_env("OUTBOX_POLL_SECONDS", str(cls.outbox_poll_seconds))),
            consumer_max_attempts=_int("CONSUMER_MAX_ATTEMPTS", cls.consumer_max_attempts),
            consumer_retry_base_ms=_int("CONSUMER_RETRY_BASE_MS", cls.consumer_retry_base_ms),
            consumer_retry_max_ms=_int("CONSUMER_RETRY_MAX_MS", cls.consumer_retry_max_ms),
            order_offer_seconds=_seconds("ORDER_OFFER_SECONDS", cls.order_offer_seconds),
            order_payment_deadline_seconds=_seconds("ORDER_PAYMENT_DEADLINE_SECONDS",
                                                    cls.order_payment_deadline_seconds),
            order_job_poll_seconds=_seconds("ORDER_JOB_POLL_SECONDS", cls.order_job_poll_seconds),
            inventory_fortune_timeout_seconds=_seconds("INVENTORY_FORTUNE_TIMEOUT_SECONDS",
                                                       cls.inventory_fortune_timeout_seconds),
            notification_sweep_seconds=_seconds("NOTIFICATION_SWEEP_SECONDS", cls.notification_sweep_seconds),
            notification_stale_seconds=_seconds("NOTIFICATION_STALE_SECONDS", cls.notification_stale_seconds),
            payment_sweep_seconds=_seconds("PAYMENT_SWEEP_SECONDS", cls.payment_sweep_seconds),
            payment_pending_grace_seconds=_seconds("PAYMENT_PENDING_GRACE_SECONDS",
                                                   cls.payment_pending_grace_seconds),
            idempotency_key_retention_seconds=_seconds("IDEMPOTENCY_KEY_RETENTION_SECONDS",
                                                       cls.idempotency_key_retention_seconds),
            idempotency_sweep_seconds=_seconds("IDEMPOTENCY_SWEEP_SECONDS", cls.idempotency_sweep_seconds),
            worker_testing_cooldown_seconds=_seconds("WORKER_TESTING_COOLDOWN_SECONDS",
                                                     cls.worker_testing_cooldown_seconds, zero_allowed=True),
            quality_feed_seconds=_seconds("QUALITY_FEED_SECONDS", cls.quality_feed_seconds),
            quality_delivery_seconds=_seconds("QUALITY_DELIVERY_SECONDS", cls.quality_delivery_seconds),
            worker_profile_keys=_env("WORKER_PROFILE_KEYS", cls.worker_profile_keys),
            worker_profile_active_key=_env("WORKER_PROFILE_ACTIVE_KEY", cls.worker_profile_active_key),
            worker_profile_index_key=_env("WORKER_PROFILE_INDEX_KEY", cls.worker_profile_index_key),
            client_dashboard_keys=_env("CLIENT_DASHBOARD_KEYS", cls.client_dashboard_keys),
            client_dashboard_active_key=_env("CLIENT_DASHBOARD_ACTIVE_KEY", cls.client_dashboard_active_key),
            client_dashboard_index_key=_env("CLIENT_DASHBOARD_INDEX_KEY", cls.client_dashboard_index_key),
            order_keys=_env("ORDER_KEYS", cls.order_keys),
            order_active_key=_env("ORDER_ACTIVE_KEY", cls.order_active_key),
            order_index_key=_env("ORDER_INDEX_KEY", cls.order_index_key),
            payment_keys=_env("PAYMENT_KEYS", cls.payment_keys),
            payment_active_key=_env("PAYMENT_ACTIVE_KEY", cls.payment_active_key),
            payment_index_key=_env("PAYMENT_INDEX_KEY", cls.payment_index_key),
            notification_keys=_env("NOTIFICATION_KEYS", cls.notification_keys),
            notification_active_key=_env("NOTIFICATION_ACTIVE_KEY", cls.notification_active_key),
            notification_index_key=_env("NOTIFICATION_INDEX_KEY", cls.notification_index_key),
            worker_profile_deactivation_threshold=float(_env("WORKER_PROFILE_DEACTIVATION_THRESHOLD",
                                                             str(cls.worker_profile_deactivation_threshold))),
            login_failure_limit=_int("LOGIN_FAILURE_LIMIT", cls.login_failure_limit),
            login_failure_window_seconds=_int("LOGIN_FAILURE_WINDOW_SECONDS", cls.login_failure_window_seconds),
            worker_profile_demo_password=_env("WORKER_PROFILE_DEMO_PASSWORD", cls.worker_profile_demo_password),
            worker_testing_demo_password=_env("WORKER_TESTING_DEMO_PASSWORD", cls.worker_testing_demo_password),
            quality_demo_password=_env("QUALITY_DEMO_PASSWORD", cls.quality_demo_password),
            http_timeout=_seconds("HTTP_TIMEOUT", cls.http_timeout),
            furtune_delay_seconds=_seconds("FURTUNE_DELAY_SECONDS", cls.furtune_delay_seconds, zero_allowed=True),
            furtune_silent=_flag("FURTUNE_SILENT"),
            web_workers=_int("WEB_WORKERS", cls.web_workers),
            port_base=_int("PORT_BASE", cls.port_base),
            host=_env("HOST", cls.host),
            probe_port=_int("PROBE_PORT", cls.probe_port),
            trace_file=_env("TRACE_FILE", cls.trace_file),
            otlp_endpoint=_env("OTLP_ENDPOINT", cls.otlp_endpoint),
        )

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    def database_name(self, service: str) -> str:
        return f"{self.db_prefix}{service.replace('-', '_')}"

    def pg_dsn(self, database: str = "postgres") -> str:
        auth = quote(self.pg_user) + (f":{quote(self.pg_password)}" if self.pg_password else "")
        return f"postgresql://{auth}@{self.pg_host}:{self.pg_port}/{database}"

    def port(self, service: str) -> int:
        """The HTTP port of a service: ``MCF_<SERVICE>_PORT`` or the registry's offset from ``port_base``."""
        key = service.upper().replace("-", "_")
        if f"MCF_{key}_PORT" in os.environ:
            return _int(f"{key}_PORT", 0)
        try:
            return self.port_base + SERVICE_PORT_OFFSETS[service]
        except KeyError:
            raise KeyError(f"no port registered for service {service!r}") from None

    def service_url(self, service: str) -> str:
        """Base URL of another service: ``MCF_<SERVICE>_URL`` or the local default."""
        key = service.upper().replace("-", "_")
        return os.environ.get(f"MCF_{key}_URL") or f"http://{self.host}:{self.port(service)}"


# The one registry of service ports (offsets from Settings.port_base, so a test stack can shift them all).
SERVICE_PORT_OFFSETS: dict[str, int] = {
    "client-dashboard": 1,
    "order": 2,
    "matching": 3,
    "payment": 4,
    "order-history": 5,
    "worker-profile": 6,
    "worker-testing": 7,
    "worker-dashboard": 8,
    "order-report": 9,
    "quality": 10,
    "inventory": 11,
    "notification": 12,
    "fur-tune": 13,
    "baseline": 90,
}
