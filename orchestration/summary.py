"""The short, human-readable summary `warehouse run` prints after each cycle."""

from __future__ import annotations

from collections import defaultdict

from orchestration.report import CycleReport

LAYER_ORDER = ("staging", "snapshots", "intermediate", "marts")


def _tables(report: CycleReport) -> list[str]:
    lines = [f"  {'table':<32} {'extracted':>10} {'loaded':>10} {'deleted':>8}"]
    for table in report.tables:
        name = f"{table.source}.{table.table}"
        lines.append(
            f"  {name:<32} {table.rows_extracted:>10,} {table.rows_loaded:>10,}"
            f" {table.rows_deleted:>8,}"
        )
    return lines


def _layers(report: CycleReport) -> list[str]:
    by_layer: dict[str, dict[str, int]] = defaultdict(dict)
    for (layer, status), count in report.models_built().items():
        by_layer[layer][status] = count
    rank = {layer: position for position, layer in enumerate(LAYER_ORDER)}
    ordered = sorted(by_layer, key=lambda layer: (rank.get(layer, len(rank)), layer))
    return [
        f"  {layer:<14} "
        + ", ".join(f"{count} {status}" for status, count in sorted(by_layer[layer].items()))
        for layer in ordered
    ]


def _tests(report: CycleReport) -> str:
    outcomes = report.test_outcomes()
    return (
        f"  passed {outcomes['pass']}, warned {outcomes['warn']}, "
        f"failed {outcomes['fail'] + outcomes['error']}, skipped {outcomes['skipped']}"
    )


def format_summary(report: CycleReport) -> str:
    """Rows per table, models per layer, test outcomes, time per step, and the verdict."""
    # Sub-steps ("ingest totesys/extract") are already counted in their step.
    total = sum(item.seconds for item in report.steps if "/" not in item.step)
    lines = [f"cycle {report.run_id} on {report.target}: {report.status.upper()}"]
    if report.failed_step:
        lines.append(f"  failed step: {report.failed_step}: {report.error}")
    if report.tables:
        lines += ["rows per table:", *_tables(report)]
    if report.nodes:
        lines += ["models per layer:", *_layers(report), "tests:", _tests(report)]
    lines.append("time per step:")
    lines += [f"  {item.step:<28} {item.seconds:>7.1f}s  {item.status}" for item in report.steps]
    lines.append(f"  {'total':<28} {total:>7.1f}s")
    return "\n".join(lines)
