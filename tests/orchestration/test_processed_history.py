"""processed/ after real cycles on both targets: each mart's folder, read whole, is the mart.

The session's test warehouses have had three cycles (amended orders, a stock deleted from its
source, new trades). What one more cycle on a copy rewrites (only what changed) is checked with
the same source change in tests/orchestration/test_one_path.py.
"""

from __future__ import annotations

import pytest

from tests.orchestration.processed import assert_processed_is_the_marts, published_files

pytestmark = pytest.mark.e2e
TARGETS = ["local", "postgres"]


@pytest.mark.parametrize("history_target", TARGETS)
def test_after_the_history_each_folder_read_whole_is_its_mart(request, history_target: str) -> None:
    settings = request.getfixturevalue(f"warehouse_{history_target}").settings

    assert_processed_is_the_marts(settings)
    # The facts were appended to, load by load, in the lake's dated layout: the first cycle's
    # files are still there beside the later cycles'.
    files = published_files(settings, "fact_stock_transaction")
    assert all(path.startswith("year=") for path in files)
    assert len(set(files.values())) >= 2
