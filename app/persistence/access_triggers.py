"""The database's half of the access log's promise: rows are never deleted, and a sealed row
(one with a hash) is never changed. Sealing itself is the one UPDATE allowed, from NULL hash.

Kept here, not only in migration 0005, so the tests that must empty the table (or play a
tamperer) can drop and recreate exactly what the migration created.
"""

from __future__ import annotations

MESSAGE = "access_log is append-only"

SQLITE_CREATE: tuple[str, ...] = (
    f"""
    CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
    WHEN OLD.hash IS NOT NULL
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
)
SQLITE_DROP: tuple[str, ...] = (
    "DROP TRIGGER IF EXISTS access_log_no_update",
    "DROP TRIGGER IF EXISTS access_log_no_delete",
)

POSTGRESQL_CREATE: tuple[str, ...] = (
    f"""
    CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' OR OLD.hash IS NOT NULL THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION access_log_append_only()
    """,
)
POSTGRESQL_DROP: tuple[str, ...] = (
    "DROP TRIGGER IF EXISTS access_log_append_only ON access_log",
    "DROP FUNCTION IF EXISTS access_log_append_only()",
)


def create_statements(dialect: str) -> tuple[str, ...]:
    return POSTGRESQL_CREATE if dialect == "postgresql" else SQLITE_CREATE


def drop_statements(dialect: str) -> tuple[str, ...]:
    return POSTGRESQL_DROP if dialect == "postgresql" else SQLITE_DROP
