"""Tenant API tokens: shown once, stored only as their SHA-256."""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "flt_"


def issue_api_token() -> str:
    """A new random token (256 bits of entropy, URL-safe)."""
    return PREFIX + secrets.token_urlsafe(32)


def hash_api_token(token: str) -> str:
    """The stored form. A lookup by this digest leaks nothing useful by timing."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
