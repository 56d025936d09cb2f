"""Placeholder router; filled in by the referrals work."""

from fastapi import APIRouter

router = APIRouter(tags=["referrals"])
