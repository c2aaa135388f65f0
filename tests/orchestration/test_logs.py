"""Structured logs: JSON lines with the run id on every line, and no secret ever."""

from __future__ import annotations

import json
import logging
import re

from dlt.common.configuration.specs import RuntimeConfiguration
from dlt.common.runtime.init import initialize_runtime

from orchestration.notify.logs import configure_logging, new_run_id, register_secrets, run_context


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_every_line_is_json_with_the_run_id(capsys) -> None:
    configure_logging(json_lines=True)
    # What every dlt pipeline does to its logger: dlt's lines must still be ours.
    initialize_runtime("dlt", RuntimeConfiguration(log_level="WARNING"))
    run_id = new_run_id()
    with run_context(run_id):
        logging.getLogger("orchestration.test").info("loaded %d rows", 42, extra={"table": "t"})
        logging.getLogger("dlt").warning("from a library")

    lines = _lines(capsys.readouterr().err)
    assert [line["run_id"] for line in lines] == [run_id, run_id]
    assert lines[0]["message"] == "loaded 42 rows"
    assert lines[0]["table"] == "t"
    assert lines[1]["level"] == "warning"


def test_passwords_and_registered_secrets_are_masked(capsys) -> None:
    configure_logging(json_lines=True)
    register_secrets(["s3-secret-key-value"])
    log = logging.getLogger("orchestration.test")
    log.error("connect postgresql+psycopg://etl:fake-hunter2@db:5432/wh failed")
    log.info("key is %s", "s3-secret-key-value")

    text = capsys.readouterr().err
    assert "fake-hunter2" not in text
    assert "s3-secret-key-value" not in text
    assert "etl:***@db" in _lines(text)[0]["message"]


def test_terminal_lines_are_plain_text_and_the_file_keeps_json(capsys, tmp_path) -> None:
    log_file = tmp_path / "logs" / "warehouse.jsonl"
    configure_logging(json_lines=False, log_file=log_file)
    with run_context("run-42"):
        logging.getLogger("orchestration.test").info("hello", extra={"rows": 3})
        logging.getLogger("orchestration.test").warning("sources not fresh: x")
        logging.getLogger("alembic.runtime.migration").info("Context impl SQLiteImpl.")

    terminal = capsys.readouterr().err.splitlines()
    assert len(terminal) == 2, terminal  # a library's own INFO line: in the file only
    assert re.fullmatch(r"\d\d:\d\d:\d\d hello", terminal[0]), terminal
    assert re.fullmatch(r"\d\d:\d\d:\d\d warning: sources not fresh: x", terminal[1])
    hello, warning, library = _lines(log_file.read_text())
    assert (hello["run_id"], hello["message"], hello["rows"]) == ("run-42", "hello", 3)
    assert "asctime" not in hello
    assert warning["level"] == "warning"
    assert library["logger"] == "alembic.runtime.migration"
