"""Placeholder router; filled in by the observations work."""

from fastapi import APIRouter

router = APIRouter(tags=["observations"])
