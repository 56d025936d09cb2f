"""`girfec`: serve, migrate, load demo data, send webhooks (`worker`), export the OpenAPI
document and JSON Schemas, seal and verify the access log, manage OAuth clients, the token
signing keys and users (sign-in passwords, roles, activation)."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from app.persistence.uow import UnitOfWork
    from app.settings import Settings

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[1]
OPENAPI_PATH = ROOT / "openapi" / "openapi.json"


def openapi_document() -> str:
    from app.main import create_app

    return json.dumps(create_app().openapi(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    if args.demo:
        os.environ["DEMO_DATA"] = "true"
    from app.settings import get_settings

    settings = get_settings()
    if args.demo:
        print(_demo_banner(args.host, args.port), flush=True)
    uvicorn.run(
        "app.main:app",
        host=args.host,
        port=args.port,
        log_level=settings.log_level.lower(),
        reload=args.reload,
    )


def _demo_banner(host: str, port: int) -> str:
    from app.demo import DEMO_USERS
    from app.demo.sign_in import DEMO_APP, DEMO_PASSWORD, DEMO_SYSTEM, DEMO_SYSTEM_SECRET
    from app.settings import get_settings

    lines = [
        f"Docs: http://{host}:{port}/docs (the Authorize button signs you in)",
        "Demo users:",
    ]
    lines += [f"  {u.key:<18} {u.key}@demo.girfec.md" for u in DEMO_USERS]
    if get_settings().is_sqlite:
        lines += [
            f"Sign in as <user>@demo.girfec.md with the password {DEMO_PASSWORD}",
            f"  through the public client {DEMO_APP} (PKCE S256, redirect "
            "http://127.0.0.1:<any port>/callback);",
            f"  sector system {DEMO_SYSTEM}, secret {DEMO_SYSTEM_SECRET} (client_credentials).",
        ]
    return "\n".join(lines)


def _migrate(_: argparse.Namespace) -> None:
    from app.persistence.db import make_engine
    from app.persistence.migrations import upgrade_to_head
    from app.settings import get_settings

    async def run() -> None:
        engine = make_engine(get_settings().database_url)
        await upgrade_to_head(engine)
        await engine.dispose()

    asyncio.run(run())


def _demo(_: argparse.Namespace) -> None:
    from app.demo import load_demo_data
    from app.persistence.db import make_engine, make_session_factory
    from app.persistence.migrations import upgrade_to_head
    from app.settings import get_settings

    async def run() -> None:
        settings = get_settings()
        engine = make_engine(settings.database_url)
        if settings.should_migrate:
            await upgrade_to_head(engine)
        await load_demo_data(make_session_factory(engine), sign_in=settings.is_sqlite)
        await engine.dispose()

    asyncio.run(run())
    print(_demo_banner("127.0.0.1", 8000))


def _export_openapi(args: argparse.Namespace) -> None:
    target = Path(args.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(openapi_document(), encoding="utf-8")
    print(f"wrote {target}")


def _export_schemas(_: argparse.Namespace) -> None:
    from app.schemas import export

    for path in export():
        print(f"wrote {path}")


def _export_graphql(_: argparse.Namespace) -> None:
    from app.api.graphql.export import export

    print(f"wrote {export()}")


def _worker(_: argparse.Namespace) -> None:
    """Send webhooks until SIGINT or SIGTERM: the round in flight finishes (or its deliveries'
    leases expire and they are sent again), then the process exits."""
    import signal

    from app.integrations.webhooks.dispatcher import Dispatcher
    from app.logging import configure_logging
    from app.persistence.db import make_engine, make_session_factory
    from app.settings import get_settings

    async def run() -> None:
        settings = get_settings()
        configure_logging(settings.log_level, json=settings.log_json)
        engine = make_engine(settings.database_url)
        dispatcher = Dispatcher(make_session_factory(engine), settings)
        loop = asyncio.get_running_loop()
        stopped = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stopped.set)
        dispatcher.start()
        print("girfec worker: sending webhooks (Ctrl-C to stop)", flush=True)
        try:
            await stopped.wait()
        finally:
            await dispatcher.stop()
            await engine.dispose()

    asyncio.run(run())


def _access_log(args: argparse.Namespace) -> None:
    from app.persistence.db import make_engine, make_session_factory
    from app.services import access_log
    from app.settings import get_settings

    async def run() -> int:
        engine = make_engine(get_settings().database_url)
        try:
            factory = make_session_factory(engine)
            if args.action == "seal":
                print(f"sealed {await access_log.seal(factory)} entries")
                return 0
            verdict = await access_log.verify(factory)
            print(verdict)
            return 0 if verdict.intact else 1
        finally:
            await engine.dispose()

    sys.exit(asyncio.run(run()))


def _in_transaction(work: Callable[[UnitOfWork, Settings], Awaitable[T]]) -> T:
    """Run `work` in one committed unit of work; a domain error is printed, exit status 1."""
    from app.domain.errors import DomainError
    from app.persistence.db import make_engine, make_session_factory
    from app.persistence.uow import UnitOfWork
    from app.settings import get_settings

    async def run() -> T:
        settings = get_settings()
        engine = make_engine(settings.database_url)
        try:
            async with UnitOfWork(make_session_factory(engine)) as uow:
                result = await work(uow, settings)
                await uow.commit()
                return result
        finally:
            await engine.dispose()

    try:
        return asyncio.run(run())
    except DomainError as exc:
        print(f"error: {exc.detail}", file=sys.stderr)
        sys.exit(1)


def _read_jwks(path: str | None) -> dict[str, Any] | None:
    if path is None:
        return None
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(document, dict):
        raise SystemExit(f"{path} does not hold a JWKS object")
    return document


def _clients(args: argparse.Namespace) -> None:
    import uuid

    from pydantic import ValidationError

    from app.domain.oauth_clients import NewClient
    from app.services import oauth_clients

    if args.action == "create":
        try:
            data = NewClient(
                client_id=args.client_id,
                name=args.name,
                kind=args.kind,
                organisation_id=uuid.UUID(args.organisation_id) if args.organisation_id else None,
                auth_method=args.auth_method,
                jwks=_read_jwks(args.jwks),
                jwks_uri=args.jwks_uri,
                redirect_uris=args.redirect_uri or [],
                scopes=" ".join(args.scope).split() if args.scope else None,
            )
        except ValidationError as exc:
            raise SystemExit(f"error: {exc}") from exc
        registered = _in_transaction(lambda uow, _: oauth_clients.register_client(uow, None, data))
        client = registered.client
        print(f"client_id: {client.client_id}")
        print(f"auth method: {client.token_endpoint_auth_method}")
        print(f"scope: {client.scope}")
        if registered.secret:
            print(f"client_secret: {registered.secret}")
            print("(shown once: store it now; `girfec clients rotate-secret` makes a new one)")
    elif args.action == "list":
        for c in _in_transaction(lambda uow, _: oauth_clients.list_clients(uow)):
            state = "active" if c.active else f"revoked {c.revoked_at:%Y-%m-%d}"
            print(f"{c.client_id:<24} {c.kind:<12} {c.token_endpoint_auth_method:<20} {state}")
            print(f"{'':<24} {c.name}; scope: {c.scope}")
    elif args.action == "rotate-secret":
        secret = _in_transaction(
            lambda uow, _: oauth_clients.rotate_secret(uow, None, args.client_id)
        )
        print(f"client_secret: {secret}")
    elif args.action == "set-keys":
        jwks = _read_jwks(args.jwks)
        _in_transaction(
            lambda uow, _: oauth_clients.set_keys(
                uow, None, args.client_id, jwks=jwks, jwks_uri=args.jwks_uri
            )
        )
        print(f"{args.client_id} now authenticates with private_key_jwt")
    else:
        _in_transaction(lambda uow, _: oauth_clients.revoke_client(uow, None, args.client_id))
        print(f"{args.client_id} revoked: its tokens are refused from now on")


def _keys(args: argparse.Namespace) -> None:
    from app.services import signing_keys

    if args.action == "rotate":
        key = _in_transaction(signing_keys.rotate)
        print(f"new active key {key.kid}; the previous one is retiring")
    elif args.action == "retire":
        key = _in_transaction(
            lambda uow, settings: signing_keys.retire(uow, settings, args.kid, force=args.force)
        )
        print(f"{key.kid} retired")
    else:
        for k in _in_transaction(lambda uow, _: signing_keys.list_keys(uow)):
            print(f"{k.kid}  {k.alg}  {k.status:<8}  created {k.created_at:%Y-%m-%d %H:%M}")


def _read_password(from_stdin: bool) -> str:
    """One line from standard input (for scripts), or typed twice at a prompt, unechoed."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    password = getpass.getpass("New password: ")
    if getpass.getpass("Again: ") != password:
        raise SystemExit("error: the two passwords differ")
    return password


