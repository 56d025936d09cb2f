"""Configuration, read once from the environment (and an optional `.env`).

Every setting has a default that makes the service run on a laptop with nothing but Python:
the embedded SQLite database under `var/`, migrations applied on start.
"""

from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SQLITE_URL = "sqlite+aiosqlite:///" + str(Path("var") / "girfec.db")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(
        default=DEFAULT_SQLITE_URL,
        description="sqlite+aiosqlite:///path for the embedded mode, "
        "postgresql+asyncpg://user@host/db in production.",
    )
    auto_migrate: bool | None = Field(
        default=None,
        description="Apply Alembic migrations on start. Defaults to on for SQLite, off otherwise.",
    )
    max_body_bytes: int = Field(default=1_048_576, description="Requests above this are 413.")
    page_size_default: int = 50
    page_size_max: int = 200
    idempotency_ttl_hours: int = 24
    log_level: str = "INFO"
    log_json: bool = False
    demo_data: bool = Field(default=False, description="Load Moldovan demo data on start.")
    db_echo: bool = False

    # ---- the authorization server ----------------------------------------------------------
    issuer: str = Field(
        default="http://127.0.0.1:8000",
        description="The authorization server's identifier (`iss` of every token) and the base "
        "of its endpoints: set it to the public https address in production.",
    )
    api_audience: str = Field(
        default="girfec-api", description="The `aud` every access token for this API carries."
    )
    professional_token_lifetime: timedelta = Field(
        default=timedelta(minutes=10),
        description="Access tokens of professionals (seconds or ISO 8601 duration).",
    )
    system_token_lifetime: timedelta = Field(
        default=timedelta(minutes=5), description="Access tokens of sector systems."
    )
    refresh_token_lifetime: timedelta = Field(
        default=timedelta(hours=8), description="Refresh tokens: one working day."
    )
    assertion_max_lifetime: timedelta = Field(
        default=timedelta(minutes=5),
        description="A client's private_key_jwt assertion may be valid at most this long.",
    )
    token_leeway_seconds: int = Field(
        default=30, description="Clock skew tolerated on exp, nbf and iat."
    )
    signing_keys_cache_seconds: int = Field(
        default=60,
        description="How long a process trusts its cached signing key set before reading it "
        "again (rotations by another process are seen within this time).",
    )
    client_jwks_cache_seconds: int = Field(
        default=300, description="How long a client's jwks_uri document is cached."
    )

    authorization_code_lifetime: timedelta = Field(
        default=timedelta(seconds=60), description="Authorization codes: single use, this long."
    )

    # ---- the sign-in page ---------------------------------------------------------------------
    sign_in_secret: SecretStr | None = Field(
        default=None,
        description="Signs the sign-in page's hidden form fields (CSRF). Set it (32+ random "
        "bytes) when several processes serve the page; unset, each process makes its own.",
    )
    sign_in_page_lifetime: timedelta = Field(
        default=timedelta(minutes=10),
        description="How long a sign-in or consent form stays valid once shown.",
    )
    sign_in_max_failures: int = Field(
        default=5, description="Consecutive wrong passwords before the account is locked."
    )
    sign_in_lockout: timedelta = Field(
        default=timedelta(minutes=15), description="How long a locked account stays locked."
    )
    sign_in_max_delay: timedelta = Field(
        default=timedelta(seconds=60),
        description="The longest wait imposed between two attempts (1, 2, 4 … seconds).",
    )

    docs_client_id: str = Field(
        default="girfec-demo-app",
        description="The public client the /docs page signs in with (authorization code + PKCE); "
        "register it with the redirect URI <server>/docs/oauth2-redirect.",
    )

    @property
    def token_endpoint(self) -> str:
        return self.issuer.rstrip("/") + "/oauth/token"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def should_migrate(self) -> bool:
        return self.is_sqlite if self.auto_migrate is None else self.auto_migrate


@lru_cache
def get_settings() -> Settings:
    return Settings()
