"""Alerts reach a real SMTP server and a real webhook, name the step and error, leak no secret."""

from __future__ import annotations

from orchestration.notify.alerts import Alert, load_alert_settings, send_alert
from tests.orchestration.conftest import SMTP_PASSWORD, mail_body

ALERT = Alert(
    run_id="20260101T000000-abc123",
    step="ingest totesys",
    error="cannot reach postgresql://etl:fake-hunter2secret@db.example:5432/totesys",
)


def test_alert_is_mailed_to_every_recipient(smtp_inbox) -> None:
    delivered = send_alert(ALERT)

    assert delivered == ["email"]
    assert len(smtp_inbox) == 1
    message = smtp_inbox[0]
    assert message["To"] == "ops@test.local, data@test.local"
    assert "ingest totesys" in message["Subject"]
    body = mail_body(message)
    assert "Failed step: ingest totesys" in body
    assert "db.example:5432/totesys" in body
    assert "fake-hunter2secret" not in body


def test_alert_goes_to_the_webhook_too(smtp_inbox, webhook_posts) -> None:
    delivered = send_alert(ALERT)

    assert delivered == ["email", "webhook"]
    assert len(smtp_inbox) == 1
    assert len(webhook_posts) == 1
    post = webhook_posts[0]
    assert (post["run_id"], post["step"]) == (ALERT.run_id, ALERT.step)
    assert "fake-hunter2secret" not in str(post)
    assert "etl:***@db.example" in post["error"]


def test_a_dead_smtp_server_is_reported_not_raised(smtp_inbox, webhook_posts, monkeypatch) -> None:
    from tests.conftest import _free_port

    monkeypatch.setenv("ALERTS__SMTP_PORT", str(_free_port()))
    delivered = send_alert(ALERT)

    assert delivered == ["webhook"]
    assert len(webhook_posts) == 1


def test_settings_never_show_the_password(smtp_inbox) -> None:
    settings = load_alert_settings()
    assert settings.smtp_password == SMTP_PASSWORD
    assert SMTP_PASSWORD not in repr(settings)
