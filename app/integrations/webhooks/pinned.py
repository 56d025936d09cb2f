"""Send a webhook to an address already checked, never to what the name resolves to next.

The dispatcher resolves the receiver's host once and checks every address it gets (see
`app.services.webhooks.checked_addresses`). Were the request then made to the URL as written,
the HTTP client would resolve the name a second time on connect, and a hostile DNS server could
answer a private address then (DNS rebinding). So the request goes to a checked address written
into the URL, while the receiver still sees its own name everywhere it matters: the `Host`
header, the TLS server name (SNI, httpcore's `sni_hostname` request extension) and the name the
certificate is verified against (the TLS handshake checks the certificate for the server name).

A pooled connection is keyed by the address it goes to, not by the name: the dispatcher's own
client therefore keeps no connection alive (`client()`), so a connection opened for one
receiver's name never carries a request for another name served at the same address.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import httpx


def client(timeout: float) -> httpx.AsyncClient:
    """An HTTP client fit for pinned requests: `timeout` seconds per attempt, no redirects
    followed, no connection reused."""
    return httpx.AsyncClient(
        timeout=timeout,
        follow_redirects=False,
        limits=httpx.Limits(max_keepalive_connections=0),
    )


async def post(
    http: httpx.AsyncClient,
    url: str,
    addresses: Sequence[str],
    *,
    content: bytes,
    headers: Mapping[str, str],
) -> httpx.Response:
    """POST to `url`, connecting to the first of `addresses` that accepts a connection (as a
    client given a name would try each address it resolves to). Nothing has been sent when a
    connection fails, so trying the next address cannot deliver twice."""
    if not addresses:
        raise ValueError("a pinned request needs at least one checked address")
    target = httpx.URL(url)
    named = {**headers, "Host": target.netloc.decode("ascii")}
    server_name = target.raw_host.decode("ascii")
    failed: httpx.ConnectError | None = None
    for address in addresses:
        try:
            return await http.post(
                target.copy_with(host=address),
                content=content,
                headers=named,
                extensions={"sni_hostname": server_name},
                follow_redirects=False,
            )
        except httpx.ConnectError as exc:
            failed = exc
    assert failed is not None
    raise failed
