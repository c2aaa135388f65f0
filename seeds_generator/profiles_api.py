"""The stock platform's user-profile API the demo serves, shaped like randomuser.me.

`GET <base>/?page=N&results=K&modified_since=ISO` answers `{"results": [...], "info": {"page",
"results", "pages", "total"}}`, oldest modification first. Each record is a randomuser.me
profile (nested name, location, dob, registered, nat …) plus `user_id` (stock_db's key) and
`modified_at`. The profiles follow stock_db's `user` table: a user the simulator adds appears,
an e-mail it changes changes here, and now and then the change is a move to another city.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import sqlalchemy as sa

from seeds_generator.feed_records import malformed, pick, unit
from seeds_generator.timeline import HISTORY_START

PAGE_SIZE, MAX_PAGE_SIZE = 100, 500
PLACES = (
    ("GB", "United Kingdom", (("London", "Greater London"), ("Leeds", "West Yorkshire"))),
    ("GB", "United Kingdom", (("Bristol", "Bristol"), ("Manchester", "Greater Manchester"))),
    ("FR", "France", (("Lyon", "Rhône"), ("Paris", "Île-de-France"))),
    ("DE", "Germany", (("Berlin", "Berlin"), ("Hamburg", "Hamburg"))),
    ("IE", "Ireland", (("Dublin", "Leinster"), ("Cork", "Munster"))),
    ("US", "United States", (("Boston", "Massachusetts"), ("Denver", "Colorado"))),
)
STREETS = ("High Street", "Station Road", "Church Lane", "Mill Road", "Park Avenue")
# The share of profile changes that are moves to another city.
MOVE_SHARE = 0.3

_USERS = sa.table(
    "user",
    sa.column("user_id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("email", sa.String),
    sa.column("updated_at", sa.DateTime),
)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _when(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _location(seed: int, user_id: int, modified: datetime) -> dict:
    moved = unit(seed, "move", user_id, modified) < MOVE_SHARE
    key = (user_id, modified) if moved else (user_id,)
    nat, country, cities = pick(seed, PLACES, "place", *key)
    city, state = pick(seed, cities, "city", *key)
    number = 1 + int(unit(seed, "number", *key) * 200)
    street = pick(seed, STREETS, "street", *key)
    postcode = f"{int(unit(seed, 'postcode', *key) * 90000) + 10000}"
    location = {"street": {"number": number, "name": street}, "city": city, "state": state}
    return {"location": {**location, "country": country, "postcode": postcode}, "nat": nat}


def _years(start: datetime, end: datetime) -> int:
    return int((end - start).days // 365.25)


def profile(seed: int, user_id: int, name: str, email: str, modified: datetime) -> dict:
    """One user's profile as of its last modification (malformed for a seeded few)."""
    first, _, last = name.partition(" ")
    born = datetime(1950, 1, 1) + timedelta(days=int(unit(seed, "dob", user_id) * 20000))
    joined = HISTORY_START - timedelta(days=int(unit(seed, "reg", user_id) * 3000))
    record = {
        "user_id": user_id,
        "modified_at": _stamp(modified),
        "gender": pick(seed, ("female", "male"), "gender", user_id),
        "name": {
            "title": pick(seed, ("Mr", "Ms", "Mx", "Dr"), "title", user_id),
            "first": first,
            "last": last or first,
        },
        "email": email,
        "dob": {"date": _stamp(born), "age": _years(born, modified)},
        "registered": {"date": _stamp(joined), "age": _years(joined, modified)},
        "phone": f"0{int(unit(seed, 'phone', user_id) * 10**10):010d}",
        **_location(seed, user_id, modified),
    }
    return _spoiled(seed, record) if malformed(seed, "profile", user_id, modified) else record


def _spoiled(seed: int, record: dict) -> dict:
    """The record broken one of the ways real feeds break."""
    key = (record["user_id"], record["modified_at"])
    kind = pick(seed, ("no_email", "bad_email", "bad_dob", "text_age", "no_name"), "kind", *key)
    spoiled = {**record, "dob": dict(record["dob"]), "name": dict(record["name"])}
    if kind == "no_email":
        del spoiled["email"]
    elif kind == "bad_email":
        spoiled["email"] = str(record["email"]).replace("@", " at ")
    elif kind == "bad_dob":
        spoiled["dob"]["date"] = "31/02/1990"
    elif kind == "text_age":
        spoiled["dob"]["age"] = str(record["dob"]["age"])
    else:
        del spoiled["name"]["last"]
    return spoiled


def page_of_profiles(seed: int, conn: sa.Connection, query: dict) -> tuple[int, dict]:
    """(HTTP status, JSON body) of one page of profiles modified at or after `modified_since`."""
    try:
        page = max(1, int(query.get("page", 1)))
        size = min(MAX_PAGE_SIZE, max(1, int(query.get("results", PAGE_SIZE))))
        since = query.get("modified_since")
        since_at = datetime.fromisoformat(since.replace("Z", "")) if since else None
    except ValueError:
        return 400, {"error": "page, results and modified_since must be numbers and a time"}
    where = _USERS.c.updated_at >= since_at if since_at else sa.true()
    total = conn.execute(sa.select(sa.func.count()).select_from(_USERS).where(where)).scalar_one()
    rows = conn.execute(
        sa.select(_USERS)
        .where(where)
        .order_by(_USERS.c.updated_at, _USERS.c.user_id)
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    results = [profile(seed, r.user_id, r.name, r.email, _when(r.updated_at)) for r in rows]
    info = {"seed": str(seed), "page": page, "results": len(results)}
    return 200, {"results": results, "info": {**info, "pages": math.ceil(total / size)}}
