"""Every relative link in the repository's Markdown leads to a file inside the repository, and
nothing points at files a clone does not have."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from tests.docs.markdown import (
    REPO,
    anchors,
    is_external,
    link_targets,
    markdown_files,
    repository_files,
)

# Places outside the repository that earlier versions of the docs pointed at. Spelled in two
# parts so that this file does not name them itself.
OUTSIDE = ("../" + "shared", "perf" + "-facts", "shared/" + "spec/")


def broken_link(document: Path, target: str) -> str | None:
    """Why `target`, written in `document`, does not resolve inside the repository (or None)."""
    path, _, anchor = unquote(target).partition("#")
    resolved = (document.parent / path).resolve() if path else document
    if not resolved.is_relative_to(REPO):
        return "leads outside the repository"
    if not resolved.exists():
        return "no such file"
    if anchor and resolved.suffix == ".md" and anchor not in anchors(resolved.read_text()):
        return f"no heading with anchor #{anchor}"
    return None


def test_the_repository_has_markdown_with_links() -> None:
    documents = {path.relative_to(REPO).as_posix() for path in markdown_files()}
    assert {"README.md", "CONTRIBUTING.md", "docs/warehouse.md", "docs/sources.md"} <= documents
    assert any(link_targets((REPO / "README.md").read_text()))


def test_every_relative_link_resolves_inside_the_repository() -> None:
    broken = [
        f"{document.relative_to(REPO)}: ({target}) {reason}"
        for document in markdown_files()
        for target in link_targets(document.read_text())
        if not is_external(target) and (reason := broken_link(document, target))
    ]
    assert not broken, "\n".join(broken)


def test_nothing_points_at_files_outside_the_repository() -> None:
    this_file = Path(__file__).resolve()
    found = [
        f"{path.relative_to(REPO)} mentions {needle!r}"
        for path in repository_files()
        if path != this_file
        for needle in OUTSIDE
        if needle.encode() in path.read_bytes()
    ]
    assert not found, "\n".join(found)
