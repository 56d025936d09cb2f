"""oauth: the authorization server's clients, signing keys, credentials, codes and tokens

Secrets are stored only as hashes: client secrets and passwords with argon2, authorization codes
and refresh tokens as SHA-256 digests. Access tokens are JWTs and are not stored; revoked ones
are remembered by `jti` until they expire, as are used private_key_jwt assertions.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import app.persistence.base
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")
TIMESTAMP = app.persistence.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "oauth_assertion_jtis",
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("jti", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("client_id", "jti", name=op.f("pk_oauth_assertion_jtis")),
    )
    op.create_index("ix_oauth_assertion_jtis_expires_at", "oauth_assertion_jtis", ["expires_at"])

    op.create_table(
        "oauth_revoked_access_tokens",
        sa.Column("jti", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("jti", name=op.f("pk_oauth_revoked_access_tokens")),
    )
    op.create_index(
        op.f("ix_oauth_revoked_access_tokens_expires_at"),
        "oauth_revoked_access_tokens",
        ["expires_at"],
    )

    op.create_table(
        "oauth_signing_keys",
        sa.Column("kid", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("alg", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("private_jwk", JSON, nullable=False),
        sa.Column("public_jwk", JSON, nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("retiring_since", TIMESTAMP, nullable=True),
        sa.Column("retired_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint(
            "status IN ('active', 'retiring', 'retired')", name=op.f("ck_oauth_signing_keys_status")
        ),
        sa.PrimaryKeyConstraint("kid", name=op.f("pk_oauth_signing_keys")),
    )
    op.create_index(op.f("ix_oauth_signing_keys_status"), "oauth_signing_keys", ["status"])

    op.create_table(
        "oauth_clients",
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.Column("secret_hash", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column(
            "token_endpoint_auth_method",
            sqlmodel.sql.sqltypes.AutoString(length=40),
            nullable=False,
        ),
        sa.Column("jwks", JSON, nullable=True),
        sa.Column("jwks_uri", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("redirect_uris", JSON, nullable=False),
        sa.Column("grant_types", JSON, nullable=False),
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("revoked_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint(
            "kind <> 'system' OR organisation_id IS NOT NULL",
            name=op.f("ck_oauth_clients_system_has_organisation"),
        ),
        sa.CheckConstraint(
            "kind IN ('system', 'public', 'confidential')", name=op.f("ck_oauth_clients_kind")
        ),
        sa.CheckConstraint(
            "token_endpoint_auth_method IN ('client_secret_basic', 'private_key_jwt', 'none')",
            name=op.f("ck_oauth_clients_auth_method"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_oauth_clients_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_oauth_clients")),
    )
    op.create_index(op.f("ix_oauth_clients_organisation_id"), "oauth_clients", ["organisation_id"])

    op.create_table(
        "oauth_authorization_codes",
        sa.Column("code_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("professional_id", sa.Uuid(), nullable=False),
        sa.Column("redirect_uri", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("nonce", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("code_challenge", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column(
            "code_challenge_method", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True
        ),
        sa.Column("auth_time", TIMESTAMP, nullable=False),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
        sa.Column("used_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["oauth_clients.client_id"],
            name=op.f("fk_oauth_authorization_codes_client_id_oauth_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["professional_id"],
            ["professionals.id"],
            name=op.f("fk_oauth_authorization_codes_professional_id_professionals"),
        ),
        sa.PrimaryKeyConstraint("code_hash", name=op.f("pk_oauth_authorization_codes")),
    )
    op.create_index(
        op.f("ix_oauth_authorization_codes_client_id"), "oauth_authorization_codes", ["client_id"]
    )
    op.create_index(
        op.f("ix_oauth_authorization_codes_expires_at"), "oauth_authorization_codes", ["expires_at"]
    )
    op.create_index(
        op.f("ix_oauth_authorization_codes_professional_id"),
        "oauth_authorization_codes",
        ["professional_id"],
    )

    op.create_table(
        "oauth_credentials",
        sa.Column("professional_id", sa.Uuid(), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("password_hash", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", TIMESTAMP, nullable=True),
        sa.Column("next_attempt_at", TIMESTAMP, nullable=True),
        sa.Column("password_changed_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["professional_id"],
            ["professionals.id"],
            name=op.f("fk_oauth_credentials_professional_id_professionals"),
        ),
        sa.PrimaryKeyConstraint("professional_id", name=op.f("pk_oauth_credentials")),
        sa.UniqueConstraint("username", name=op.f("uq_oauth_credentials_username")),
    )
    op.create_table(
        "oauth_refresh_tokens",
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("family_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("professional_id", sa.Uuid(), nullable=False),
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("issued_at", TIMESTAMP, nullable=False),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
        sa.Column("rotated_at", TIMESTAMP, nullable=True),
        sa.Column("revoked_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["oauth_clients.client_id"],
            name=op.f("fk_oauth_refresh_tokens_client_id_oauth_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["professional_id"],
            ["professionals.id"],
            name=op.f("fk_oauth_refresh_tokens_professional_id_professionals"),
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_oauth_refresh_tokens")),
    )
    op.create_index(
        op.f("ix_oauth_refresh_tokens_client_id"), "oauth_refresh_tokens", ["client_id"]
    )
    op.create_index(
        op.f("ix_oauth_refresh_tokens_expires_at"), "oauth_refresh_tokens", ["expires_at"]
    )
    op.create_index(
        op.f("ix_oauth_refresh_tokens_family_id"), "oauth_refresh_tokens", ["family_id"]
    )
    op.create_index(
        op.f("ix_oauth_refresh_tokens_professional_id"), "oauth_refresh_tokens", ["professional_id"]
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_oauth_refresh_tokens_professional_id"), table_name="oauth_refresh_tokens"
    )
    op.drop_index(op.f("ix_oauth_refresh_tokens_family_id"), table_name="oauth_refresh_tokens")
    op.drop_index(op.f("ix_oauth_refresh_tokens_expires_at"), table_name="oauth_refresh_tokens")
    op.drop_index(op.f("ix_oauth_refresh_tokens_client_id"), table_name="oauth_refresh_tokens")
    op.drop_table("oauth_refresh_tokens")
    op.drop_table("oauth_credentials")
    op.drop_index(
        op.f("ix_oauth_authorization_codes_professional_id"), table_name="oauth_authorization_codes"
    )
    op.drop_index(
        op.f("ix_oauth_authorization_codes_expires_at"), table_name="oauth_authorization_codes"
    )
    op.drop_index(
        op.f("ix_oauth_authorization_codes_client_id"), table_name="oauth_authorization_codes"
    )
    op.drop_table("oauth_authorization_codes")
    op.drop_index(op.f("ix_oauth_clients_organisation_id"), table_name="oauth_clients")
    op.drop_table("oauth_clients")
    op.drop_index(op.f("ix_oauth_signing_keys_status"), table_name="oauth_signing_keys")
    op.drop_table("oauth_signing_keys")
    op.drop_index(
        op.f("ix_oauth_revoked_access_tokens_expires_at"), table_name="oauth_revoked_access_tokens"
    )
    op.drop_table("oauth_revoked_access_tokens")
    op.drop_index("ix_oauth_assertion_jtis_expires_at", table_name="oauth_assertion_jtis")
    op.drop_table("oauth_assertion_jtis")
