"""The sandbox: simulated Telegram Bot API and Remnawave panel, and the offline demo.

A product of its own beside the four layers (docs/architecture.md): the layers never
import it; only the CLI wiring and the tests do.
"""