def _set_password(args: argparse.Namespace) -> None:
    from app.services import credentials
    from app.services.organisations import find_professional

    password = _read_password(args.password_stdin)

    async def work(uow: UnitOfWork, _: Settings) -> str:
        person = await find_professional(uow, args.professional)
        row = await credentials.set_password(uow, None, person.id, password)
        return row.username

    print(f"password set; {_in_transaction(work)} signs in with it")


def _unlock(args: argparse.Namespace) -> None:
    from app.services import credentials
    from app.services.organisations import find_professional

    async def work(uow: UnitOfWork, _: Settings) -> str:
        person = await find_professional(uow, args.professional)
        await credentials.unlock(uow, None, person.id)
        return person.email

    print(f"{_in_transaction(work)} may sign in again")


def _add_oauth_commands(sub: Any) -> None:
    clients = sub.add_parser("clients", help="register and manage OAuth clients")
    actions = clients.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="register a client (a secret is shown once)")
    create.add_argument("--name", required=True)
    create.add_argument("--kind", choices=["system", "public", "confidential"], required=True)
    create.add_argument("--client-id", help="a readable id; generated when omitted")
    create.add_argument("--organisation-id", help="required for sector systems")
    create.add_argument("--auth-method", choices=["client_secret_basic", "private_key_jwt", "none"])
    create.add_argument("--jwks", metavar="FILE", help="the client's public keys (JWKS JSON)")
    create.add_argument("--jwks-uri", help="where the client publishes its public keys")
    create.add_argument("--redirect-uri", action="append", help="repeat for several")
    create.add_argument("--scope", action="append", help="allowed scopes (default: the kind's)")
    actions.add_parser("list", help="list clients")
    rotate = actions.add_parser("rotate-secret", help="replace a client's secret")
    rotate.add_argument("client_id")
    keys = actions.add_parser("set-keys", help="replace a client's keys (private_key_jwt)")
    keys.add_argument("client_id")
    given = keys.add_mutually_exclusive_group(required=True)
    given.add_argument("--jwks", metavar="FILE")
    given.add_argument("--jwks-uri")
    revoke = actions.add_parser("revoke", help="revoke a client and its tokens")
    revoke.add_argument("client_id")
    clients.set_defaults(func=_clients)

    signing = sub.add_parser("keys", help="the token signing keys")
    key_actions = signing.add_subparsers(dest="action", required=True)
    key_actions.add_parser("list", help="list the keys and their status")
    key_actions.add_parser("rotate", help="make a new active key; the old one retires")
    retire = key_actions.add_parser("retire", help="stop publishing a retiring key")
    retire.add_argument("kid")
    retire.add_argument(
        "--force", action="store_true", help="even if its tokens may still be valid (a leak)"
    )
    signing.set_defaults(func=_keys)


