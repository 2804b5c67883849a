"""Broadcasts: each chat messaged at most once, rate-limited per bot (docs/broadcasts.md)."""
