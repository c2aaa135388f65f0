"""How tables read: headers in words, thousand separators, two decimals for amounts."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

# Headers that the column name does not spell well by itself.
HEADERS = {
    "currency_code": "Currency",
    "run_id": "Run",
    "unique_id": "dbt node",
    "size_mb": "Size (MB)",
    "size_bytes": "Size (bytes)",
    "age_hours": "Age (hours)",
    "duration_seconds": "Duration (s)",
    "execution_seconds": "Time (s)",
    "delay_days": "Days late",
    "is_current": "Current",
    "is_deleted": "Deleted",
}
# Streamlit's number formats: "accounting" is 1,234.00, "localized" 1,234 in the browser's locale.
DECIMALS = "accounting"
WHOLE = "localized"


def header(column: str) -> str:
    """`department_rank` -> "Department rank"."""
    return HEADERS.get(column) or column.replace("_", " ").capitalize()


def column_config(frame: pd.DataFrame) -> dict[str, Any]:
    """A column config for st.dataframe: every header in words, numbers formatted by kind."""
    return {column: _column(column, frame[column]) for column in frame.columns}


def _column(column: str, values: pd.Series) -> Any:
    label = header(column)
    if pd.api.types.is_bool_dtype(values):
        return st.column_config.CheckboxColumn(label)
    if pd.api.types.is_integer_dtype(values):
        return st.column_config.NumberColumn(label, format=WHOLE)
    if pd.api.types.is_float_dtype(values):
        return st.column_config.NumberColumn(label, format=DECIMALS)
    if pd.api.types.is_datetime64_any_dtype(values):
        days_only = (values.dropna() == values.dropna().dt.normalize()).all()
        return st.column_config.DatetimeColumn(
            label, format="YYYY-MM-DD" if days_only else "YYYY-MM-DD HH:mm:ss"
        )
    return st.column_config.Column(label)
