# syntax=docker/dockerfile:1
# The `warehouse` CLI as an image. ECS runs its default command, `warehouse run` (one cycle), on
# a schedule (infra/, docs/deploy.md). Build: docker build -t warehouse .
#
# No secret goes into any layer: nothing secret is copied (.dockerignore keeps .dlt/secrets.toml,
# .env and data/ out of the context) or passed as a build argument. The running task receives
# every credential as an environment variable that ECS reads from Secrets Manager.
#
# tests/infra/test_dockerfile.py runs this file's build-stage COPY and RUN steps into a fresh
# directory and starts the entrypoint from there, so keep each RUN a single uv command.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# uv itself, the release uv.lock was written with; only its binary is copied out.
FROM ghcr.io/astral-sh/uv:0.13.9 AS uv

# Build stage: the locked runtime environment (no dev tools) in /app/.venv.
FROM ${PYTHON_IMAGE} AS build
COPY --from=uv /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /app
# The dependencies first: this layer is rebuilt only when uv.lock changes, not on every commit.
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen --no-dev --no-install-project
# The code and what it reads at run time: the dbt project, dlt's non-secret config.
COPY README.md ./
COPY common/ common/
COPY ingestion/ ingestion/
COPY seeds_generator/ seeds_generator/
COPY orchestration/ orchestration/
COPY dashboard/ dashboard/
COPY dbt_project/ dbt_project/
COPY .dlt/config.toml .dlt/config.toml
RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen --no-dev

# Final stage: the slim Python image, the environment and the code; no uv, no compiler, no cache.
FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 warehouse \
    && useradd --system --uid 10001 --gid warehouse --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin warehouse \
    && install --directory --owner warehouse --group warehouse /data
# The code stays owned by root: the cycle writes only under WAREHOUSE_DATA_DIR (/data) and /tmp.
COPY --from=build /app /app
# On ECS (read-only root filesystem) both are task volumes: /data an EFS volume that outlives
# the task, reached through an access point that acts as the warehouse user (infra/); /tmp
# the task's own storage, which keeps the image's mode (1777).
# HOME is /tmp: the user has no home, and a library that writes under ~ finds it writable.
VOLUME ["/data", "/tmp"]
WORKDIR /app
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    WAREHOUSE_TARGET=postgres \
    WAREHOUSE_DATA_DIR=/data \
    HOME=/tmp \
    DBT_SEND_ANONYMOUS_USAGE_STATS=false
# Numeric, so a platform that refuses root (runAsNonRoot) can tell without reading /etc/passwd.
USER 10001:10001
ENTRYPOINT ["warehouse"]
CMD ["run"]
