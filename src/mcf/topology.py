"""The one description of MCF's exchanges, queues and bindings. Every process declares it at start-up, so a
consumer's queue exists (and keeps messages) before the consumer first runs; contracts/asyncapi/mcf.yaml
describes the same, and a contract test holds the two together."""
from mcf.kit.events import EVENTS_EXCHANGE, NOTIFICATIONS_EXCHANGE
from mcf.kit.messaging import Binding, Exchange, Queue, Topology

EVENTS = Exchange(EVENTS_EXCHANGE)
NOTIFICATIONS = Exchange(NOTIFICATIONS_EXCHANGE)

NOTIFICATION_REQUESTS = Queue("notification.requests", (Binding(NOTIFICATIONS_EXCHANGE, "notification.#"),))
MATCHING_EVENTS = Queue("matching.events", (Binding(EVENTS_EXCHANGE, "worker.*"), Binding(EVENTS_EXCHANGE, "order.#")))
# inventory: order events, and the partner's cookies from its own exchange; the partner's own queue.
FUR_TUNE_OUT = Exchange("fur-tune.out")
INVENTORY_ORDER_EVENTS = Queue("inventory.order-events", (Binding(EVENTS_EXCHANGE, "order.created"),
                                                          Binding(EVENTS_EXCHANGE, "order.cancelled")))
INVENTORY_FORTUNES = Queue("inventory.fortunes", (Binding(FUR_TUNE_OUT.name, "fortune.issued"),))
FUR_TUNE_ORDERS = Queue("fur-tune.orders", (Binding(EVENTS_EXCHANGE, "order.created"),))
# order: other services' facts move orders on; its own events feed the live-orders table (ClickHouse).
ORDER_INBOX = Queue("order.inbox", (Binding(EVENTS_EXCHANGE, "payment.*"), Binding(EVENTS_EXCHANGE, "inventory.*"),
                                    Binding(EVENTS_EXCHANGE, "report.*")))
ORDER_LIVE_ORDERS = Queue("order.live-orders", (Binding(EVENTS_EXCHANGE, "order.#"),))
# payment: refunds of cancelled orders.
PAYMENT_ORDER_EVENTS = Queue("payment.order-events", (Binding(EVENTS_EXCHANGE, "order.cancelled"),))
# order-history: the archive of finished orders (ClickHouse), and quality's reviews for the workers' statistics.
ORDER_HISTORY_INBOX = Queue("order-history.inbox", (Binding(EVENTS_EXCHANGE, "order.completed"),
                                                    Binding(EVENTS_EXCHANGE, "order.cancelled"),
                                                    Binding(EVENTS_EXCHANGE, "order.expired"),
                                                    Binding(EVENTS_EXCHANGE, "quality.reviewed")))
# worker-profile: the onboarding test results (worker-testing) activate candidates.
WORKER_PROFILE_INBOX = Queue("worker-profile.inbox", (Binding(EVENTS_EXCHANGE, "worker.test_completed"),))

TOPOLOGY = Topology(exchanges=(EVENTS, NOTIFICATIONS, FUR_TUNE_OUT),
                    queues=(NOTIFICATION_REQUESTS, MATCHING_EVENTS, INVENTORY_ORDER_EVENTS, INVENTORY_FORTUNES,
                            FUR_TUNE_ORDERS, PAYMENT_ORDER_EVENTS, ORDER_INBOX, ORDER_LIVE_ORDERS,
                            ORDER_HISTORY_INBOX, WORKER_PROFILE_INBOX))
