"""Altair chart builders shared by the pages (Streamlit renders them with Vega-Lite)."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

MONEY = ",.2f"


def line(
    frame: pd.DataFrame, x: str, y: str, color: str | None = None, *, y_title: str
) -> alt.Chart:
    """A time line per `color` value, with points and tooltips."""
    encoding = {
        "x": alt.X(f"{x}:T", title=None),
        "y": alt.Y(f"{y}:Q", title=y_title),
        "tooltip": [alt.Tooltip(f"{x}:T"), alt.Tooltip(f"{y}:Q", format=MONEY)],
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=None)
        encoding["tooltip"].append(alt.Tooltip(f"{color}:N"))
    return alt.Chart(frame).mark_line(point=True).encode(**encoding)


def bar(
    frame: pd.DataFrame,
    category: str,
    value: str,
    color: str | None = None,
    *,
    value_title: str,
    horizontal: bool = True,
) -> alt.Chart:
    """Bars per `category` (largest first), stacked by `color` when given."""
    category_axis = alt.Y if horizontal else alt.X
    value_axis = alt.X if horizontal else alt.Y
    encoding = {
        ("y" if horizontal else "x"): category_axis(f"{category}:N", title=None, sort="-x"),
        ("x" if horizontal else "y"): value_axis(f"sum({value}):Q", title=value_title),
        "tooltip": [alt.Tooltip(f"{category}:N"), alt.Tooltip(f"sum({value}):Q", format=MONEY)],
    }
    if not horizontal:
        encoding["x"] = alt.X(f"{category}:T", title=None)  # vertical bars are over time
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=None)
        encoding["tooltip"].append(alt.Tooltip(f"{color}:N"))
    return alt.Chart(frame).mark_bar().encode(**encoding)


def price_steps(history: pd.DataFrame, until: dt.date) -> alt.Chart:
    """SCD2 versions as a step line: each price holds until the next version (or `until`)."""
    last = history.iloc[[-1]].copy()
    end = min(pd.Timestamp(until) + pd.Timedelta(days=1), pd.Timestamp(last["valid_to"].iloc[0]))
    last["shown_from"] = end  # the last version's price held to the end of the range
    frame = pd.concat([history, last], ignore_index=True)
    return (
        alt.Chart(frame)
        .mark_line(interpolate="step-after", point=True)
        .encode(
            x=alt.X("shown_from:T", title=None),
            y=alt.Y("price:Q", title="Price", scale=alt.Scale(zero=False)),
            tooltip=[alt.Tooltip("valid_from:T"), alt.Tooltip("price:Q", format=MONEY)],
        )
    )


def trades_per_day(trades: pd.DataFrame) -> alt.LayerChart:
    """Trades (bars, left axis) and traded value (line, right axis) per day."""
    base = alt.Chart(trades).encode(x=alt.X("trade_date:T", title=None))
    counts = base.mark_bar(opacity=0.5).encode(y=alt.Y("sum(trades):Q", title="Trades"))
    values = base.mark_line(color="#d62728").encode(
        y=alt.Y("sum(traded_value):Q", title="Traded value (line)")
    )
    return alt.layer(counts, values).resolve_scale(y="independent")
