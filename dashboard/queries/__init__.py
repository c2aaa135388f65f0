"""Every SQL statement the dashboard runs, one module per page: portable DuckDB/PostgreSQL,
bound parameters only.

Parameters used throughout: :start_date and :end_date (inclusive dates), :currency (an ISO code,
or NULL for every currency), :stock_id. NULL-able binds are cast so that PostgreSQL can type them.
Orders and payments are read at their latest captured version (the numbers the business sees
today) from the marts.latest_* models, which dbt defines once, for the analyses too. Money is
never added across currencies: every money figure is grouped by currency_code.
"""
