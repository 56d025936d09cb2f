"""Configuration, read once from the environment (and an optional `.env`).

Every setting has a default that makes the service run on a laptop with nothing but Python:
the embedded SQLite database under `var/`, migrations applied on start.
"""

from functools import lru_cache
from pathlib import Path

from pydantic import Field
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

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def should_migrate(self) -> bool:
        return self.is_sqlite if self.auto_migrate is None else self.auto_migrate


@lru_cache
def get_settings() -> Settings:
    return Settings()
