"""Runs dbt in-process (dbtRunner), reusing the parsed manifest between calls of one process."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from dbt.cli.main import dbtRunner, dbtRunnerResult

from orchestration.settings import Settings

# dbt's start-up and parse cost far more than one cycle's SQL: a
# process that calls dbt again (the scheduler, tests) parses once per project, target and env.
_MANIFESTS: dict[tuple[str, ...], Any] = {}
# dbt reads os.environ and global flags: one invocation at a time per process.
_LOCK = threading.Lock()


def run_dbt(settings: Settings, args: list[str]) -> dbtRunnerResult:
    """`dbt <args>` on the project for settings.target, with the env its profiles.yml reads."""
    env = settings.dbt_env()
    key = (
        str(settings.dbt_project_dir),
        settings.target,
        *sorted(f"{k}={v}" for k, v in env.items()),
    )
    with _LOCK, _environment(env):
        manifest = _MANIFESTS.get(key)
        if manifest is None:
            parsed = dbtRunner().invoke(["parse", "--quiet", *_location_args(settings)])
            if not parsed.success:
                return parsed
            manifest = _MANIFESTS[key] = parsed.result
        return dbtRunner(manifest=manifest).invoke([*args, *_location_args(settings)])


def forget_manifests() -> None:
    """Drops the parsed manifests, e.g. after the project's files changed."""
    with _LOCK:
        _MANIFESTS.clear()


def _location_args(settings: Settings) -> list[str]:
    project_dir = str(settings.dbt_project_dir)
    return [
        "--project-dir",
        project_dir,
        "--profiles-dir",
        project_dir,
        "--target",
        settings.target,
        "--target-path",
        str(settings.dbt_target_dir),
        "--log-path",
        str(settings.dbt_log_dir),
    ]


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    """Sets `values` in os.environ for the duration, then restores what was there."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
