"""The cycle and its steps: ingest, dbt build, freshness, publish, record."""
