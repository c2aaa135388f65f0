"""Checks records against the feed's JSON Schema (jsonschema); failures become quarantine rows."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

SCHEMAS = Path(__file__).parent / "schemas"


class NotJson:
    """A line of a file that is not JSON at all: quarantined with the parser's message."""

    def __init__(self, text: str, error: str) -> None:
        self.text, self.error = text, error


@cache
def validator(schema_file: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / schema_file).read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def errors_of(schema_file: str, record: Any) -> list[dict[str, str]]:
    """Every way the record breaks the schema, each with its JSON path; [] when it is valid."""
    if isinstance(record, NotJson):
        return [{"path": "$", "rule": "json", "message": f"not JSON: {record.error}"}]
    found = validator(schema_file).iter_errors(record)
    return [
        {"path": error.json_path, "rule": str(error.validator), "message": error.message}
        for error in sorted(found, key=lambda e: e.json_path)
    ]


def error_kind(error: dict[str, str]) -> str:
    """An error without its value: what the commonest error is counted by (`$.email: format`)."""
    return f"{error['path']}: {error['rule']}"


def quarantine_row(source: str, where: str, record: Any, errors: list[dict]) -> dict[str, Any]:
    """What the quarantine table keeps of a failing record (dlt adds the load id)."""
    payload = record.text if isinstance(record, NotJson) else json.dumps(record, default=str)
    return {
        "source": source,
        "endpoint": where,
        "payload": payload,
        "errors": json.dumps(errors),
        "error_count": len(errors),
        "quarantined_at": datetime.now(UTC),
    }
