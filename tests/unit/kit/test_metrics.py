"""mcf.kit.metrics without servers: ports, the HTTP instrumentation, the business counters, the collectors."""
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest

from mcf.kit import metrics
from mcf.kit.config import Settings
from mcf.kit.http import create_app
from mcf.services import SERVICES


def _value(name, **labels):
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_every_process_has_its_own_metrics_port_inside_the_stack_block():
    settings = Settings(port_base=30400)
    ports = [metrics.metrics_port(settings, e.name, p) for e in SERVICES for p in e.processes]
    assert len(set(ports)) == len(ports)
    assert all(30400 < port < 30500 for port in ports)
    assert metrics.metrics_port(settings, "order", "web") == settings.port("order")
    assert metrics.prometheus_port(settings) not in ports


def test_requests_are_counted_by_route_template_and_metrics_are_served():
    app = create_app("metrics-test", Settings())
    client = app.test_client()
    before = _value("mcf_http_requests_total", route="/health", method="GET", status="200")
    client.get("/health")
    client.get("/no/such/route")
    assert _value("mcf_http_requests_total", route="/health", method="GET", status="200") == before + 1
    assert _value("mcf_http_requests_total", route="unmatched", method="GET", status="404") >= 1
    assert _value("mcf_http_request_duration_seconds_count", route="/health", method="GET") >= 1
    response = client.get("/metrics")
    assert response.status_code == 200 and b"mcf_http_requests_total" in response.data
    assert "/metrics" not in app.extensions["mcf_api"].spec.to_dict()["paths"]


def test_metrics_forwarded_by_a_proxy_are_not_found_but_direct_scrapes_and_the_api_are_served():
    client = create_app("metrics-test", Settings()).test_client()
    for header in metrics.FORWARDED_HEADERS:
        value = "for=203.0.113.7" if header == "Forwarded" else "203.0.113.7"
        response = client.get("/metrics", headers={header: value})
        assert response.status_code == 404 and b"mcf_http_requests_total" not in response.data, header
        assert client.get("/health", headers={header: value}).status_code == 200  # the API itself is forwarded
    assert client.get("/metrics").status_code == 200


def test_published_events_feed_the_business_counters():
    placed = _value("mcf_orders_total", event="placed")
    refunds = _value("mcf_refunds_total")
    metrics.published("order.outbox-relay", "order.created")
    metrics.published("payment.outbox-relay", "payment.refunded")
    metrics.published("order.outbox-relay", "order.offered")
    assert _value("mcf_orders_total", event="placed") == placed + 1
    assert _value("mcf_refunds_total") == refunds + 1
    assert _value("mcf_outbox_published_total", relay="order.outbox-relay", type="order.offered") >= 1


class _Relay:
    name = "x.outbox-relay"

    def backlog(self):
        return 3, 75.5


class _Broken(_Relay):
    name = "broken"

    def backlog(self):
        raise OSError("database gone")


def test_outbox_gauges_are_read_at_scrape_time_and_a_failing_relay_is_left_out():
    registry = CollectorRegistry()
    registry.register(metrics.Outboxes([_Relay(), _Broken()]))
    assert registry.get_sample_value("mcf_outbox_backlog", {"relay": "x.outbox-relay"}) == 3
    assert registry.get_sample_value("mcf_outbox_oldest_unsent_age_seconds", {"relay": "x.outbox-relay"}) == 75.5
    assert registry.get_sample_value("mcf_outbox_backlog", {"relay": "broken"}) is None


def test_queue_depths_name_each_queue_and_its_role(monkeypatch):
    from mcf.topology import ORDER_INBOX

    queues = {**metrics.consumer_queues(ORDER_INBOX), **metrics.job_queues(["inventory.kits"])}
    monkeypatch.setattr(metrics, "queue_depths", lambda url, names: {"order.inbox.dead": (2, 0),
                                                                     "inventory.kits": (7, 1)})
    registry = CollectorRegistry()
    registry.register(metrics.QueueDepths("amqp://unused", queues))
    assert registry.get_sample_value("mcf_queue_messages", {"queue": "order.inbox", "role": "dead",
                                                             "name": "order.inbox.dead"}) == 2
    assert registry.get_sample_value("mcf_queue_consumers", {"queue": "inventory.kits", "role": "main",
                                                              "name": "inventory.kits"}) == 1
    assert queues["inventory.kits.XQ"] == ("inventory.kits", "dead")


def test_a_worker_with_gauges_of_its_own_is_watched():
    from prometheus_client.core import GaugeMetricFamily

    class Job:
        name = "job"

    def gauges():
        family = GaugeMetricFamily("mcf_test_gauge", "a test gauge")
        family.add_metric([], 4)
        yield family

    registry = CollectorRegistry()
    metrics.watch_workers([metrics.with_gauges(Job(), gauges), _Relay()], registry=registry)
    text = generate_latest(registry).decode()
    assert "mcf_test_gauge 4.0" in text and 'mcf_outbox_backlog{relay="x.outbox-relay"} 3.0' in text
