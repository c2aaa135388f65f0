"""totesys's tables as docs/sources.md lists them: PostgreSQL, or its nearest SQLite equivalent."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql

# MySQL's own TIMESTAMP type: a plain sa.TIMESTAMP compiles to TIMESTAMP(6) on MySQL once
# Dagster's storage module is imported (it registers a global SQLAlchemy compiler override).
TIMESTAMP = sa.TIMESTAMP().with_variant(mysql.TIMESTAMP(), "mysql", "mariadb")

PAYMENT_TYPES = ("SALES_RECEIPT", "SALES_REFUND", "PURCHASE_PAYMENT", "PURCHASE_REFUND")
TRANSACTION_TYPES = ("SALE", "PURCHASE")
TEXT, INT, MONEY = sa.Text, sa.Integer, sa.Numeric(10, 2)


def col(name: str, type_: sa.types.TypeEngine | type, *args: object, null: bool = False):
    """A column, NOT NULL unless the spec marks it *null*."""
    return sa.Column(name, type_, *args, nullable=null)


def fk(target: str, ondelete: str = "RESTRICT") -> sa.ForeignKey:
    return sa.ForeignKey(target, onupdate="CASCADE", ondelete=ondelete)


@dataclass
class Builder:
    """Adds totesys tables to one MetaData: integer key first, created_at/last_updated last."""

    dialect: str
    metadata: sa.MetaData = field(default_factory=sa.MetaData)

    @property
    def native(self) -> bool:
        return self.dialect == "postgresql"

    def stamp(self, zoned: bool = False) -> sa.types.TypeEngine:
        if not self.native:
            return TIMESTAMP
        return postgresql.TIMESTAMP(timezone=True) if zoned else postgresql.TIMESTAMP(precision=3)

    def now(self) -> sa.sql.ClauseElement:
        return sa.func.now() if self.native else sa.text("CURRENT_TIMESTAMP")

    def enum(self, name: str, values: tuple[str, ...]) -> sa.types.TypeEngine:
        # PostgreSQL gets the real enum type; elsewhere a CHECK constraint keeps the same values.
        if self.native:
            return postgresql.ENUM(*values, name=name)
        return sa.Enum(*values, name=name, native_enum=False, create_constraint=True)

    def table(self, name: str, *items: sa.schema.SchemaItem) -> sa.Table:
        return sa.Table(
            name,
            self.metadata,
            sa.Column(f"{name}_id", sa.Integer, primary_key=True, autoincrement=True),
            *items,
            sa.Column("created_at", self.stamp(), nullable=False, server_default=self.now()),
            sa.Column("last_updated", self.stamp(), nullable=False),  # the application sets it
        )


def totesys_metadata(dialect: str) -> sa.MetaData:
    build = Builder(dialect)
    _reference_tables(build)
    _order_tables(build)
    _money_tables(build)
    _prisma_migrations(build)
    return build.metadata


def _reference_tables(build: Builder) -> None:
    build.table(
        "address",
        col("address_line_1", TEXT),
        col("address_line_2", TEXT, null=True),
        col("district", TEXT, null=True),
        *(col(name, TEXT) for name in ("city", "postal_code", "country", "phone")),
    )
    build.table(
        "counterparty",
        col("counterparty_legal_name", TEXT),
        col("legal_address_id", INT, fk("address.address_id")),
        col("commercial_contact", TEXT, null=True),
        col("delivery_contact", TEXT, null=True),
    )
    build.table("currency", col("currency_code", sa.String(3)))
    build.table(
        "department",
        col("department_name", TEXT),
        col("location", TEXT, null=True),
        col("manager", TEXT, null=True),
    )
    build.table(
        "design", *(col(name, TEXT) for name in ("design_name", "file_location", "file_name"))
    )
    build.table(
        "staff",
        col("first_name", TEXT),
        col("last_name", TEXT),
        col("department_id", INT, fk("department.department_id")),
        col("email_address", TEXT),
    )


def _agreed_terms() -> list[sa.Column]:
    return [
        col("currency_id", INT, fk("currency.currency_id")),
        col("agreed_delivery_date", TEXT),  # yyyy-mm-dd as text, as in the real database
        col("agreed_payment_date", TEXT),
        col("agreed_delivery_location_id", INT, fk("address.address_id")),
    ]


def _order_tables(build: Builder) -> None:
    parties = ("staff_id", "staff.staff_id"), ("counterparty_id", "counterparty.counterparty_id")
    build.table(
        "sales_order",
        col("design_id", INT, fk("design.design_id")),
        *(col(name, INT, fk(target)) for name, target in parties),
        col("units_sold", INT),
        col("unit_price", MONEY),
        *_agreed_terms(),
    )
    build.table(
        "purchase_order",
        *(col(name, INT, fk(target)) for name, target in parties),
        col("item_code", TEXT),
        col("item_quantity", INT),
        col("item_unit_price", MONEY),
        *_agreed_terms(),
    )


def _money_tables(build: Builder) -> None:
    build.table(
        "payment_type", col("payment_type_name", build.enum("payment_type_name", PAYMENT_TYPES))
    )
    build.table(
        "transaction",
        col("transaction_type", build.enum("transaction_type", TRANSACTION_TYPES)),
        col("sales_order_id", INT, fk("sales_order.sales_order_id", "SET NULL"), null=True),
        col(
            "purchase_order_id", INT, fk("purchase_order.purchase_order_id", "SET NULL"), null=True
        ),
        sa.UniqueConstraint("sales_order_id", name="transaction_sales_order_id_key"),
        sa.UniqueConstraint("purchase_order_id", name="transaction_purchase_order_id_key"),
    )
    build.table(
        "payment",
        col("transaction_id", INT, fk("transaction.transaction_id")),
        col("counterparty_id", INT, fk("counterparty.counterparty_id")),
        col("payment_amount", MONEY),
        col("currency_id", INT, fk("currency.currency_id")),
        col("payment_type_id", INT, fk("payment_type.payment_type_id")),
        col("paid", sa.Boolean),
        col("payment_date", TEXT),
        col("company_ac_number", INT),
        col("counterparty_ac_number", INT),
        sa.UniqueConstraint("transaction_id", name="payment_transaction_id_key"),
    )


def _prisma_migrations(build: Builder) -> sa.Table:
    """Prisma's bookkeeping table, present in the real database; pipelines must skip it."""
    zoned = build.stamp(zoned=True)
    return sa.Table(
        "_prisma_migrations",
        build.metadata,
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("checksum", sa.String(64), nullable=False),
        sa.Column("finished_at", zoned),
        sa.Column("migration_name", sa.String(255), nullable=False),
        sa.Column("logs", sa.Text),
        sa.Column("rolled_back_at", zoned),
        sa.Column("started_at", zoned, nullable=False, server_default=build.now()),
        sa.Column("applied_steps_count", sa.Integer, nullable=False, server_default="0"),
    )
