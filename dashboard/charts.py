"""Altair chart builders shared by the pages (Streamlit renders them with Vega-Lite, as SVG).

A chart of money shows one currency: its title and value axis name it. There is no FX rate to
convert with, and adding amounts in different currencies gives a number that means nothing.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

MONEY = ",.2f"
COUNT = ",d"


def line(
    frame: pd.DataFrame,
    x: str,
    y: str,
    color: str | None = None,
    *,
    y_title: str,
    title: str = "",
    value_format: str = MONEY,
) -> alt.Chart:
    """A time line (one per `color` value), with points and tooltips."""
    encoding = {
        "x": alt.X(f"{x}:T", title=None),
        "y": alt.Y(
            f"{y}:Q",
            title=y_title,
            axis=_axis(value_format),
        ),
        "tooltip": [alt.Tooltip(f"{x}:T", title="From"), _value_tooltip(y, y_title, value_format)],
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=None, legend=alt.Legend(orient="top"))
        encoding["tooltip"].append(alt.Tooltip(f"{color}:N", title="Series"))
    return alt.Chart(frame, title=title).mark_line(point=True).encode(**encoding)


def bar(
    frame: pd.DataFrame,
    category: str,
    value: str,
    color: str | None = None,
    *,
    value_title: str,
    title: str = "",
    value_format: str = MONEY,
) -> alt.Chart:
    """Horizontal bars per `category`, largest first; stacked by `color` when given (use a
    colour only where adding up makes sense: never across currencies)."""
    total = f"sum({value})"
    encoding = {
        "y": alt.Y(f"{category}:N", title=None, sort="-x"),
        "x": alt.X(
            f"{total}:Q",
            title=value_title,
            axis=_axis(value_format),
        ),
        "tooltip": [alt.Tooltip(f"{category}:N"), _value_tooltip(total, value_title, value_format)],
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=None, legend=alt.Legend(orient="top"))
        encoding["tooltip"].append(alt.Tooltip(f"{color}:N"))
    return alt.Chart(frame, title=title).mark_bar().encode(**encoding)


def columns_over_time(
    frame: pd.DataFrame, x: str, y: str, *, y_title: str, value_format: str = MONEY
) -> alt.Chart:
    """Vertical bars over time (e.g. one per week), summed over the other columns."""
    total = f"sum({y})"
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:T", title=None),
            y=alt.Y(
                f"{total}:Q",
                title=y_title,
                axis=_axis(value_format),
            ),
            tooltip=[
                alt.Tooltip(f"{x}:T", title="Week of"),
                _value_tooltip(total, y_title, value_format),
            ],
        )
    )


def _axis(value_format: str) -> alt.Axis:
    """Amounts label their axis in SI units, each label on its own ("0", "800k", "2.5M"): two
    decimals there are noise, and a shared prefix would print "0M"."""
    if value_format == MONEY:
        return alt.Axis(labelExpr="format(datum.value, '~s')")
    return alt.Axis(format=value_format)


def _value_tooltip(field: str, title: str, value_format: str) -> alt.Tooltip:
    return alt.Tooltip(f"{field}:Q", title=title, format=value_format)


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


def delay_histogram(delays: pd.DataFrame) -> alt.LayerChart:
    """Payments per day of delay (negative: early), one bar a day wide, stacked by status,
    with a rule at the agreed date. The axis keeps a day either side, so that a single value
    (every payment on its date) still draws a bar of a readable width."""
    days = delays.assign(start=delays["delay_days"] - 0.5, end=delays["delay_days"] + 0.5)
    domain = [float(days["start"].min()) - 1, float(days["end"].max()) + 1]
    x_axis = alt.X(
        "start:Q",
        title="Days after the agreed date (negative: early)",
        axis=alt.Axis(format="d", tickMinStep=1),
    )
    bars = (
        alt.Chart(days)
        .mark_bar()
        .encode(
            x=x_axis.scale(domain=domain, nice=False),
            x2="end:Q",
            y=alt.Y("sum(payments):Q", title="Payments", axis=alt.Axis(format=COUNT)),
            color=alt.Color(
                "status:N",
                title=None,
                legend=alt.Legend(orient="top"),
                scale=alt.Scale(domain=["Paid", "Not paid yet"], range=["#1f77b4", "#ff7f0e"]),
            ),
            tooltip=[
                alt.Tooltip("delay_days:Q", title="Days late"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("sum(payments):Q", title="Payments", format=COUNT),
            ],
        )
    )
    agreed = alt.Chart(pd.DataFrame({"day": [0]})).mark_rule(strokeDash=[4, 4]).encode(x="day:Q")
    return alt.layer(bars, agreed)
