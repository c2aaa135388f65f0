"""Dagster's view of the cycle: assets, the job, its schedule and resources."""
