"""Orchestration fixtures: a real SMTP server (aiosmtpd) and a real HTTP webhook on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.conftest import _free_port

SMTP_USER, SMTP_PASSWORD = "alert-user", "alert-secret-pw"


class _Inbox:
    """aiosmtpd handler that keeps every delivered message."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted"


def _authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (
        auth_data.login.decode(),
        auth_data.password.decode(),
    ) == (SMTP_USER, SMTP_PASSWORD)
    return AuthResult(success=ok)


@pytest.fixture
def smtp_inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Message]]:
    """A real SMTP server on 127.0.0.1 requiring a login; ALERTS__* point at it."""
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=_authenticate,
        auth_require_tls=False,
    )
    controller.start()
    for key, value in {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(port),
        "SMTP_USER": SMTP_USER,
        "SMTP_PASSWORD": SMTP_PASSWORD,
        "SENDER": "warehouse@test.local",
        "RECIPIENTS": "ops@test.local, data@test.local",
    }.items():
        monkeypatch.setenv(f"ALERTS__{key}", value)
    monkeypatch.delenv("ALERTS__WEBHOOK_URL", raising=False)
    yield inbox.messages
    controller.stop()


@pytest.fixture
def webhook_posts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict]]:
    """A real HTTP server on 127.0.0.1 collecting JSON POSTs; ALERTS__WEBHOOK_URL points at it."""
    posts: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            posts.append(json.loads(self.rfile.read(length)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("ALERTS__WEBHOOK_URL", f"http://127.0.0.1:{server.server_port}/hook")
    yield posts
    server.shutdown()
    server.server_close()


TEST_SCALE = 0.05


@pytest.fixture
def local_sources(data_dir) -> dict[str, str]:
    """Both embedded sources generated at a small scale in the test's data dir."""
    import seeds_generator
    from orchestration.settings import load_settings

    urls = load_settings().source_urls
    (data_dir / "sources").mkdir(exist_ok=True)
    for source, url in urls.items():
        seeds_generator.generate(source, url, scale=TEST_SCALE, seed=7)
    return urls


def mail_body(message: Message) -> str:
    """The decoded text of a delivered alert (long lines arrive quoted-printable)."""
    return message.get_payload(decode=True).decode()
