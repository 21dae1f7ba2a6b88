"""The benchmarks' baseline: a bare Flask endpoint that inserts one row into PostgreSQL, nothing else.

Served by gunicorn with the same worker settings as the services, so a service's figure reads as a ratio.
"""
import json
import os
import uuid

import psycopg2.pool
from flask import Flask, Response, request

DSN = os.environ.get("MCF_BENCH_BASELINE_DSN", "postgresql://postgres@127.0.0.1:5432/mcf_bench_baseline")


def create_app() -> Flask:
    app = Flask("baseline")
    pool = psycopg2.pool.ThreadedConnectionPool(1, 8, DSN)

    @app.post("/rows")
    def insert_row():
        body = request.get_json()
        conn = pool.getconn()
        try:
            with conn, conn.cursor() as cur:
                cur.execute("INSERT INTO rows (id, body) VALUES (%s, %s)", (str(uuid.uuid4()), json.dumps(body)))
        finally:
            pool.putconn(conn)
        return Response("{}", status=201, mimetype="application/json")

    return app
