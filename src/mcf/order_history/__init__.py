"""order-history-service: the long-term archive of finished orders (ClickHouse), for reviews and listings."""
