"""A real SMTP server on loopback that keeps every message it accepts, for tests. It can refuse some recipients,
drop the connection at one, and hold the first message of each connection until several connections are sending
at once (proof that workers ran side by side, with no sleeps)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from email import message_from_bytes

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink
        self.arrived: set = set()
        self.all_arrived: asyncio.Event | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.sink.refuse:
            return "550 5.1.1 No such user"
        if address in self.sink.drop_at:
            self.sink.drop_at.discard(address)  # once: a retry of the same message then goes through
            server.transport.close()
            return "421 4.3.0 Closing"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.sink.delay:
            time.sleep(self.sink.delay)  # a slow server: gives a killed worker something to be in the middle of
        if self.sink.rendezvous and session not in self.arrived:
            await self._meet(session)
        message = message_from_bytes(envelope.content)
        with self.sink.lock:
            self.sink.messages.append(message)
            self.sink.senders.append(envelope.mail_from)
            self.sink.sessions.add(session)
        return "250 Message accepted for delivery"

    async def _meet(self, session) -> None:
        if self.all_arrived is None:
            self.all_arrived = asyncio.Event()  # made here: it belongs to the server's event loop
        self.arrived.add(session)
        if len(self.arrived) >= self.sink.rendezvous:
            self.all_arrived.set()
        # A generous bound, never reached when the code is right: a broken claim fails the test instead of hanging.
        await asyncio.wait_for(self.all_arrived.wait(), timeout=120)


class SmtpSink:
    def __init__(self, delay: float = 0.0, *, refuse: tuple[str, ...] = (), drop_at: tuple[str, ...] = (),
                 rendezvous: int = 0) -> None:
        self.delay = delay
        self.refuse = set(refuse)
        self.drop_at = set(drop_at)
        self.rendezvous = rendezvous  # this many connections each reach their first DATA before any is answered
        self.messages = []
        self.senders: list[str] = []  # each message's envelope sender (MAIL FROM), in the order they came
        self.sessions: set = set()  # connections that delivered at least one message (kept, so never reused)
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpSink:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def mailer(self) -> dict:
        """The MAILERS entry that sends to this server."""
        return {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "use_tls": False, "timeout": 60}}

    def message_ids(self) -> list[str]:
        with self.lock:
            return [message["Message-ID"] for message in self.messages]

    def connections(self) -> int:
        with self.lock:
            return len(self.sessions)
