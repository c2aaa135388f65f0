"""What every page shares: the warehouse from the settings, cached queries, filters, messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

import altair as alt
import pandas as pd
import sqlalchemy as sa
import streamlit as st

from dashboard import formatting, queries
from dashboard.warehouse import (
    NoDataError,
    Warehouse,
    WarehouseBusyError,
    WarehouseError,
    query,
)
from orchestration.settings import Settings, SettingsError, load_settings

# Results are reused for a minute: reruns (every widget change) do not reopen the warehouse.
CACHE_SECONDS = 60
NO_DATA = "No data yet: run `make run` to build the warehouse, then reload this page."


@dataclass(frozen=True)
class Filters:
    """The page's filters; every query of the page gets all of them as bound parameters."""

    start_date: dt.date
    end_date: dt.date
    currency: str | None = None

    def params(self, **extra: Any) -> dict[str, Any]:
        return {
            "start_date": self.start_date,
            "end_date": self.end_date,
            "currency": self.currency,
            **extra,
        }


def settings() -> Settings:
    """The deployment's settings, or a one-line error on the page."""
    try:
        return load_settings()
    except SettingsError as error:
        st.error(f"Dashboard settings: {error}")
        st.stop()


def warehouse() -> Warehouse:
    """The warehouse of the settings; stops the page with a message when it holds no marts."""
    resolved = settings()
    found = Warehouse(resolved.target, resolved.warehouse_url)
    if int(fetch(found, queries.HAS_SALES)["fact_rows"].iloc[0]) == 0:
        stop(NoDataError(NO_DATA))
    return found


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _cached_query(target: str, url: str, sql: str, params: tuple[tuple[str, Any], ...]) -> Any:
    return query(Warehouse(target, url), sa.text(sql), dict(params))


def fetch(found: Warehouse, statement: sa.TextClause, params: dict[str, Any] | None = None) -> Any:
    """The statement's rows as a DataFrame; a warehouse problem stops the page with its message."""
    try:
        frame = _cached_query(
            found.target, found.url, str(statement), tuple(sorted((params or {}).items()))
        )
    except WarehouseError as error:
        stop(error)
    return frame.copy()


def stop(error: WarehouseError) -> NoReturn:
    """Show what the user must do instead of the page, and stop the script."""
    if isinstance(error, NoDataError):
        st.info(NO_DATA)
    elif isinstance(error, WarehouseBusyError):
        st.warning(str(error))
    else:
        st.error(str(error))
    st.stop()


def date_filter(found: Warehouse, bounds: sa.TextClause, key: str) -> tuple[dt.date, dt.date]:
    """A sidebar date range over the dates the page's facts cover."""
    frame = fetch(found, bounds)
    first, last = frame["first_date"].iloc[0], frame["last_date"].iloc[0]
    if pd.isna(first) or pd.isna(last):
        stop(NoDataError(NO_DATA))
    first, last = pd.Timestamp(first).date(), pd.Timestamp(last).date()
    picked = st.sidebar.date_input(
        "Date range", value=(first, last), min_value=first, max_value=last, key=key
    )
    # While a user is choosing, the widget returns the start date alone.
    chosen = tuple(picked) if isinstance(picked, tuple | list) else (picked,)
    return chosen[0], chosen[1] if len(chosen) > 1 else last


def currency_filter(found: Warehouse, key: str) -> str | None:
    """A sidebar currency choice; None means every currency."""
    codes = fetch(found, queries.CURRENCIES)["currency_code"].tolist()
    picked = st.sidebar.selectbox("Currency", ["All currencies", *codes], key=key)
    return None if picked == "All currencies" else picked


def filters(
    found: Warehouse, bounds: sa.TextClause, key: str, no_currency: str | None = None
) -> Filters:
    """The page's sidebar filters; `no_currency` says why a page has no currency filter."""
    st.sidebar.header("Filters")
    start, end = date_filter(found, bounds, key=f"{key}_dates")
    if no_currency:
        st.sidebar.caption(no_currency)
        return Filters(start, end)
    return Filters(start, end, currency_filter(found, key=f"{key}_currency"))


def table(frame: pd.DataFrame) -> None:
    """A table with headers in words and formatted numbers (the frame keeps its columns)."""
    st.dataframe(
        frame, hide_index=True, width="stretch", column_config=formatting.column_config(frame)
    )


def data_expander(frame: pd.DataFrame, label: str = "Data") -> None:
    """The numbers behind a chart, for people who want them (and for tests)."""
    with st.expander(label):
        table(frame)


def per_currency(
    frame: pd.DataFrame, draw: Callable[[pd.DataFrame, str], alt.TopLevelMixin]
) -> None:
    """One chart per currency, side by side: amounts in different currencies are never added
    or drawn on one axis. `draw` gets the currency's rows and its code."""
    codes = sorted(frame["currency_code"].unique())
    for column, code in zip(st.columns(max(len(codes), 1)), codes, strict=False):
        column.altair_chart(draw(frame[frame["currency_code"] == code], code), width="stretch")
