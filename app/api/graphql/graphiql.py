"""GraphiQL, served by the service itself with its scripts and styles bundled (in `static/`), so
it works on a network with no internet access. The page holds no data: GraphiQL asks /graphql,
with the access token the user puts in its Headers tab."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, HTTPException
from fastapi.responses import HTMLResponse, Response

graphiql_router = APIRouter(include_in_schema=False)

ASSETS = {
    "react.production.min.js": "text/javascript",
    "react-dom.production.min.js": "text/javascript",
    "graphiql.min.js": "text/javascript",
    "graphiql.min.css": "text/css",
    "graphiql-start.js": "text/javascript",
}
"""The files the page loads; nothing else in the folder is served."""

PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>GraphiQL — Getting it right — TOGETHER — for every child</title>
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <link rel="stylesheet" href="/graphiql/static/graphiql.min.css">
    <style>body { margin: 0; } #graphiql { height: 100vh; }</style>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="/graphiql/static/react.production.min.js"></script>
    <script src="/graphiql/static/react-dom.production.min.js"></script>
    <script src="/graphiql/static/graphiql.min.js"></script>
    <script src="/graphiql/static/graphiql-start.js"></script>
  </body>
</html>
"""

# Only this origin's scripts; GraphiQL's editor needs inline styles and data: fonts.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"
)


@graphiql_router.get("/graphiql")
async def graphiql() -> HTMLResponse:
    return HTMLResponse(PAGE, headers={"Content-Security-Policy": CSP})


@graphiql_router.get("/graphiql/static/{name}")
async def graphiql_asset(name: str) -> Response:
    if name not in ASSETS:
        raise HTTPException(404)
    body = resources.files("app.api.graphql").joinpath("static", name).read_bytes()
    return Response(
        body,
        media_type=ASSETS[name],
        headers={"Cache-Control": "public, max-age=86400", "Content-Security-Policy": CSP},
    )
