"""The authorization server's HTTP endpoints: the sign-in page (authorize), token, revocation,
introspection, userinfo, discovery."""

from fastapi import APIRouter

from app.api.oauth import authorize, discovery, endpoints, userinfo

oauth_router = APIRouter()
oauth_router.include_router(authorize.router)
oauth_router.include_router(endpoints.router)
oauth_router.include_router(userinfo.router)
oauth_router.include_router(discovery.router)
