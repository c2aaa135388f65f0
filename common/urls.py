"""Database and lake URLs in messages and logs: never with their password.

SQLAlchemy is imported where a URL is parsed: the CLI loads this module before it knows whether
a command will run at all (`warehouse --help`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

# user:password@ in any scheme://, as it may appear inside an error text.
_URL_PASSWORD = re.compile(r"(?P<scheme>[a-z][a-z0-9+.\-]*://[^:/@\s]*):(?P<password>[^@\s]+)@")


def masked(url: str | URL) -> str:
    """The URL with its password hidden, safe for messages and logs."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return str(url) if "@" not in str(url) else "<url with credentials>"


def mask_url_passwords(text: str) -> str:
    """`text` with the password of every URL in it replaced by ***."""
    return _URL_PASSWORD.sub(r"\g<scheme>:***@", text)
