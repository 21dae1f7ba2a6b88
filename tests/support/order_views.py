"""A stand-in for order-report's view of order-service, for tests that drive order-report's real adapters."""
from __future__ import annotations

from mcf.order_report.domain import OrderView
from mcf.order_report.ports import OrderServiceUnavailable


class OrdersByHand:
    """OrderGateway whose orders a test sets (``orders[order_id] = OrderView(...)``); ``down`` makes it fail."""

    def __init__(self):
        self.orders: dict[str, OrderView] = {}
        self.down = False

    def get_order(self, order_id: str) -> OrderView | None:
        if self.down:
            raise OrderServiceUnavailable("order-service did not answer")
        return self.orders.get(order_id)
