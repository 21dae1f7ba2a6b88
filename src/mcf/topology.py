"""The one description of MCF's exchanges, queues and bindings. Every process declares it at start-up, so a
consumer's queue exists (and keeps messages) before the consumer first runs; contracts/asyncapi/mcf.yaml
describes the same, and a contract test holds the two together."""
from mcf.kit.events import EVENTS_EXCHANGE, NOTIFICATIONS_EXCHANGE
from mcf.kit.messaging import Binding, Exchange, Queue, Topology

EVENTS = Exchange(EVENTS_EXCHANGE)
NOTIFICATIONS = Exchange(NOTIFICATIONS_EXCHANGE)

NOTIFICATION_REQUESTS = Queue("notification.requests", (Binding(NOTIFICATIONS_EXCHANGE, "notification.#"),))

TOPOLOGY = Topology(exchanges=(EVENTS, NOTIFICATIONS), queues=(NOTIFICATION_REQUESTS,))
