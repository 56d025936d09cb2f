"""Signing in to the demo: every demo professional's password and two registered clients.

Only in the demo on the embedded (SQLite) database, where nothing is real: a published password
and a published client secret would be a hole anywhere else. Everything is created only when
missing, so loading the demo again changes nothing.
"""

from __future__ import annotations

import structlog

from app.auth.passwords import hash_secret
from app.auth.scopes import SCOPES
from app.demo.users import DEMO_USERS, USER_IDS
from app.domain.oauth_clients import ClientKind, NewClient
from app.persistence.repositories import oauth as repo
from app.persistence.uow import UnitOfWork
from app.services import credentials, oauth_clients

log = structlog.get_logger()

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 (published: the demo's, and only the demo's)
DEMO_APP = "girfec-demo-app"
DEMO_APP_REDIRECT_URIS = (
    "http://127.0.0.1/callback",
    # The docs page's own "Authorize" button (a loopback redirect: any port matches).
    "http://127.0.0.1/docs/oauth2-redirect",
    "md.gov.girfec.demo:/oauth2redirect",
)
DEMO_SYSTEM = "demo-school-registry"
DEMO_SYSTEM_SECRET = "demo-school-registry-secret-2026"  # noqa: S105 (published, demo only)


async def install_sign_in(uow: UnitOfWork) -> None:
    for user in DEMO_USERS:
        if await repo.credential(uow.session, user.id) is None:
            await credentials.set_password(uow, None, user.id, DEMO_PASSWORD)
    if await repo.client(uow.session, DEMO_APP) is None:
        await oauth_clients.register_client(
            uow,
            None,
            NewClient(
                client_id=DEMO_APP,
                name="Aplicația demonstrativă GIRFEC",
                kind=ClientKind.PUBLIC,
                redirect_uris=list(DEMO_APP_REDIRECT_URIS),
                scopes=sorted(SCOPES),
            ),
        )
    if await repo.client(uow.session, DEMO_SYSTEM) is None:
        teacher = await repo.professional(uow.session, USER_IDS["designated_person"])
        assert teacher is not None, "the demo directory is loaded first"
        registered = await oauth_clients.register_client(
            uow,
            None,
            NewClient(
                client_id=DEMO_SYSTEM,
                name="Registrul școlar (demo)",
                kind=ClientKind.SYSTEM,
                organisation_id=teacher.organisation_id,
            ),
        )
        # A fixed secret, so the README can give it: the demo's only.
        registered.client.secret_hash = hash_secret(DEMO_SYSTEM_SECRET)
        uow.session.add(registered.client)
        await uow.flush()
    log.info("demo sign-in ready", clients=[DEMO_APP, DEMO_SYSTEM])
