"""A local SMTP sink (aiosmtpd): every message it accepts becomes one ``.eml`` file in a folder.

Stands in for the mail provider in local runs and tests, so they read the mail that was really delivered.
Run it with ``python -m mcf.kit.smtp_sink --host 127.0.0.1 --port 8025 --folder var/mail``.
"""
from __future__ import annotations

import argparse
import asyncio
import email
import email.message
import email.policy
import os
import signal
import socket
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

SUFFIX = ".eml"


class MailSink:
    """aiosmtpd handler: writes each message whole under a temporary name, then renames it into place."""

    def __init__(self, folder: str | os.PathLike) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope) -> str:
        # The envelope is written as headers too, since Bcc recipients appear nowhere else.
        prefix = (f"X-MailFrom: {envelope.mail_from}\r\n"
                  f"X-RcptTo: {', '.join(envelope.rcpt_tos)}\r\n").encode()
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        self.save(prefix + content)
        return "250 Message accepted for delivery"

    def save(self, data: bytes) -> Path:
        # A sortable UTC timestamp first, so listing by name lists oldest first; the uuid keeps names unique.
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        final = self.folder / f"{stamp}-{uuid.uuid4().hex}{SUFFIX}"
        temp = self.folder / f".{final.name}.tmp"
        with open(temp, "wb") as fh:
            fh.write(data)
        os.replace(temp, final)  # atomic: a reader sees no file or the whole file
        return final


def mail_files(folder: str | os.PathLike) -> list[Path]:
    path = Path(folder)
    if not path.is_dir():
        return []
    return sorted(p for p in path.iterdir() if p.name.endswith(SUFFIX) and not p.name.startswith("."))


def read_mail(folder: str | os.PathLike) -> list[email.message.EmailMessage]:
    """Every message in the folder, oldest first (an absent folder holds none)."""
    messages = []
    for path in mail_files(folder):
        with open(path, "rb") as fh:
            messages.append(email.message_from_binary_file(fh, policy=email.policy.default))
    return messages


def serve(host: str, port: int, folder: str | os.PathLike) -> None:
    """Accept mail until SIGTERM or SIGINT."""
    asyncio.run(_serve(host, port, folder))


async def _serve(host: str, port: int, folder: str | os.PathLike) -> None:
    from aiosmtpd.smtp import SMTP

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    handler = MailSink(folder)
    # Not aiosmtpd's Controller: it hides a failed bind behind its 10 s readiness wait. And a fixed hostname,
    # since the default (getfqdn) may wait on DNS.
    server = await loop.create_server(lambda: SMTP(handler, hostname=socket.gethostname()), host, port)
    print(f"smtp sink: listening on {host}:{port}, writing to {handler.folder.resolve()}", flush=True)
    try:
        await stop.wait()
    finally:
        server.close()
        await server.wait_closed()
    print("smtp sink: stopped", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mcf.kit.smtp_sink", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--folder", required=True, help="where each received message is written as .eml")
    args = parser.parse_args(argv)
    serve(args.host, args.port, args.folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
