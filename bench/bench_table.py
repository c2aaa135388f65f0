"""Renders run_all's results as one markdown table: each figure, its ratio, target and verdict."""

from __future__ import annotations

# Figure targets: a ratio at least/at most this, or seconds/MB at most this.
PIPE_SHARE = 0.5
PANDAS_TIMES = 25.0
INCREMENTAL_SHARE = 0.05  # extract+load after 1% changed, of a full extract+load
DBT_SHARE = 0.10  # dbt build after the same change, of a full build; also the whole cycle's
# Commit to marts: at scale 1 or less on both targets; above it (scale 100) only on postgres.
SMALL_FRESHNESS_SECONDS = 10.0
LARGE_FRESHNESS_SECONDS = {"postgres": 15.0}
RSS_MB = 500.0
RSS_GROWTH = 1.15  # "the same at 1M and 10M": within 15%, the noise between runs here


def verdict(value: float, target: float, at_least: bool) -> str:
    """'met', or 'missed by Nx' (how far off the target the measured value is)."""
    met = value >= target if at_least else value <= target
    if met:
        return "met"
    factor = target / value if at_least else value / target
    return f"missed by {factor:.2f}x" if factor < 10 else f"missed by {factor:.0f}x"


def row(figure: str, measured: str, value: float, target: float, at_least: bool) -> str:
    goal = f"{'≥' if at_least else '≤'} {target:g}"
    return f"| {figure} | {measured} | {value:.3g} | {goal} | {verdict(value, target, at_least)} |"


def info_row(figure: str, measured: str, value: str) -> str:
    """A row that informs a figure but has no target of its own."""
    return f"| {figure} | {measured} | {value} | - | - |"


def ingest_rows(ingest: dict) -> list[str]:
    rows, full, pandas = ingest["rows"], ingest["full s"], ingest["pandas s"]
    return [
        _pipe_row(ingest, "1 full load vs psql COPY pipe"),
        row(
            "2 full load vs pandas read_sql→to_sql",
            f"pandas {rows / pandas:,.0f} rows/s ({ingest['pandas rss MB']:.0f} MB peak)",
            pandas / full, PANDAS_TIMES, True,
        ),
        *_share_rows(ingest, "sales_order only", (
            ("incremental s", "3 extract+load after 1% changed / full"),
            ("later s", "3 a later cycle after 1% changed / full"),
            ("unchanged s", "3 floor: a run with nothing changed / full"),
        )),
        *_bare_rows(ingest),
        *_sling_rows(ingest, ""),
    ]  # fmt: skip


def _sling_rows(results: dict, where: str) -> list[str]:
    """Sling's direct path beside the pipe and ingest (bench_sling.py). Its ratios read as
    figure 1's: the pipe's seconds over Sling's, and Sling's seconds over ingest's (above 1,
    ingest is the faster)."""
    if "sling full s" not in results:  # results saved before bench_sling.py existed
        return []
    rows, pipe, full, sling = (results[k] for k in ("rows", "pipe s", "full s", "sling full s"))
    inc, sling_inc = results["incremental s"], results["sling incremental s"]
    return [
        info_row(
            f"1 reference: Sling PostgreSQL → PostgreSQL direct vs psql COPY pipe{where}",
            f"{rows:,} rows: Sling {rows / sling:,.0f} rows/s "
            f"({results['sling full rss MB']:.0f} MB peak), pipe {rows / pipe:,.0f} rows/s",
            f"{pipe / sling:.3g}",
        ),
        info_row(
            f"1 Sling direct / ingest via the lake, full load{where}",
            f"Sling {sling:.2f} s vs ingest {full:.2f} s ({results['full rss MB']:.0f} MB peak)",
            f"{sling / full:.3g}",
        ),
        info_row(
            f"3 Sling incremental after 1% changed / Sling full{where}",
            f"{sling_inc:.2f} s vs {sling:.1f} s "
            f"({results['sling incremental rss MB']:.0f} MB peak)",
            f"{sling_inc / sling:.3g}",
        ),
        info_row(
            f"3 Sling incremental / ingest incremental, after 1% changed{where}",
            f"Sling {sling_inc:.2f} s vs ingest {inc:.2f} s",
            f"{sling_inc / inc:.3g}",
        ),
    ]


def _bare_rows(ingest: dict) -> list[str]:
    """The lake-first path with no dlt (bench_bare.py): the same data moved, nothing else done.
    Its ratio to the pipe is the bound for figure 1; ingest's time over it is orchestration."""
    if "bare extract s" not in ingest:  # results saved before bench_bare.py existed
        return []
    rows, pipe, full = ingest["rows"], ingest["pipe s"], ingest["full s"]
    extract, load = ingest["bare extract s"], ingest["bare load s"]
    bare, steps = extract + load, ingest["full steps"]
    return [
        info_row(
            "1 reference: the same path with no dlt vs psql COPY pipe",
            f"{rows:,} rows: connectorx → parquet {extract:.2f} s, ADBC {load:.2f} s "
            f"({rows / bare:,.0f} rows/s)",
            f"{pipe / bare:.3g}",
        ),
        info_row(
            "1 ingest's time over the no-dlt path",
            f"ingest {full:.2f} s (extract {steps['extract']:.2f}, load {steps['load']:.2f}, "
            f"deletions {steps['deletions']:.2f}) vs {bare:.2f} s",
            f"+{full - bare:.2f} s",
        ),
    ]


def _pipe_row(results: dict, figure: str) -> str:
    rows, pipe, full = results["rows"], results["pipe s"], results["full s"]
    return row(
        figure,
        f"{rows:,} rows: ingest {rows / full:,.0f} rows/s, pipe {rows / pipe:,.0f} rows/s",
        pipe / full, PIPE_SHARE, True,
    )  # fmt: skip


