"""The created schema matches docs/sources.md on every engine, checked by introspection."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from seeds_generator import generate
from tests.seeds_generator.conftest import SCALE, Case
from tests.seeds_generator.helpers import engine_for

# docs/sources.md, written out independently of seeds_generator.schemas: (column, kind, nullable).
STAMPS = [("created_at", "ts", False), ("last_updated", "ts", False)]
TOTESYS = {
    "address": [("address_id", "int", False), ("address_line_1", "text", False),
                ("address_line_2", "text", True), ("district", "text", True),
                ("city", "text", False), ("postal_code", "text", False),
                ("country", "text", False), ("phone", "text", False)],
    "counterparty": [("counterparty_id", "int", False), ("counterparty_legal_name", "text", False),
                     ("legal_address_id", "int", False), ("commercial_contact", "text", True),
                     ("delivery_contact", "text", True)],
    "currency": [("currency_id", "int", False), ("currency_code", "varchar3", False)],
    "department": [("department_id", "int", False), ("department_name", "text", False),
                   ("location", "text", True), ("manager", "text", True)],
    "design": [("design_id", "int", False), ("design_name", "text", False),
               ("file_location", "text", False), ("file_name", "text", False)],
    "staff": [("staff_id", "int", False), ("first_name", "text", False),
              ("last_name", "text", False), ("department_id", "int", False),
              ("email_address", "text", False)],
    "sales_order": [("sales_order_id", "int", False), ("design_id", "int", False),
                    ("staff_id", "int", False), ("counterparty_id", "int", False),
                    ("units_sold", "int", False), ("unit_price", "money", False),
                    ("currency_id", "int", False), ("agreed_delivery_date", "text", False),
                    ("agreed_payment_date", "text", False),
                    ("agreed_delivery_location_id", "int", False)],
    "purchase_order": [("purchase_order_id", "int", False), ("staff_id", "int", False),
                       ("counterparty_id", "int", False), ("item_code", "text", False),
                       ("item_quantity", "int", False), ("item_unit_price", "money", False),
                       ("currency_id", "int", False), ("agreed_delivery_date", "text", False),
                       ("agreed_payment_date", "text", False),
                       ("agreed_delivery_location_id", "int", False)],
    "payment_type": [("payment_type_id", "int", False),
                     ("payment_type_name", "enum:payment_type_name", False)],
    "transaction": [("transaction_id", "int", False),
                    ("transaction_type", "enum:transaction_type", False),
                    ("sales_order_id", "int", True), ("purchase_order_id", "int", True)],
    "payment": [("payment_id", "int", False), ("transaction_id", "int", False),
                ("counterparty_id", "int", False), ("payment_amount", "money", False),
                ("currency_id", "int", False), ("payment_type_id", "int", False),
                ("paid", "bool", False), ("payment_date", "text", False),
                ("company_ac_number", "int", False), ("counterparty_ac_number", "int", False)],
}  # fmt: skip
# (table, column) -> (parent table, ON DELETE rule)
TOTESYS_FKS = {
    ("counterparty", "legal_address_id"): ("address", "RESTRICT"),
    ("staff", "department_id"): ("department", "RESTRICT"),
    ("sales_order", "design_id"): ("design", "RESTRICT"),
    ("sales_order", "staff_id"): ("staff", "RESTRICT"),
    ("sales_order", "counterparty_id"): ("counterparty", "RESTRICT"),
    ("sales_order", "currency_id"): ("currency", "RESTRICT"),
    ("sales_order", "agreed_delivery_location_id"): ("address", "RESTRICT"),
    ("purchase_order", "staff_id"): ("staff", "RESTRICT"),
    ("purchase_order", "counterparty_id"): ("counterparty", "RESTRICT"),
    ("purchase_order", "currency_id"): ("currency", "RESTRICT"),
    ("purchase_order", "agreed_delivery_location_id"): ("address", "RESTRICT"),
    ("transaction", "sales_order_id"): ("sales_order", "SET NULL"),
    ("transaction", "purchase_order_id"): ("purchase_order", "SET NULL"),
    ("payment", "transaction_id"): ("transaction", "RESTRICT"),
    ("payment", "counterparty_id"): ("counterparty", "RESTRICT"),
    ("payment", "currency_id"): ("currency", "RESTRICT"),
    ("payment", "payment_type_id"): ("payment_type", "RESTRICT"),
}
TOTESYS_UNIQUE = {("transaction", "sales_order_id"), ("transaction", "purchase_order_id"),
                  ("payment", "transaction_id")}  # fmt: skip
ENUMS = {
    "payment_type_name": {"SALES_RECEIPT", "SALES_REFUND", "PURCHASE_PAYMENT", "PURCHASE_REFUND"},
    "transaction_type": {"SALE", "PURCHASE"},
}
# What each kind compiles to on each engine.
TYPES = {
    "postgresql": {"int": "INTEGER", "text": "TEXT", "ts": "TIMESTAMP(3) WITHOUT TIME ZONE",
                   "money": "NUMERIC(10, 2)", "varchar3": "VARCHAR(3)", "bool": "BOOLEAN"},
    "sqlite": {"int": "INTEGER", "text": "TEXT", "ts": "TIMESTAMP", "money": "NUMERIC(10, 2)",
               "varchar3": "VARCHAR(3)", "bool": "BOOLEAN"},
}  # fmt: skip


def _generated(case: Case) -> str:
    url = case.new_url()
    generate(case.source, url, scale=SCALE)
    return url


def _compiled(engine: sa.Engine, column: dict) -> str:
    return column["type"].compile(dialect=engine.dialect)


def test_totesys_columns_types_and_nullability(totesys_case: Case) -> None:
    with engine_for(_generated(totesys_case)) as engine:
        inspector = sa.inspect(engine)
        assert set(inspector.get_table_names()) == {*TOTESYS, "_prisma_migrations"}
        for table, spec in TOTESYS.items():
            columns = inspector.get_columns(table)
            expected = [(name, kind, null) for name, kind, null in spec + STAMPS]
            assert [c["name"] for c in columns] == [name for name, _, _ in expected], table
            for column, (name, kind, nullable) in zip(columns, expected, strict=True):
                assert column["nullable"] is nullable, f"{table}.{name}"
                _assert_type(engine, inspector, table, column, kind)


def _assert_type(engine, inspector, table: str, column: dict, kind: str) -> None:
    where = f"{table}.{column['name']}"
    if not kind.startswith("enum:"):
        assert _compiled(engine, column) == TYPES[engine.dialect.name][kind], where
        return
    name = kind.removeprefix("enum:")
    if engine.dialect.name == "postgresql":  # a real enum type with the spec's values
        assert column["type"].name == name, where
        assert set(column["type"].enums) == ENUMS[name], where
        return
    checks = [c["sqltext"] for c in inspector.get_check_constraints(table)]
    assert any(all(f"'{value}'" in text for value in ENUMS[name]) for text in checks), where


def test_totesys_keys_defaults_and_constraints(totesys_case: Case) -> None:
    with engine_for(_generated(totesys_case)) as engine:
        inspector = sa.inspect(engine)
        found_fks, found_unique = {}, set()
        for table in TOTESYS:
            assert inspector.get_pk_constraint(table)["constrained_columns"] == [f"{table}_id"]
            columns = {c["name"]: c for c in inspector.get_columns(table)}
            assert "now()" in str(columns["created_at"]["default"]).lower() or (
                "current_timestamp" in str(columns["created_at"]["default"]).lower()
            )
            assert columns["last_updated"]["default"] is None
            if engine.dialect.name == "postgresql":  # integer keys fed by a sequence
                assert "nextval" in str(columns[f"{table}_id"]["default"])
            for fk in inspector.get_foreign_keys(table):
                key = (table, fk["constrained_columns"][0])
                found_fks[key] = (fk["referred_table"], fk["options"].get("ondelete"))
                assert fk["options"].get("onupdate") == "CASCADE", key
            found_unique |= {
                (table, u["column_names"][0]) for u in inspector.get_unique_constraints(table)
            }
        assert found_fks == TOTESYS_FKS
        assert found_unique == TOTESYS_UNIQUE


@pytest.mark.postgres
def test_postgres_has_the_two_enum_types_and_prisma_table(make_pg_database) -> None:
    url = make_pg_database()
    generate("totesys", url, scale=SCALE)
    with engine_for(url) as engine, engine.connect() as conn:
        enums = conn.exec_driver_sql(
            "SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) "
            "FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname"
        ).all()
        columns = {c["name"] for c in sa.inspect(engine).get_columns("_prisma_migrations")}
    assert {name: set(values) for name, values in enums} == ENUMS
    assert {"id", "checksum", "migration_name", "finished_at", "applied_steps_count"} <= columns


STOCK = {
    "stock": [("stock_id", "VARCHAR(5)", False), ("company", "VARCHAR(100)", False),
              ("category", "VARCHAR(100)", False), ("price", "DECIMAL(10, 2)", False)],
    "user": [("user_id", "INTEGER", False), ("name", "VARCHAR(100)", False),
             ("email", "VARCHAR(100)", False), ("updated_at", "TIMESTAMP", False),
             ("status", "CHAR(1)", True)],
    "transaction": [("transaction_id", "INTEGER", False), ("user_id", "INTEGER", True),
                    ("stock_id", "VARCHAR(5)", False), ("quantity", "INTEGER", False),
                    ("transaction_date", "TIMESTAMP", False)],
}  # fmt: skip


def _normalised(engine: sa.Engine, column: dict) -> str:
    # MariaDB shows INTEGER(11) and DECIMAL, SQLite NUMERIC: the same declared types.
    text = _compiled(engine, column).replace("INTEGER(11)", "INTEGER")
    return text.replace("NUMERIC(10, 2)", "DECIMAL(10, 2)")


def test_stock_db_schema(stock_case: Case) -> None:
    with engine_for(_generated(stock_case)) as engine:
        inspector = sa.inspect(engine)
        assert set(inspector.get_table_names()) == set(STOCK)
        for table, spec in STOCK.items():
            columns = inspector.get_columns(table)
            actual = [(c["name"], _normalised(engine, c), c["nullable"]) for c in columns]
            assert actual == spec, table
            key = inspector.get_pk_constraint(table)["constrained_columns"]
            assert key == [spec[0][0]]
        fks = {
            (fk["constrained_columns"][0], fk["referred_table"], fk["options"].get("ondelete"))
            for fk in inspector.get_foreign_keys("transaction")
        }
        # MariaDB reports its default rule, RESTRICT, as no option at all.
        assert fks in (
            {("user_id", "user", "SET NULL"), ("stock_id", "stock", "RESTRICT")},
            {("user_id", "user", "SET NULL"), ("stock_id", "stock", None)},
        )
        unique = [u["column_names"] for u in inspector.get_unique_constraints("stock")]
        assert unique == [["company"]]


@pytest.mark.mariadb
def test_mariadb_timestamps_do_not_auto_update(make_mariadb_database) -> None:
    url = make_mariadb_database()
    generate("stock_db", url, scale=SCALE)
    with engine_for(url) as engine, engine.connect() as conn:
        for table in ("user", "transaction"):
            quoted = engine.dialect.identifier_preparer.quote(table)
            ddl = conn.exec_driver_sql(f"SHOW CREATE TABLE {quoted}").one()[1].lower()
            assert "on update" not in ddl
            assert "default current_timestamp()" in ddl
        updated_before = conn.exec_driver_sql("SELECT updated_at FROM `user` WHERE user_id = 1")
        before = updated_before.scalar()
        conn.exec_driver_sql("UPDATE `user` SET name = 'Renamed' WHERE user_id = 1")
        after = conn.exec_driver_sql("SELECT updated_at FROM `user` WHERE user_id = 1").scalar()
    assert after == before
