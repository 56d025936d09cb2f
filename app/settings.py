"""Configuration, read once from the environment (and an optional `.env`).

Every setting has a default that makes the service run on a laptop with nothing but Python:
the embedded SQLite database under `var/`, migrations applied on start.
"""

from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.domain.vocabulary import Role
from app.domain.webhooks import DEFAULT_RETRY_SCHEDULE

DEFAULT_SQLITE_URL = "sqlite+aiosqlite:///" + str(Path("var") / "girfec.db")


ALLOWED_EXTERNAL_ALGS = ("RS256", "PS256", "ES256", "EdDSA")
"""What an external issuer may sign with: public-key algorithms only (never none or HS*: an
HMAC "signature" could be made by anyone who knows the shared secret, and there is none here)."""


class ExternalIssuer(BaseModel):
    """An OpenID Connect provider whose access tokens this API accepts beside its own (a
    government sign-on, a Keycloak realm). See `app.auth.external`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    issuer: str = Field(min_length=1, description="The `iss` its tokens carry, exactly.")
    jwks_uri: Annotated[str, Field(pattern=r"^https?://")]
    audience: str = Field(min_length=1, description="The `aud` its tokens must carry for us.")
    subject_claim: str = "sub"
    professional_claim: str = Field(
        default="email",
        description='"email": the claim holds the e-mail address a professional is registered '
        "with here (matched case-insensitively); any other name: that claim holds our "
        "professional's id.",
    )
    roles_claim: str | None = Field(
        default=None, description='A dotted path to a list of role names ("realm_access.roles").'
    )
    role_map: dict[str, str] = Field(
        default_factory=dict, description="Their role name -> our role (a Role value)."
    )
    scope_claim: str = "scope"
    allowed_algs: list[str] = Field(default_factory=lambda: ["RS256", "ES256"], min_length=1)

    @field_validator("allowed_algs")
    @classmethod
    def _public_key_algs(cls, value: list[str]) -> list[str]:
        refused = sorted(set(value) - set(ALLOWED_EXTERNAL_ALGS))
        if refused:
            raise ValueError(f"not public-key algorithms: {', '.join(refused)}")
        return value

    @field_validator("role_map")
    @classmethod
    def _our_roles(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value.values()) - {r.value for r in Role})
        if unknown:
            raise ValueError(f"not roles of this service: {', '.join(unknown)}")
        return value


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
    max_batch_bytes: int = Field(
        default=32 * 1_048_576,
        description="The body limit of batch routes (school attendance batches), instead of "
        "MAX_BODY_BYTES.",
    )
    attendance_window_days: int = Field(
        default=30, ge=1, description="The rolling window of the unexcused-absence share."
    )
    attendance_min_sessions: int = Field(
        default=10, ge=1, description="Sessions recorded in the window before the share counts."
    )
    attendance_unexcused_share: float = Field(
        default=0.10, gt=0, le=1, description="Unexcused absences / sessions that raise a concern."
    )
    attendance_consecutive_days: int = Field(
        default=5, ge=1, description="School days of unexcused absence in a row that raise one."
    )
    attendance_episode_gap_days: int = Field(
        default=10,
        ge=1,
        description="School days in a row without the rule holding that end an episode (the "
        "next time it holds, a new concern is raised).",
    )
    page_size_default: int = 50
    page_size_max: int = 200
    idempotency_ttl_hours: int = 24
    log_level: str = "INFO"
    log_json: bool = False
    demo_data: bool = Field(default=False, description="Load Moldovan demo data on start.")
    db_echo: bool = False

    # ---- identity resolution -----------------------------------------------------------------
    identity_auto_link_threshold: float = Field(
        default=0.92,
        ge=0,
        le=1,
        description="A demographic score at or above this links a message to the known child. "
        "0.92 needs the name and the exact birth date, and at least the same territory.",
    )
    identity_review_threshold: float = Field(
        default=0.75,
        ge=0,
        le=1,
        description="A score at or above this (and below the link threshold) registers a new "
        "child and asks a social worker whether it is the candidate (an identity review).",
    )
    identity_max_candidates: int = Field(
        default=200, ge=1, description="Children scored per message, at most (per index look-up)."
    )

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
        default=300,
        description="How long a key set fetched from a jwks_uri (a client's, or an external "
        "issuer's) is cached.",
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

    graphql_introspection: bool = Field(
        default=True,
        description="Answer GraphQL introspection (__schema, __type). Turn off in production: "
        "clients use the committed schemas/schema.graphql.",
    )
    graphql_max_depth: int = Field(default=12, ge=1, description="Deepest selection nesting.")
    graphql_max_aliases: int = Field(default=30, ge=1, description="Aliases in one document.")
    graphql_max_cost: int = Field(
        default=10_000,
        ge=1,
        description="Estimated rows a document may ask for: each list multiplies its page size "
        "(`first`/`last`, or the default page) into everything selected under it.",
    )
    graphql_max_tokens: int = Field(default=4000, ge=1, description="Tokens in one document.")
    graphql_max_batch: int = Field(
        default=10, ge=1, description="Operations in one batched HTTP request (a JSON array)."
    )
    graphql_persisted_only: bool = Field(
        default=False,
        description="Run only the documents of the persisted-query allow-list, sent by their "
        "SHA-256 (`extensions.persistedQuery.sha256Hash`) or verbatim.",
    )
    graphql_persisted_queries: str | None = Field(
        default=None,
        description="A JSON file mapping SHA-256 hex digests to GraphQL documents: the "
        "allow-list. Its documents may also be sent by hash alone.",
    )
    graphql_event_channel: str = Field(
        default="auto",
        pattern="^(auto|memory|postgres|redis)$",
        description="How subscriptions hear of new events from other API processes: `postgres` "
        "(LISTEN/NOTIFY), `redis` (pub/sub at REDIS_URL) or `memory` (one process only). `auto` "
        "is postgres on PostgreSQL and memory on SQLite.",
    )
    redis_url: str = Field(default="redis://127.0.0.1:6379/0")
    redis_event_channel: str = Field(
        default="girfec_events",
        min_length=1,
        description="The Redis pub/sub channel of GRAPHQL_EVENT_CHANNEL=redis. Redis channels "
        "are server-wide (not per database number): deployments sharing a Redis need their own.",
    )

    external_issuers: list[ExternalIssuer] = Field(
        default_factory=list,
        validation_alias=AliasChoices("external_issuers", "girfec_external_issuers"),
        description="OpenID Connect issuers trusted beside this server, as a JSON list "
        "(EXTERNAL_ISSUERS or GIRFEC_EXTERNAL_ISSUERS); see the README.",
    )

    # ---- status back: webhooks ---------------------------------------------------------------
    webhook_dispatcher: Literal["auto", "in-process", "off"] = Field(
        default="auto",
        description="Who sends webhooks: `in-process` (a background task of the API process), "
        "`off` (a separate `girfec worker`); `auto` is in-process on SQLite and off otherwise.",
    )
    webhook_allow_private_urls: bool = Field(
        default=False,
        description="Let webhooks point at loopback, private, link-local … addresses and use "
        "plain http (development and tests only: it opens the door to SSRF).",
    )
    webhook_retry_schedule: list[float] = Field(
        default_factory=lambda: [float(s) for s in DEFAULT_RETRY_SCHEDULE],
        min_length=1,
        description="Seconds to wait after each failed attempt (±10% jitter); after the last "
        "the delivery is dead.",
    )
    webhook_timeout: float = Field(default=10.0, gt=0, description="Seconds per attempt.")
    webhook_lease: float = Field(
        default=60.0,
        gt=0,
        description="Seconds a dispatcher holds a claimed delivery; a dispatcher that dies "
        "mid-delivery leaves it to be sent again (same webhook-id) when the lease ends.",
    )
    webhook_poll_interval: float = Field(
        default=1.0, gt=0, description="Seconds between looks for due deliveries when idle."
    )
    webhook_batch_size: int = Field(default=20, ge=1, description="Deliveries claimed at once.")

    @field_validator("external_issuers")
    @classmethod
    def _distinct_issuers(cls, value: list[ExternalIssuer]) -> list[ExternalIssuer]:
        if len({i.issuer for i in value}) != len(value):
            raise ValueError("each external issuer may be configured once")
        return value

    def external_issuer(self, iss: str) -> ExternalIssuer | None:
        return next((i for i in self.external_issuers if i.issuer == iss), None)

    @property
    def token_endpoint(self) -> str:
        return self.issuer.rstrip("/") + "/oauth/token"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def dispatches_in_process(self) -> bool:
        if self.webhook_dispatcher == "auto":
            return self.is_sqlite
        return self.webhook_dispatcher == "in-process"

    @property
    def should_migrate(self) -> bool:
        return self.is_sqlite if self.auto_migrate is None else self.auto_migrate


@lru_cache
def get_settings() -> Settings:
    return Settings()
