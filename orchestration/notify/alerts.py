"""Failure alerts: one e-mail over SMTP and the same message posted to a webhook, if configured."""

from __future__ import annotations

import json
import logging
import smtplib
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage

import dlt

from orchestration.notify.logs import mask_secrets, register_secrets

log = logging.getLogger(__name__)
SMTP_TIMEOUT_SECONDS = 15


@dataclass(frozen=True)
class AlertSettings:
    """Where alerts go; read from dlt config/secrets `alerts.*` or env ALERTS__*."""

    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    sender: str = "warehouse@localhost"
    recipients: tuple[str, ...] = ()
    webhook_url: str | None = None

    def __repr__(self) -> str:
        # The password and the webhook URL (often a token) stay out of logs.
        return f"AlertSettings(smtp={self.smtp_host}:{self.smtp_port}, to={self.recipients})"

    @property
    def email_enabled(self) -> bool:
        return bool(self.smtp_host and self.recipients)


@dataclass(frozen=True)
class Alert:
    """A failed run: which step failed and why."""

    run_id: str
    step: str
    error: str
    target: str = "local"

    @property
    def subject(self) -> str:
        return f"[warehouse {self.target}] run {self.run_id} failed at step {self.step}"

    @property
    def body(self) -> str:
        return mask_secrets(
            f"The warehouse run {self.run_id} (target {self.target}) failed.\n\n"
            f"Failed step: {self.step}\nError: {self.error}\n"
        )


def _setting(key: str) -> str | None:
    value = dlt.secrets.get(f"alerts.{key}")
    if value is None:
        value = dlt.config.get(f"alerts.{key}")
    return None if value in (None, "") else str(value)


def load_alert_settings() -> AlertSettings:
    """Alert settings from .dlt/secrets.toml, .dlt/config.toml or ALERTS__* variables."""
    recipients = _setting("recipients") or ""
    password = _setting("smtp_password")
    webhook_url = _setting("webhook_url")
    register_secrets([password, webhook_url])
    return AlertSettings(
        smtp_host=_setting("smtp_host"),
        smtp_port=int(_setting("smtp_port") or 25),
        smtp_user=_setting("smtp_user"),
        smtp_password=password,
        sender=_setting("sender") or "warehouse@localhost",
        recipients=tuple(r.strip() for r in recipients.replace(";", ",").split(",") if r.strip()),
        webhook_url=webhook_url,
    )


def _email(alert: Alert, settings: AlertSettings) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = alert.subject
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.recipients)
    message.set_content(alert.body)
    return message


def send_email(alert: Alert, settings: AlertSettings) -> None:
    """Sends the alert by SMTP (implicit TLS on 465, STARTTLS when offered and logging in)."""
    smtp_class = smtplib.SMTP_SSL if settings.smtp_port == 465 else smtplib.SMTP
    assert settings.smtp_host is not None
    with smtp_class(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
        smtp.ehlo()
        if smtp_class is smtplib.SMTP and smtp.has_extn("starttls"):
            smtp.starttls()
            smtp.ehlo()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(_email(alert, settings))


def post_webhook(alert: Alert, url: str) -> None:
    """POSTs the alert as JSON; `text` makes it readable by Slack/Teams-style hooks."""
    if not url.startswith(("http://", "https://")):
        raise ValueError("alerts.webhook_url must be an http(s) URL")
    payload = {"text": f"{alert.subject}\n{alert.body}", **vars(alert)}
    payload["error"] = mask_secrets(alert.error)
    # The scheme was checked above: only http(s) is ever opened.
    request = urllib.request.Request(  # noqa: S310
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    # B310: the scheme was checked above, only http(s) is ever opened.
    opened = urllib.request.urlopen(request, timeout=SMTP_TIMEOUT_SECONDS)  # noqa: S310 # nosec B310
    with opened as response:
        response.read()


def send_alert(alert: Alert, settings: AlertSettings | None = None) -> list[str]:
    """Sends `alert` on every configured channel; returns the channels that delivered it.

    A broken channel is logged, never raised: an alert must not hide the failure it reports.
    """
    settings = settings or load_alert_settings()
    channels = []
    if settings.email_enabled:
        channels.append(("email", lambda: send_email(alert, settings)))
    if settings.webhook_url:
        channels.append(("webhook", lambda: post_webhook(alert, settings.webhook_url or "")))
    if not channels:
        log.warning("no alert channel configured (alerts.smtp_host / alerts.webhook_url)")
    delivered = []
    for name, send in channels:
        try:
            send()
            delivered.append(name)
        except (OSError, smtplib.SMTPException, ValueError) as error:
            log.error("alert by %s failed: %s", name, mask_secrets(str(error)))
    log.info("alert sent: %s", alert.subject, extra={"channels": delivered})
    return delivered
