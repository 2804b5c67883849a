"""The Remnawave 3.x panel simulator: a sandbox product, not an adapter (docs/architecture.md)."""
