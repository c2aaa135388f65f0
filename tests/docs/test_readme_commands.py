"""The README's commands work as typed: every `make` target it names exists, and every
`warehouse` and `dbt` command it names runs with `--help` exactly as written, in a shell where
the project's environment is activated as the README says (`source .venv/bin/activate`)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.docs.markdown import REPO, fenced_blocks, inline_code

# One worker runs this module, so the --help runs (a module fixture) happen once.
pytestmark = pytest.mark.xdist_group("docs_readme_commands")

README = (REPO / "README.md").read_text()
ACTIVATE = "source .venv/bin/activate"
# A command line as the README writes it in a code block (optional VAR=value prefixes).
COMMAND_LINE = re.compile(r"^(?:\w+=\S+\s+)*(?:warehouse|cd dbt_project && dbt)\s")
# A `warehouse <command>` anywhere in the README's code, also as `.venv/bin/warehouse <command>`.
WAREHOUSE = re.compile(r"(?:^|(?<=[\s/;&(]))warehouse\s+(?:--target\s+\S+\s+)?([a-z][\w-]*)")
MAKE = re.compile(r"(?:^|(?<=[\s;&(]))make\s+([a-z][\w-]*)")
OPTION = re.compile(r"(?<![\w-])(--[a-z][\w-]*)")


def code_lines(text: str) -> list[str]:
    """Each line of the fenced code blocks with its trailing `# comment` removed."""
    lines = (line for block in fenced_blocks(text) for line in block.splitlines())
    return [re.sub(r"\s+#\s.*$", "", line).strip() for line in lines]


def command_lines() -> list[str]:
    return [line for line in code_lines(README) if COMMAND_LINE.match(line)]


def program_and_command(line: str) -> tuple[str, str]:
    """('warehouse', 'run') for `warehouse run ...`, ('dbt', 'build') for `cd dbt_project &&
    dbt build ...`: the key of one `--help` run."""
    words = shlex.split(line.split("&&")[-1])
    words = [w for w in words if not re.match(r"^\w+=", w)]
    program = Path(words[0]).name
    rest = words[1:]
    if program == "warehouse" and rest[:1] == ["--target"]:
        rest = rest[2:]
    return program, next((w for w in rest if not w.startswith("-")), "")


def mentions() -> dict[tuple[str, str], list[str]]:
    """Every warehouse and dbt command the README names, with the texts naming it."""
    found: dict[tuple[str, str], list[str]] = {}
    for line in command_lines():
        found.setdefault(program_and_command(line), []).append(line)
    for text in inline_code(README) + code_lines(README):
        for match in WAREHOUSE.finditer(text):
            found.setdefault(("warehouse", match.group(1)), []).append(text[match.start() :])
    return found


def activated_environment() -> dict[str, str]:
    """The environment after `source .venv/bin/activate`, with no other `warehouse` or `dbt`
    on PATH (so that only the activation can make the README's commands work)."""
    venv = REPO / ".venv"
    others = [
        p
        for p in os.environ["PATH"].split(os.pathsep)
        if not any((Path(p) / program).exists() for program in ("warehouse", "dbt"))
    ]
    path = os.pathsep.join([str(venv / "bin"), *others])
    return {**os.environ, "PATH": path, "VIRTUAL_ENV": str(venv)}


def runnable_line(key: tuple[str, str]) -> str:
    """The first README code line that runs `key`, else `warehouse <command>` (named inline)."""
    lines = [line for line in command_lines() if program_and_command(line) == key]
    return lines[0] if lines else " ".join(key)


def help_of(line: str) -> subprocess.CompletedProcess[str]:
    """`line` run with --help in the activated environment, from the repository's root."""
    return subprocess.run(
        ["bash", "-c", f"{line} --help"],
        cwd=REPO,
        env=activated_environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def helps() -> dict[tuple[str, str], subprocess.CompletedProcess[str]]:
    """One --help run per distinct command, two at a time."""
    keys = list(mentions())
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(keys, pool.map(help_of, map(runnable_line, keys)), strict=True))


def makefile_targets() -> set[str]:
    text = (REPO / "Makefile").read_text()
    heads = re.findall(r"^([A-Za-z0-9_.\- ]+):(?!=)", text, re.M)
    return {target for head in heads for target in head.split()}


def test_the_readme_says_how_to_activate_before_its_first_command() -> None:
    first = README.index(command_lines()[0])
    assert ACTIVATE in README[:first]


def test_every_make_target_the_readme_and_contributing_name_exists() -> None:
    texts = [README, (REPO / "CONTRIBUTING.md").read_text()]
    named = {
        t
        for text in texts
        for code in inline_code(text) + code_lines(text)
        for t in MAKE.findall(code)
    }
    assert {"run", "test"} <= named
    assert not named - makefile_targets(), named - makefile_targets()


def test_every_readme_command_runs_with_help_as_written(helps) -> None:
    failed = {
        f"{' '.join(key)}: exit {result.returncode}: {result.stderr.strip()[-300:]}"
        for key, result in helps.items()
        if result.returncode != 0
    }
    assert {"warehouse", "dbt"} <= {program for program, _ in helps}
    assert not failed, "\n".join(sorted(failed))


def test_every_option_the_readme_gives_a_command_is_in_its_help(helps) -> None:
    unknown = {
        f"{' '.join(key)} {option}"
        for key, texts in mentions().items()
        for text in texts
        for option in OPTION.findall(text.split("#")[0])
        if option not in helps[key].stdout
    }
    assert not unknown, sorted(unknown)
