"""`/oauth/userinfo` (OpenID Connect Core §5.3): who the bearer of an access token is.

The token is checked like on every API call (`verify_bearer`); it must speak for a professional
and carry `openid`. Errors follow RFC 6750 §3: a `WWW-Authenticate: Bearer` challenge, with
`error="invalid_token"` for a token that is not acceptable.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from app.api.oauth.views import OAuthError, UserInfo
from app.api.rest.deps import Uow
from app.auth.bearer import InvalidToken, verify_bearer
from app.auth.claims import user_claims
from app.settings import Settings

router = APIRouter(tags=["Sign-in"])

_REALM = 'realm="girfec"'


def _challenge(status: int, error: str | None, description: str, **extra: str) -> Response:
    params = [_REALM]
    if error is not None:
        params.append(f'error="{error}"')
        params.append(f'error_description="{description}"')
    params += [f'{k}="{v}"' for k, v in extra.items()]
    body = {"error": error or "invalid_request", "error_description": description}
    headers = {"WWW-Authenticate": "Bearer " + ", ".join(params), "Cache-Control": "no-store"}
    return JSONResponse(body, status_code=status, headers=headers)


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


async def _userinfo(request: Request, uow: Uow) -> Response:
    settings: Settings = request.app.state.settings
    token = _bearer(request)
    if token is None:
        return _challenge(401, None, "Send an access token: Authorization: Bearer <token>.")
    try:
        principal = await verify_bearer(token, uow.session, settings)
    except InvalidToken as exc:
        return _challenge(401, "invalid_token", exc.description)
    if principal.professional_id is None or "openid" not in principal.scopes:
        return _challenge(
            403,
            "insufficient_scope",
            "The token was not issued to a signed-in professional with the openid scope.",
            scope="openid",
        )
    claims = await user_claims(uow.session, principal.professional_id, principal.scopes)
    return JSONResponse(claims, headers={"Cache-Control": "no-store"})


_DOC = {
    "summary": "Who is signed in (OpenID Connect userinfo)",
    "description": (
        "With a professional's access token carrying `openid`: `sub` (the professional's id), "
        "and as the token's scopes allow, `name`, `given_name`, `family_name`, "
        "`organisation_id`, `organisation_name`, `roles` (`profile`) and `email` (`email`). "
        "GET and POST answer alike."
    ),
    "response_model": UserInfo,
    "responses": {
        401: {
            "model": OAuthError,
            "description": "No token, or one that is not valid (`invalid_token`), with an RFC "
            "6750 `WWW-Authenticate: Bearer` challenge.",
        },
        403: {
            "model": OAuthError,
            "description": "`insufficient_scope`: not a professional's token, or no `openid`.",
        },
    },
}


@router.get("/oauth/userinfo", **_DOC)  # type: ignore[arg-type]
async def userinfo(request: Request, uow: Uow) -> Response:
    return await _userinfo(request, uow)


@router.post("/oauth/userinfo", **_DOC)  # type: ignore[arg-type]
async def userinfo_post(request: Request, uow: Uow) -> Response:
    return await _userinfo(request, uow)
