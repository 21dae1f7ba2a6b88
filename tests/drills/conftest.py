"""Drills: the whole system under failure, outside the default run (`mcf drill [name]`, docs/reliability.md).

They need no shared server: each module starts a PostgreSQL cluster, a RabbitMQ node, ClickHouse, the MongoDB
stand-in and the SMTP sink of its own (tests/drills/stack.py) and breaks only those.
"""
