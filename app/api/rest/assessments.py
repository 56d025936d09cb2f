"""Placeholder router; filled in by the assessments work."""

from fastapi import APIRouter

router = APIRouter(tags=["assessments"])