def _users(args: argparse.Namespace) -> None:
    """Each `users` action is one function of `USER_ACTIONS` and one sub-parser in
    `_add_user_commands`."""
    USER_ACTIONS[args.action](args)


def _set_roles(args: argparse.Namespace) -> None:
    from pydantic import ValidationError

    from app.domain.organisations import SetRoles
    from app.services import organisations

    try:
        data = SetRoles(roles=args.roles)
    except ValidationError as exc:
        raise SystemExit(f"error: {exc}") from exc

    async def work(uow: UnitOfWork, _: Settings) -> list[str]:
        person = await organisations.find_professional(uow, args.professional)
        return (await organisations.set_roles(uow, None, person.id, data)).roles

    roles = _in_transaction(work)
    print(f"{args.professional}: {', '.join(roles)} (in effect from their next request)")


def _set_active(args: argparse.Namespace) -> None:
    from app.services import organisations

    change = (
        organisations.activate_professional
        if args.action == "activate"
        else organisations.deactivate_professional
    )

    async def work(uow: UnitOfWork, _: Settings) -> None:
        person = await organisations.find_professional(uow, args.professional)
        await change(uow, None, person.id)

    _in_transaction(work)
    if args.action == "activate":
        print(f"{args.professional} activated: they may sign in again")
    else:
        print(f"{args.professional} deactivated: their tokens are refused from now on")


