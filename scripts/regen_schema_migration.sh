#!/usr/bin/env bash
# Regenerate the first (schema) migration from the models. Only while the project has not been
# released: after that, every schema change is a new migration.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
rm -f alembic/versions/*_0001_schema.py
DATABASE_URL="sqlite+aiosqlite:///$tmp/empty.db" .venv/bin/alembic revision --autogenerate \
  --rev-id 0001 -m "schema" >/dev/null
rm -rf "$tmp"
.venv/bin/ruff format -q alembic/versions
.venv/bin/ruff check -q --fix alembic/versions || true
ls alembic/versions
