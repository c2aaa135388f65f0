"""Reading the repository's Markdown as the docs check needs it: files, links, code, headings."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
INLINE_CODE = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
HTML_LINK = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)  # http:, https:, mailto: ...


def repository_files() -> list[Path]:
    """Every file git tracks, or would track (new files not ignored), that exists."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
        text=True,
    ).stdout.split("\0")
    return sorted({REPO / name for name in listed if name and (REPO / name).is_file()})


def markdown_files() -> list[Path]:
    return [path for path in repository_files() if path.suffix.lower() == ".md"]


def fenced_blocks(text: str) -> list[str]:
    """The contents of the fenced code blocks, without their fence lines."""
    return [block.group(0).split("\n", 1)[1].rsplit("\n", 1)[0] for block in FENCE.finditer(text)]


def prose(text: str) -> str:
    """The text outside code: fenced blocks and inline code removed."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def inline_code(text: str) -> list[str]:
    return INLINE_CODE.findall(FENCE.sub("", text))


def link_targets(text: str) -> list[str]:
    """Every link and image target written in the prose (Markdown and HTML forms)."""
    body = prose(text)
    return [
        target for pattern in (LINK, REFERENCE_LINK, HTML_LINK) for target in pattern.findall(body)
    ]


def is_external(target: str) -> bool:
    return bool(EXTERNAL.match(target))


def anchors(text: str) -> set[str]:
    """The anchors GitHub gives the headings: lower case, punctuation dropped, spaces to '-',
    a repeated heading numbered -1, -2 ..."""
    seen: dict[str, int] = {}
    result = set()
    for heading in HEADING.findall(FENCE.sub("", text)):
        plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "")
        slug = re.sub(r"[^\w\- ]", "", plain.strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        result.add(f"{slug}-{count}" if count else slug)
    return result


def sections(text: str, level: str = "###") -> dict[str, str]:
    """Each heading of the given level (backticks dropped) and the text up to the next heading
    of that level or above."""
    pattern = re.compile(rf"^{level}\s+(.+?)\s*$", re.M)
    found = list(pattern.finditer(text))
    result = {}
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        body = text[match.end() : end]
        higher = re.search(rf"^#{{1,{len(level) - 1}}}\s", body, re.M)
        result[match.group(1).replace("`", "")] = body[: higher.start()] if higher else body
    return result
