"""Table definitions of the two sources (spec/sources.md), rendered per database engine."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

SOURCES = ("totesys", "stock_db")
PAYMENT_TYPES = ("SALES_RECEIPT", "SALES_REFUND", "PURCHASE_PAYMENT", "PURCHASE_REFUND")
TRANSACTION_TYPES = ("SALE", "PURCHASE")


def build_metadata(source: str, dialect: str) -> sa.MetaData:
    """The tables of `source` as the given dialect (postgresql, mysql, sqlite) should hold them."""
    if source == "totesys":
        return _totesys(dialect)
    return _stock_db(dialect)


def _enum(dialect: str, name: str, values: tuple[str, ...]) -> sa.types.TypeEngine:
    # PostgreSQL gets the real enum type; elsewhere a CHECK constraint keeps the same values.
    if dialect == "postgresql":
        return postgresql.ENUM(*values, name=name)
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True)


def _fk(target: str, ondelete: str = "RESTRICT") -> sa.ForeignKey:
    return sa.ForeignKey(target, onupdate="CASCADE", ondelete=ondelete)


def _totesys(dialect: str) -> sa.MetaData:
    metadata = sa.MetaData()
    stamp = postgresql.TIMESTAMP(precision=3) if dialect == "postgresql" else sa.TIMESTAMP()
    now = sa.func.now() if dialect == "postgresql" else sa.text("CURRENT_TIMESTAMP")
    money = sa.Numeric(10, 2)

    def table(name: str, *columns: sa.schema.SchemaItem) -> sa.Table:
        return sa.Table(
            name,
            metadata,
            sa.Column(f"{name}_id", sa.Integer, primary_key=True, autoincrement=True),
            *columns,
            sa.Column("created_at", stamp, nullable=False, server_default=now),
            sa.Column("last_updated", stamp, nullable=False),
        )

    def col(name: str, type_: sa.types.TypeEngine | type, *args: object, **kw: object):
        kw.setdefault("nullable", False)
        return sa.Column(name, type_, *args, **kw)

    text, integer = sa.Text, sa.Integer
    table(
        "address",
        col("address_line_1", text),
        col("address_line_2", text, nullable=True),
        col("district", text, nullable=True),
        col("city", text),
        col("postal_code", text),
        col("country", text),
        col("phone", text),
    )
    table(
        "counterparty",
        col("counterparty_legal_name", text),
        col("legal_address_id", integer, _fk("address.address_id")),
        col("commercial_contact", text, nullable=True),
        col("delivery_contact", text, nullable=True),
    )
    table("currency", col("currency_code", sa.String(3)))
    table(
        "department",
        col("department_name", text),
        col("location", text, nullable=True),
        col("manager", text, nullable=True),
    )
    table("design", col("design_name", text), col("file_location", text), col("file_name", text))
    table(
        "staff",
        col("first_name", text),
        col("last_name", text),
        col("department_id", integer, _fk("department.department_id")),
        col("email_address", text),
    )
    table(
        "sales_order",
        col("design_id", integer, _fk("design.design_id")),
        col("staff_id", integer, _fk("staff.staff_id")),
        col("counterparty_id", integer, _fk("counterparty.counterparty_id")),
        col("units_sold", integer),
        col("unit_price", money),
        col("currency_id", integer, _fk("currency.currency_id")),
        col("agreed_delivery_date", text),
        col("agreed_payment_date", text),
        col("agreed_delivery_location_id", integer, _fk("address.address_id")),
    )
    table(
        "purchase_order",
        col("staff_id", integer, _fk("staff.staff_id")),
        col("counterparty_id", integer, _fk("counterparty.counterparty_id")),
        col("item_code", text),
        col("item_quantity", integer),
        col("item_unit_price", money),
        col("currency_id", integer, _fk("currency.currency_id")),
        col("agreed_delivery_date", text),
        col("agreed_payment_date", text),
        col("agreed_delivery_location_id", integer, _fk("address.address_id")),
    )
    table(
        "payment_type", col("payment_type_name", _enum(dialect, "payment_type_name", PAYMENT_TYPES))
    )
    table(
        "transaction",
        col("transaction_type", _enum(dialect, "transaction_type", TRANSACTION_TYPES)),
        col(
            "sales_order_id", integer, _fk("sales_order.sales_order_id", "SET NULL"), nullable=True
        ),
        col(
            "purchase_order_id",
            integer,
            _fk("purchase_order.purchase_order_id", "SET NULL"),
            nullable=True,
        ),
        sa.UniqueConstraint("sales_order_id", name="transaction_sales_order_id_key"),
        sa.UniqueConstraint("purchase_order_id", name="transaction_purchase_order_id_key"),
    )
    table(
        "payment",
        col("transaction_id", integer, _fk("transaction.transaction_id")),
        col("counterparty_id", integer, _fk("counterparty.counterparty_id")),
        col("payment_amount", money),
        col("currency_id", integer, _fk("currency.currency_id")),
        col("payment_type_id", integer, _fk("payment_type.payment_type_id")),
        col("paid", sa.Boolean),
        col("payment_date", text),
        col("company_ac_number", integer),
        col("counterparty_ac_number", integer),
        sa.UniqueConstraint("transaction_id", name="payment_transaction_id_key"),
    )
    _prisma_migrations(metadata, dialect)
    return metadata


def _prisma_migrations(metadata: sa.MetaData, dialect: str) -> sa.Table:
    """Prisma's bookkeeping table, present in the real database; pipelines must skip it."""
    zoned = postgresql.TIMESTAMP(timezone=True) if dialect == "postgresql" else sa.TIMESTAMP()
    now = sa.func.now() if dialect == "postgresql" else sa.text("CURRENT_TIMESTAMP")
    return sa.Table(
        "_prisma_migrations",
        metadata,
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("checksum", sa.String(64), nullable=False),
        sa.Column("finished_at", zoned),
        sa.Column("migration_name", sa.String(255), nullable=False),
        sa.Column("logs", sa.Text),
        sa.Column("rolled_back_at", zoned),
        sa.Column("started_at", zoned, nullable=False, server_default=now),
        sa.Column("applied_steps_count", sa.Integer, nullable=False, server_default="0"),
    )


def _stock_db(dialect: str) -> sa.MetaData:
    metadata = sa.MetaData()
    # Explicit DEFAULTs: MariaDB must not add ON UPDATE CURRENT_TIMESTAMP, the generator sets them.
    now = sa.text("CURRENT_TIMESTAMP")
    sa.Table(
        "stock",
        metadata,
        sa.Column("stock_id", sa.String(5), primary_key=True),
        sa.Column("company", sa.String(100), nullable=False, unique=True),
        sa.Column("category", sa.String(100), nullable=False),
        sa.Column("price", sa.Numeric(10, 2), nullable=False),
    )
    sa.Table(
        "user",
        metadata,
        sa.Column("user_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("email", sa.String(100), nullable=False),
        sa.Column("updated_at", sa.TIMESTAMP(), nullable=False, server_default=now),
        sa.Column("status", sa.CHAR(1), nullable=True),
    )
    sa.Table(
        "transaction",
        metadata,
        sa.Column("transaction_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("user.user_id", ondelete="SET NULL")),
        sa.Column(
            "stock_id",
            sa.String(5),
            sa.ForeignKey("stock.stock_id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("transaction_date", sa.TIMESTAMP(), nullable=False, server_default=now),
    )
    return metadata