USER_ACTIONS: dict[str, Callable[[argparse.Namespace], None]] = {
    "set-password": _set_password,
    "unlock": _unlock,
    "set-roles": _set_roles,
    "deactivate": _set_active,
    "activate": _set_active,
}


def _add_user_commands(sub: Any) -> None:
    from app.domain.vocabulary import Role

    users = sub.add_parser("users", help="professionals' passwords, roles and access")
    actions = users.add_subparsers(dest="action", required=True)
    who = {"metavar": "PROFESSIONAL", "help": "the professional's id or e-mail address"}
    set_password = actions.add_parser(
        "set-password", help="set a password (at least 12 characters; clears a lock)"
    )
    set_password.add_argument("professional", **who)
    set_password.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    actions.add_parser("unlock", help="lift a lock after failed sign-ins").add_argument(
        "professional", **who
    )
    set_roles = actions.add_parser("set-roles", help="replace a professional's roles")
    set_roles.add_argument("professional", **who)
    set_roles.add_argument("roles", nargs="+", choices=[r.value for r in Role], metavar="ROLE")
    for action, text in (
        ("deactivate", "stop a professional acting (tokens refused, refresh tokens revoked)"),
        ("activate", "let a deactivated professional act again"),
    ):
        actions.add_parser(action, help=text).add_argument("professional", **who)
    users.set_defaults(func=_users)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="girfec", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the API (embedded SQLite unless DATABASE_URL is set)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--demo", action="store_true", help="load Moldovan demo data on start")
    serve.add_argument("--reload", action="store_true")
    serve.set_defaults(func=_serve)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=_migrate)
    sub.add_parser("demo-data", help="load demo data").set_defaults(func=_demo)
    sub.add_parser(
        "worker", help="send webhooks (status events) until stopped; several may run at once"
    ).set_defaults(func=_worker)
    export = sub.add_parser("export-openapi", help="write the OpenAPI document")
    export.add_argument("path", nargs="?", default=str(OPENAPI_PATH))
    export.set_defaults(func=_export_openapi)
    sub.add_parser(
        "export-schemas", help="write the JSON Schemas of input documents to schemas/json"
    ).set_defaults(func=_export_schemas)
    sub.add_parser(
        "export-graphql", help="write the GraphQL schema (SDL) to schemas/schema.graphql"
    ).set_defaults(func=_export_graphql)
    log = sub.add_parser("access-log", help="seal or verify the access log's hash chain")
    log.add_argument(
        "action",
        choices=["seal", "verify"],
        help="seal: chain pending entries; verify: seal, then report the first broken link",
    )
    log.set_defaults(func=_access_log)
    _add_oauth_commands(sub)
    _add_user_commands(sub)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main(sys.argv[1:])
