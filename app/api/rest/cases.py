"""Placeholder router; filled in by the cases work."""

from fastapi import APIRouter

router = APIRouter(tags=["cases"])
