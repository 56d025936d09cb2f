"""Placeholder router; filled in by the chronology work."""

from fastapi import APIRouter

router = APIRouter(tags=["children"])
