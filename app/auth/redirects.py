"""Which redirect URIs a client may be sent back to.

Exact string matching (RFC 9700 §4.1.3): no prefixes, no wildcards, no normalisation, because
every lenience has been an open redirector somewhere. One exception, required by RFC 8252 §7.3
for native apps: a loopback redirect (`http://127.0.0.1:{port}/path`, `http://[::1]:{port}/path`)
matches a registered loopback URI whatever its port, since the app listens on whichever port
the operating system gave it. Everything else in the URI (scheme, host literal, path, query)
must still be identical. Private-use schemes (`md.gov.girfec.app:/oauth2redirect`, RFC 8252
§7.1) are matched exactly like any other URI.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit

LOOPBACK_HOSTS = ("127.0.0.1", "[::1]")


def _loopback(uri: str) -> SplitResult | None:
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 (raises on a malformed port)
    except ValueError:
        return None
    if parts.scheme != "http" or parts.fragment or "@" in parts.netloc:
        return None
    host = parts.netloc.rsplit(":", 1)[0] if not parts.netloc.endswith("]") else parts.netloc
    return parts if host in LOOPBACK_HOSTS else None


def _without_port(parts: SplitResult) -> tuple[str, str, str]:
    host = parts.netloc if parts.netloc.endswith("]") else parts.netloc.rsplit(":", 1)[0]
    return host, parts.path or "/", parts.query


def redirect_uri_matches(requested: str, registered: tuple[str, ...] | list[str]) -> bool:
    if requested in registered:
        return True
    asked = _loopback(requested)
    if asked is None:
        return False
    return any(
        (known := _loopback(uri)) is not None and _without_port(known) == _without_port(asked)
        for uri in registered
    )
