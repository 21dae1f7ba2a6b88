"""Personal data at rest, for tests: the development ciphers of the services that encrypt the client's contact data
(and notification's; what ``app.cipher`` gives in development mode without keys) and a raw view of rows."""
from mcf.kit.config import Settings
from mcf.kit.crypto import cipher_from

ORDER = cipher_from(Settings(environment="development"), "order")
PAYMENT = cipher_from(Settings(environment="development"), "payment")
NOTIFICATION = cipher_from(Settings(environment="development"), "notification")


def raw_text(database, sql, *params) -> str:
    """Every column of the rows a raw SELECT finds, as text (bytea as Latin-1): what a dump, a replica or a
    support session's ``SELECT *`` shows. Asserts the query found rows, so a check on it cannot pass empty."""
    with database.connection_context():
        rows = database.execute_sql(sql, params).fetchall()
    assert rows, sql
    return " ".join(bytes(v).decode("latin-1") if isinstance(v, (bytes, memoryview)) else str(v)
                    for row in rows for v in row)
