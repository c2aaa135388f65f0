"""The test warehouse of each target (tests/warehouses.py): generate → cycle → changes → cycle."""

from __future__ import annotations

import pytest

from tests.history import DELISTED_STOCK, DIMENSIONS, FACTS  # noqa: F401  (the tests' vocabulary)
from tests.warehouses import Warehouse

History = Warehouse


@pytest.fixture(
    scope="module",
    params=[
        "local",
        pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.mariadb, pytest.mark.s3]),
    ],
)
def history(request: pytest.FixtureRequest) -> Warehouse:
    return request.getfixturevalue(f"warehouse_{request.param}")