def _share_rows(results: dict, where: str, runs: tuple[tuple[str, str], ...]) -> list[str]:
    """Figure 3 rows: each measured run's time as a share of the full run's."""
    full = results["full s"]
    return [
        row(figure, f"{where}: {results[key]:.2f} s vs {full:.1f} s",
            results[key] / full, INCREMENTAL_SHARE, False)
        for key, figure in runs
        if results.get(key)
    ]  # fmt: skip


def memory_rows(ingest: dict, memory: dict) -> list[str]:
    small, large = ingest.get("full rss MB"), memory["full rss MB"]
    lines = [
        row(
            f"5 peak RSS, full load of {memory['rows']:,} rows",
            f"{large:.0f} MB in {memory['full s']:.0f} s",
            large, RSS_MB, False,
        )
    ]  # fmt: skip
    if small:
        lines.append(
            row(
                "5 peak RSS growth, 10x the rows",
                f"{small:.0f} MB at {ingest['rows']:,} → {large:.0f} MB at {memory['rows']:,}",
                large / small, RSS_GROWTH, False,
            )
        )  # fmt: skip
    return lines + _larger_table_rows(memory)


def _larger_table_rows(memory: dict) -> list[str]:
    """Figures 1 and 3 again at the memory run's size, where fixed per-run costs weigh less."""
    # Results saved before the memory run measured the pipe have none.
    pipe = "pipe s" in memory
    lines = [_pipe_row(memory, "1 full load vs psql COPY pipe, larger table")] if pipe else []
    larger = "3 extract+load after 1% changed / full, larger table"
    return lines + _share_rows(memory, f"sales_order, {memory['rows']:,} rows", (
        ("incremental s", larger),
        ("later s", f"{larger}, a later cycle"),
        ("unchanged s", "3 floor: a run with nothing changed / full, larger table"),
        ("indexed s", f"{larger}, a later cycle, change column indexed"),
    )) + _sling_rows(memory, ", larger table")  # fmt: skip


def cycle_rows(name: str, cycle: dict) -> list[str]:
    full, incremental = cycle["full"], cycle["incremental"]
    where = f"{cycle['target']}, scale {cycle['scale']:g}"
    lines = [
        row(
            f"3 extract+load after 1% changed / full ({where})",
            f"{incremental['extract+load']:.1f} s vs {full['extract+load']:.1f} s",
            incremental["extract+load"] / full["extract+load"], INCREMENTAL_SHARE, False,
        ),
        row(
            f"3 dbt build after 1% changed / full ({where})",
            f"{incremental['dbt build']:.1f} s vs {full['dbt build']:.1f} s",
            incremental["dbt build"] / full["dbt build"], DBT_SHARE, False,
        ),
        row(
            f"3 whole cycle after 1% changed / full cycle ({where})",
            f"{cycle['incremental cycle s']:.1f} s vs {cycle['full cycle s']:.1f} s",
            cycle["incremental cycle s"] / cycle["full cycle s"], DBT_SHARE, False,
        ),
        _freshness_row(cycle, where),
        info_row(f"6 dbt build, all models ({where})", "empty marts", f"{full['dbt build']:.1f} s"),
    ]  # fmt: skip
    return lines + _dagster_rows(cycle, where)


def _freshness_row(cycle: dict, where: str) -> str:
    """Figure 4 against its target where this target and scale have one."""
    small = cycle["scale"] <= 1
    target = SMALL_FRESHNESS_SECONDS if small else LARGE_FRESHNESS_SECONDS.get(cycle["target"])
    figure, measured = f"4 freshness ({where})", "s from commit to the row in marts, one cycle"
    if "freshness cycle s" in cycle:  # the row polled by a reader; the cycle goes on after it
        measured += f" (the cycle ended at {cycle['freshness cycle s']:.1f} s)"
    if target is None:
        return info_row(figure, measured, f"{cycle['freshness s']:.1f} s")
    return row(figure, measured, cycle["freshness s"], target, False)


def _dagster_rows(cycle: dict, where: str) -> list[str]:
    """The same change and commit through the Dagster job, beside the CLI's figures."""
    if "dagster incremental" not in cycle:
        return []  # results saved before the Dagster path was measured
    full, dagster = cycle["full"], cycle["dagster incremental"]
    return [
        row(
            f"3 dbt build after 1% changed / full, Dagster job ({where})",
            f"{dagster['dbt build']:.1f} s vs {full['dbt build']:.1f} s",
            dagster["dbt build"] / full["dbt build"], DBT_SHARE, False,
        ),
        info_row(
            f"4 freshness, Dagster job / CLI ({where})", "the same commit, one cycle each",
            f"{cycle['dagster freshness s']:.1f} s vs {cycle['freshness s']:.1f} s = "
            f"{cycle['dagster freshness s'] / cycle['freshness s']:.2f}",
        ),
    ]  # fmt: skip


def render(results: dict) -> str:
    lines = ["| figure | measured | value | target | verdict |", "|---|---|---|---|---|"]
    if ingest := results.get("ingest"):
        lines += ingest_rows(ingest)
    if memory := results.get("memory"):
        lines += memory_rows(results.get("ingest", {}), memory)
    for name, cycle in results.get("cycles", {}).items():
        lines += cycle_rows(name, cycle)
    machine = results.get("machine", {})
    about = ", ".join(f"{k} {v}" for k, v in machine.items())
    return "\n".join([f"Machine: {about}", "", *lines])
