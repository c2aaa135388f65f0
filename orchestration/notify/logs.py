"""Structured logs: one JSON object per line carrying the cycle's run id, with secrets masked."""

from __future__ import annotations

import json
import logging
import logging.handlers
import sys
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path

from common.urls import mask_url_passwords

_RUN_ID: ContextVar[str] = ContextVar("warehouse_run_id", default="-")
# user:password@ inside any URL-looking text; the password part is replaced.
_SECRETS: set[str] = set()
_STANDARD_FIELDS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",  # set by a plain formatter that saw the record first
}


def new_run_id() -> str:
    """A short, sortable run id: UTC time plus a random suffix."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def current_run_id() -> str:
    return _RUN_ID.get()


@contextmanager
def run_context(run_id: str) -> Iterator[str]:
    """Every log line written inside the block carries `run_id`."""
    token = _RUN_ID.set(run_id)
    try:
        yield run_id
    finally:
        _RUN_ID.reset(token)


def register_secrets(values: Iterable[str | None]) -> None:
    """Values that must never appear in a log line or an alert (passwords, keys)."""
    _SECRETS.update(value for value in values if value and len(value) >= 4)


def mask_secrets(text: str) -> str:
    """`text` with URL passwords and every registered secret replaced by ***."""
    text = mask_url_passwords(text)
    for secret in _SECRETS:
        text = text.replace(secret, "***")
    return text


class RunIdFilter(logging.Filter):
    """Stamps the current run id on every record and masks secrets in its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.run_id = _RUN_ID.get()
        message = mask_secrets(record.getMessage())
        record.msg, record.args = message, None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, run_id, message and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "run_id": getattr(record, "run_id", _RUN_ID.get()),
            "message": record.getMessage(),
        }
        line.update(
            (key, value) for key, value in vars(record).items() if key not in _STANDARD_FIELDS
        )
        if record.exc_info:
            line["error"] = mask_secrets(self.formatException(record.exc_info))
        return json.dumps(line, default=str)


class _KeepFormat(logging.Handler):
    """A handler whose format, once set, stays: dlt re-initialises its logger on every
    pipeline, reusing the handlers it finds there and giving them dlt's own formatter."""

    def setFormatter(self, fmt: logging.Formatter | None) -> None:
        if self.formatter is None:
            super().setFormatter(fmt)


class _KeepFormatStream(_KeepFormat, logging.StreamHandler):
    pass


class _KeepFormatFile(_KeepFormat, logging.handlers.RotatingFileHandler):
    pass


class TerminalFormatter(logging.Formatter):
    """Plain lines for a person: the time and the message, and the level when it is not INFO
    (the run id is in the cycle's summary and on every line of the JSON log)."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(message)s", "%H:%M:%S")

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        if record.levelno == logging.INFO:
            return line
        time_part, _, message = line.partition(" ")
        return f"{time_part} {record.levelname.lower()}: {message}"


class OwnLinesFilter(logging.Filter):
    """Lets through this project's INFO lines and everyone's warnings: libraries that log
    their own progress at INFO (alembic's migrations of Dagster's instance, dagster-dbt's
    commands) stay in the log file, off the console."""

    OWN = ("orchestration", "ingestion", "seeds_generator", "dashboard")

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or record.name.split(".")[0] in self.OWN


# A long-lived `warehouse run --every` keeps this much log beside the data, newest first.
_LOG_FILE_BYTES = 20 * 1024 * 1024
_LOG_FILE_BACKUPS = 5


def _file_handler(path: Path) -> logging.Handler:
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = _KeepFormatFile(path, maxBytes=_LOG_FILE_BYTES, backupCount=_LOG_FILE_BACKUPS)
    handler.setFormatter(JsonFormatter())
    return handler


def configure_logging(
    *, json_lines: bool | None = None, level: int = logging.INFO, log_file: Path | None = None
) -> None:
    """Route the root logger (and dlt's, which does not propagate) to stderr, as JSON lines
    unless stderr is a terminal, and to `log_file` always as JSON lines. Other libraries'
    INFO lines go to the file only."""
    if json_lines is None:
        json_lines = not sys.stderr.isatty()
    handler = _KeepFormatStream(sys.stderr)
    handler.setFormatter(JsonFormatter() if json_lines else TerminalFormatter())
    handler.addFilter(OwnLinesFilter())
    handlers = [handler] + ([_file_handler(log_file)] if log_file else [])
    for each in handlers:
        each.addFilter(RunIdFilter())
    root = logging.getLogger()
    for previous in root.handlers:
        if isinstance(previous, _KeepFormatFile):
            previous.close()
    root.handlers[:] = handlers
    root.setLevel(level)
    dlt_logger = logging.getLogger("dlt")
    dlt_logger.handlers[:] = handlers
    dlt_logger.propagate = False
