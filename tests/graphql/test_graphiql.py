"""GraphiQL is served by the service with everything it loads, so it works offline."""

from __future__ import annotations

import re

import pytest

from app.api.graphql.graphiql import ASSETS
from tests.factories import Api

pytestmark = pytest.mark.db

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


async def test_the_page_loads_only_its_own_assets_and_each_is_served(api: Api) -> None:
    page = await api.client.get("/graphiql")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert not EXTERNAL.search(page.text)
    loaded = set(re.findall(r"""(?:src|href)="/graphiql/static/([^"]+)\"""", page.text))
    assert loaded == set(ASSETS)
    for name in sorted(loaded):
        asset = await api.client.get(f"/graphiql/static/{name}")
        assert asset.status_code == 200
        assert asset.headers["content-type"].startswith(ASSETS[name])
        assert len(asset.content) > 200
        # No bundle reaches for a CDN or a source map on another host.
        assert b"unpkg.com" not in asset.content
        assert b"sourceMappingURL=http" not in asset.content


async def test_only_the_listed_assets_are_served(api: Api) -> None:
    for name in ("LICENSE-react", "..%2F..%2Fgraphiql.py", "nothing.js"):
        assert (await api.client.get(f"/graphiql/static/{name}")).status_code == 404
