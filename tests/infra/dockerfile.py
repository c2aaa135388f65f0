"""A small reader of the Dockerfile: its stages and their instructions, continuation lines
joined, so a test can run the build stage's steps outside a container engine."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Instruction:
    keyword: str  # upper case: FROM, ENV, COPY, RUN ...
    arguments: str


@dataclass
class Stage:
    name: str
    base: str
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [each.arguments for each in self.instructions if each.keyword == keyword]

    def environment(self) -> dict[str, str]:
        """Every ENV of the stage, in order (`ENV A=1 B=2` form only)."""
        pairs = (item.split("=", 1) for text in self.all("ENV") for item in shlex.split(text))
        return dict(pairs)  # type: ignore[arg-type]

    def exec_form(self, keyword: str) -> list[str]:
        """The last ENTRYPOINT or CMD of the stage, which must be in JSON (exec) form."""
        return json.loads(self.all(keyword)[-1])


def logical_lines(text: str) -> list[str]:
    """Lines with comments dropped and backslash continuations joined."""
    lines, current = [], ""
    for raw in text.splitlines():
        if raw.lstrip().startswith("#"):
            continue
        if raw.rstrip().endswith("\\"):
            current += raw.rstrip()[:-1] + " "
            continue
        current += raw
        if current.strip():
            lines.append(" ".join(current.split()))
        current = ""
    return lines


def stages(path: Path) -> dict[str, Stage]:
    """The Dockerfile's stages by name (`FROM image AS name`)."""
    found: dict[str, Stage] = {}
    current: Stage | None = None
    for line in logical_lines(path.read_text()):
        keyword, _, arguments = line.partition(" ")
        if keyword.upper() == "FROM":
            match = re.fullmatch(r"(\S+)\s+AS\s+(\S+)", arguments, re.IGNORECASE)
            assert match, f"every stage is named (FROM image AS name): {line}"
            current = found.setdefault(match[2], Stage(match[2], match[1]))
        elif current is not None:
            current.instructions.append(Instruction(keyword.upper(), arguments))
    return found
