"""The image recipe, checked without a container engine: hadolint passes, and the build stage's
own steps (its COPY and `uv sync` lines, read from the Dockerfile) install into a fresh
directory an environment from which the image's entrypoint starts, without any dev tool."""

from __future__ import annotations

import fnmatch
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.infra.dockerfile import Stage, stages

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = REPO / "Dockerfile"
UV = REPO / ".tools" / "bin" / "uv"
HADOLINT = Path(sys.executable).parent / "hadolint"
# Speed only, not behaviour: the image compiles bytecode and copies files; here uv links files
# from its cache and skips compiling, which changes nothing that runs.
TEST_OVERRIDES = {"UV_COMPILE_BYTECODE": "0", "UV_LINK_MODE": "hardlink"}
# One xdist worker builds the environment once for the module.
pytestmark = pytest.mark.xdist_group("infra_image")


def test_hadolint_passes() -> None:
    result = subprocess.run(
        [HADOLINT, "--no-color", DOCKERFILE], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_recipe_has_the_required_shape() -> None:
    found = stages(DOCKERFILE)
    assert {"build", "runtime"} <= set(found), "a build and a runtime stage"
    runtime = found["runtime"]
    assert list(found)[-1] == "runtime", "the runtime stage is the image"
    assert runtime.all("USER") and runtime.all("USER")[-1].split(":")[0] not in ("0", "root")
    assert not any("uv" in line.split()[0] for line in runtime.all("RUN")), "no uv in the image"
    assert runtime.all("COPY") == ["--from=build /app /app"], "only the built /app is copied"
    assert any("--frozen --no-dev" in line for line in found["build"].all("RUN"))
    # Everything the running cycle writes is on a declared volume (ECS: read-only root).
    volumes = set(json.loads(runtime.all("VOLUME")[-1]))
    environment = runtime.environment()
    assert {environment["WAREHOUSE_DATA_DIR"], environment["HOME"]} <= volumes
    assert not [item for stage in found.values() for item in stage.all("ARG") if "SECRET" in item]


def test_dockerignore_keeps_secrets_and_data_out() -> None:
    patterns = (REPO / ".dockerignore").read_text().splitlines()
    assert "*" in patterns, "everything is left out, then what the image needs is let in"
    included = {line[1:] for line in patterns if line.startswith("!")}
    assert not {".dlt/secrets.toml", ".env", "data/", ".dlt/"} & included
    copied = {
        line.split()[0]
        for line in stages(DOCKERFILE)["build"].all("COPY")
        if not line.startswith("--from")
    }
    assert copied - {"./"} <= included | {"pyproject.toml", "uv.lock"}


@pytest.fixture(scope="module")
def image_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build stage's steps run in a fresh directory standing in for the image's /app."""
    root = tmp_path_factory.mktemp("image")
    build = stages(DOCKERFILE)["build"]
    environment = _base_environment(root) | _rooted(build.environment(), root) | TEST_OVERRIDES
    workdir = root
    for instruction in build.instructions:
        if instruction.keyword == "WORKDIR":
            workdir = _rooted_path(instruction.arguments, root)
        elif instruction.keyword == "COPY" and not instruction.arguments.startswith("--from"):
            _copy(instruction.arguments, workdir)
        elif instruction.keyword == "RUN":
            _run(instruction.arguments, workdir, environment)
    return root


def _base_environment(root: Path) -> dict[str, str]:
    # Nothing of this machine's settings: a HOME of its own (dlt reads ~/.dlt), no SOURCES__*.
    home = root.parent / "home"
    home.mkdir(exist_ok=True)
    cache = os.environ.get("UV_CACHE_DIR")
    env = {"HOME": str(home), "PATH": f"{UV.parent}:/usr/bin:/bin", "LANG": "C.UTF-8"}
    env["UV_CACHE_DIR"] = cache or str(Path.home() / ".cache" / "uv")
    env["UV_PYTHON"] = sys._base_executable  # the interpreter .venv was made with
    return env | _network_settings()


def _network_settings() -> dict[str, str]:
    """How this machine reaches the package registry (CA bundle, proxy, index), if uv must
    fetch what its cache lacks: the machine's, not the project's, settings."""
    names = ("SSL_CERT_FILE", "SSL_CERT_DIR", "UV_INDEX_URL", "UV_DEFAULT_INDEX", "UV_NATIVE_TLS")
    proxies = {key: value for key, value in os.environ.items() if key.lower().endswith("_proxy")}
    return {key: os.environ[key] for key in names if key in os.environ} | proxies


def _rooted_path(path: str, root: Path) -> Path:
    """An absolute path of the image (/app/...) as a path under `root`."""
    return root / Path(path).relative_to("/app") if path.startswith("/app") else Path(path)


def _rooted(environment: dict[str, str], root: Path) -> dict[str, str]:
    return {key: value.replace("/app", str(root)) for key, value in environment.items()}


def _ignored(directory: str, names: list[str]) -> set[str]:
    # .dockerignore's exclusions inside copied folders.
    patterns = ("__pycache__", "*.pyc", "target", "logs", ".user.yml")
    return {name for name in names if any(fnmatch.fnmatch(name, p) for p in patterns)}


def _copy(arguments: str, workdir: Path) -> None:
    *sources, destination = shlex.split(arguments)
    for source in sources:
        origin, target = REPO / source, workdir / destination
        if origin.is_dir():
            shutil.copytree(origin, target, ignore=_ignored, dirs_exist_ok=True)
        else:
            target = target / origin.name if destination.endswith("/") else target
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, target)


def _run(arguments: str, workdir: Path, environment: dict[str, str]) -> None:
    command = [word for word in shlex.split(arguments) if not word.startswith("--mount=")]
    assert command[0] == "uv", f"the build stage runs uv only: {arguments}"
    result = subprocess.run(
        [str(UV), *command[1:]], cwd=workdir, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, f"RUN {arguments} failed:\n{result.stderr[-3000:]}"


def _runtime(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    runtime: Stage = stages(DOCKERFILE)["runtime"]
    environment = _base_environment(root) | _rooted(runtime.environment(), root)
    environment["PATH"] = environment["PATH"].replace("$PATH", "/usr/bin:/bin")
    # The image's writable volumes, as folders beside the stand-in for /app.
    environment["WAREHOUSE_DATA_DIR"] = str(root.parent / "data")
    environment["HOME"] = str(root.parent / "home")
    command = [*runtime.exec_form("ENTRYPOINT"), *args]
    return subprocess.run(
        command, cwd=root, env=environment, capture_output=True, text=True, timeout=120
    )


def test_the_entrypoint_starts_from_the_installed_environment(image_root: Path) -> None:
    result = _runtime(image_root, "--help")
    assert result.returncode == 0, result.stderr
    assert "usage: warehouse" in result.stdout and "run" in result.stdout
    assert shutil.which("warehouse", path=str(image_root / ".venv" / "bin"))


def test_the_default_command_reaches_the_settings_and_names_what_is_missing(
    image_root: Path,
) -> None:
    # CMD (`warehouse run`) on the image's target with no secrets given: the whole import path
    # of a cycle loads, and the error names the settings ECS must inject.
    result = _runtime(image_root, *stages(DOCKERFILE)["runtime"].exec_form("CMD"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "settings are missing for the postgres target" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_environment_has_the_runtime_and_no_dev_tools(image_root: Path) -> None:
    # Found, not imported: the default command's test above has already loaded the CLI's
    # settings path; importing dbt and Dagster uncompiled here would cost half a minute.
    python = image_root / ".venv" / "bin" / "python"
    packages = ("orchestration", "dbt.adapters.postgres", "dlt", "dagster", "pytest", "ruff")
    packages += ("sqlfluff", "moto", "hcl2")
    probe = (
        f"import importlib.util as u; print(*[u.find_spec(p) is not None for p in {packages!r}])"
    )
    found = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=True)
    present = dict(zip(packages, found.stdout.split(), strict=True))
    assert {name for name, here in present.items() if here == "True"} == set(packages[:4])
