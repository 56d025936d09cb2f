"""Placeholder router; filled in by the plans work."""

from fastapi import APIRouter

router = APIRouter(tags=["plans"])
