"""Fault-suite fixtures: a small deployment per test, and each case's tally for the summary."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import seeds_generator
from orchestration import settings as warehouse_settings
from orchestration.settings import Settings

SCALE = 0.05
SEED = 7


@dataclass
class FaultCase:
    """What one case injected and what it took to recover."""

    name: str
    plan: str = ""  # which fault points the case injects, and how to rerun them
    cycles: int = 0
    faults: int = 0
    recovered: int = 0
    reruns: list[int] = field(default_factory=list)
    rows_lost: int = 0
    duplicates: int = 0
    notes: list[str] = field(default_factory=list)


@pytest.fixture
def fault_case(request: pytest.FixtureRequest) -> Iterator[FaultCase]:
    case = FaultCase(request.node.name)
    yield case
    # Reported with the test, so that the tally (tests/conftest.py) also sees xdist's workers.
    request.node.user_properties.append(("fault_case", dict(case.__dict__)))


def local_settings(root: Path) -> Settings:
    """The embedded target laid out under `root`, as WAREHOUSE_DATA_DIR lays it out."""
    (root / "sources").mkdir(parents=True, exist_ok=True)
    return warehouse_settings.local_settings(root)


def generate(settings: Settings) -> None:
    for source, url in settings.source_urls.items():
        seeds_generator.generate(source, url, scale=SCALE, seed=SEED)


@pytest.fixture
def local(data_dir: Path) -> Settings:
    """The embedded target with both sources generated small (WAREHOUSE_DATA_DIR set)."""
    settings = local_settings(data_dir)
    generate(settings)
    return settings


# The orchestration suite's real SMTP server (aiosmtpd) fixture, reused here.
from tests.orchestration.conftest import smtp_inbox  # noqa: E402, F401
