# Fleet tasks. `just run` and `just test` are the quick start (README).

set shell := ["bash", "-euo", "pipefail", "-c"]

export UV_FROZEN := "1"

# list the recipes
default:
    @just --list

# install the locked environment
sync:
    uv sync

# migrate the database to head, then serve API + bots + jobs
run: migrate
    uv run fleet serve

# upgrade the database schema (embedded PostgreSQL when FLEET_DATABASE_URL is unset)
migrate:
    uv run fleet migrate

# the whole test suite (PostgreSQL: FLEET_TEST_DATABASE_URL, FLEET_DATABASE_URL or embedded)
# (no arguments: every file on a worker per core, pytest-xdist; the schema fuzzer runs
# apart, as its generated cases exist only outside xdist)
test *ARGS:
    #!/usr/bin/env bash
    set -euo pipefail
    if [ -n "{{ARGS}}" ]; then exec uv run pytest {{ARGS}}; fi
    fuzz=tests/e2e/api/test_api_schemathesis.py
    uv run pytest -n auto --dist loadfile --ignore="$fuzz"
    uv run pytest "$fuzz"

# lint, format check, types, layer contracts
check:
    uv run ruff check src tests bench migrations
    uv run ruff format --check src tests bench migrations
    uv run mypy
    uv run lint-imports

# apply ruff's fixes and formatting
fmt:
    uv run ruff check --fix src tests bench migrations
    uv run ruff format src tests bench migrations

# benchmarks (printed, never asserted)
bench *ARGS:
    uv run python -m bench {{ARGS}}
