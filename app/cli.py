"""`girfec`: serve, migrate, load demo data, export the OpenAPI document and JSON Schemas, seal
and verify the access log."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path

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

    lines = [f"Docs: http://{host}:{port}/docs", "Demo users (send as X-Actor-Id):"]
    lines += [f"  {u.key:<18} {u.id}" for u in DEMO_USERS]
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
        await load_demo_data(make_session_factory(engine))
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
    export = sub.add_parser("export-openapi", help="write the OpenAPI document")
    export.add_argument("path", nargs="?", default=str(OPENAPI_PATH))
    export.set_defaults(func=_export_openapi)
    sub.add_parser(
        "export-schemas", help="write the JSON Schemas of input documents to schemas/json"
    ).set_defaults(func=_export_schemas)
    log = sub.add_parser("access-log", help="seal or verify the access log's hash chain")
    log.add_argument(
        "action",
        choices=["seal", "verify"],
        help="seal: chain pending entries; verify: seal, then report the first broken link",
    )
    log.set_defaults(func=_access_log)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main(sys.argv[1:])
