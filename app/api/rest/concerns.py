"""Placeholder router; filled in by the concerns work."""

from fastapi import APIRouter

router = APIRouter(tags=["concerns"])
