"""The authorization server's HTTP endpoints: token, revocation, introspection, discovery."""

from fastapi import APIRouter

from app.api.oauth import discovery, endpoints

oauth_router = APIRouter()
oauth_router.include_router(endpoints.router)
oauth_router.include_router(discovery.router)
