"""The small reference tables of totesys: addresses, counterparties, staff, designs and the like."""

from __future__ import annotations

import hashlib
import random
import uuid
from datetime import datetime, timedelta

from faker import Faker

from seeds_generator.schemas import PAYMENT_TYPES
from seeds_generator.timeline import HISTORY_END, HISTORY_START

Row = dict[str, object]
ADDRESSES, COUNTERPARTIES, STAFF, DESIGNS = 30, 20, 20, 470
CURRENCIES = ("GBP", "USD", "EUR")
# The real data spells Dispatch's location "Leds"; the quirk is kept on purpose.
DEPARTMENTS = (
    ("Sales", "Manchester"),
    ("Purchasing", "Manchester"),
    ("Finance", "Manchester"),
    ("Facilities", "Manchester"),
    ("Production", "Leeds"),
    ("Communications", "Leeds"),
    ("HR", "Leeds"),
    ("Dispatch", "Leds"),
)
MS = timedelta(milliseconds=1)


def stamped(row: Row, created: datetime, updated: datetime | None = None) -> Row:
    row["created_at"] = created
    row["last_updated"] = updated or created
    return row


def reference_rows(rng: random.Random, fake: Faker) -> dict[str, list[Row]]:
    """Every reference table, in an order that satisfies the foreign keys."""
    return {
        "address": [address_row(fake, i) for i in range(1, ADDRESSES + 1)],
        "counterparty": [counterparty_row(rng, fake, i) for i in range(1, COUNTERPARTIES + 1)],
        "currency": numbered("currency", [{"currency_code": code} for code in CURRENCIES]),
        "department": numbered(
            "department",
            [
                {"department_name": name, "location": place, "manager": fake.name()}
                for name, place in DEPARTMENTS
            ],
        ),
        "design": design_rows(rng, fake),
        "staff": [staff_row(rng, fake, i) for i in range(1, STAFF + 1)],
        "payment_type": numbered(
            "payment_type", [{"payment_type_name": name} for name in PAYMENT_TYPES]
        ),
        "_prisma_migrations": prisma_rows(rng),
    }


def numbered(table: str, rows: list[Row]) -> list[Row]:
    """Rows given their ids 1..n, present since the start of the history."""
    return [stamped({f"{table}_id": i, **row}, HISTORY_START) for i, row in enumerate(rows, 1)]


def address_row(fake: Faker, address_id: int) -> Row:
    return stamped(
        {
            "address_id": address_id,
            "address_line_1": fake.street_address(),
            "address_line_2": fake.secondary_address() if fake.boolean(60) else None,
            "district": fake.county() if fake.boolean(50) else None,
            "city": fake.city(),
            "postal_code": fake.postcode(),
            "country": fake.country(),
            "phone": fake.phone_number(),
        },
        HISTORY_START,
    )


def counterparty_row(rng: random.Random, fake: Faker, counterparty_id: int) -> Row:
    # Drawn with replacement from the addresses, so several counterparties share one.
    return stamped(
        {
            "counterparty_id": counterparty_id,
            "counterparty_legal_name": fake.company(),
            "legal_address_id": rng.randint(1, ADDRESSES),
            "commercial_contact": fake.name(),
            "delivery_contact": fake.name(),
        },
        HISTORY_START,
    )


def staff_row(rng: random.Random, fake: Faker, staff_id: int) -> Row:
    first, last = fake.first_name(), fake.last_name()
    return stamped(
        {
            "staff_id": staff_id,
            "first_name": first,
            "last_name": last,
            "department_id": rng.randint(1, len(DEPARTMENTS)),
            "email_address": email_for(first, last),
        },
        HISTORY_START,
    )


def email_for(first: str, last: str) -> str:
    return f"{first}.{last}@terrifictotes.com".lower().replace(" ", "").replace("'", "")


def design_rows(rng: random.Random, fake: Faker) -> list[Row]:
    """~470 designs; the first tenth exist from the start, the rest appear over the window."""
    span = (HISTORY_END - HISTORY_START).total_seconds()
    starts = sorted(
        HISTORY_START + timedelta(seconds=int(rng.random() * span)) for _ in range(DESIGNS)
    )
    starts[: DESIGNS // 10] = [HISTORY_START] * (DESIGNS // 10)
    return [design_row(rng, fake, i, created) for i, created in enumerate(starts, 1)]


def design_row(rng: random.Random, fake: Faker, design_id: int, created: datetime) -> Row:
    name = fake.word().capitalize()
    return stamped(
        {
            "design_id": design_id,
            "design_name": name,
            "file_location": "/" + fake.file_path(depth=2).rsplit("/", 2)[0].strip("/"),
            "file_name": design_file_name(rng, name, created),
        },
        created,
    )


def design_file_name(rng: random.Random, name: str, created: datetime) -> str:
    suffix = "".join(rng.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=4))
    return f"{name.lower()}-{created:%Y%m%d}-{suffix}.json"


def prisma_rows(rng: random.Random) -> list[Row]:
    names = ("20231101000000_init", "20240215093000_add_payment_type")
    rows = []
    for index, name in enumerate(names):
        applied = HISTORY_START + timedelta(days=106 * index)
        rows.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "checksum": hashlib.sha256(name.encode()).hexdigest(),
                "finished_at": applied + timedelta(seconds=1),
                "migration_name": name,
                "logs": None,
                "rolled_back_at": None,
                "started_at": applied,
                "applied_steps_count": 1,
            }
        )
    return rows
