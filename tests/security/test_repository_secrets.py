"""No tracked file carries a credential; the real secrets files are ignored by git."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CREDENTIAL_PATTERNS = {
    "AWS access key id": re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b"),
    "AWS secret key": re.compile(r"aws_secret_access_key\s*[=:]\s*[\"']?[A-Za-z0-9/+]{40}\b"),
    "private key": re.compile(r"-----BEGIN (RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----"),
    # user:password@ in a URL, unless the password is a <placeholder>, an env reference, or a
    # test's fake (tests mark theirs with "fake" or "testing" so they are recognisable)
    "password in a URL": re.compile(
        r"://[^\s:/@\"'<>]+:(?![<{$])(?![^\s@]*(fake|testing))[^\s@/\"'<>]{6,}@"
    ),
}


def tracked_text_files() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    # This file is left out: it holds the patterns' own positive examples.
    this_file = str(Path(__file__).relative_to(ROOT))
    return [
        ROOT / name
        for name in names
        if name != this_file and not name.endswith((".lock", ".png", ".parquet"))
    ]


def find_credentials(text: str) -> list[str]:
    return [kind for kind, pattern in CREDENTIAL_PATTERNS.items() if pattern.search(text)]


def test_patterns_catch_real_looking_credentials() -> None:
    assert find_credentials("key = AKIAIOSFODNN7EXAMPLE") == ["AWS access key id"]
    assert find_credentials("postgresql://loader:hunter2secret@db:5432/w") == ["password in a URL"]
    assert find_credentials("postgresql://<user>:<password>@<host>:5432/w") == []


def test_no_tracked_file_holds_a_credential() -> None:
    found = {}
    for path in tracked_text_files():
        if path.is_file() and (kinds := find_credentials(path.read_text(errors="ignore"))):
            found[str(path.relative_to(ROOT))] = kinds
    assert found == {}


def test_real_secrets_files_are_ignored() -> None:
    for name in (".dlt/secrets.toml", ".env", "data/warehouse.duckdb"):
        result = subprocess.run(["git", "check-ignore", "-q", name], cwd=ROOT)
        assert result.returncode == 0, f"{name} is not gitignored"
    example = (ROOT / ".dlt" / "secrets.toml.example").read_text()
    assert find_credentials(example) == []
    assert "<password>" in example
