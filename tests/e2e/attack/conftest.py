"""The bot harness of tests/e2e/bots, for the adversarial tests that drive the bots."""

from tests.e2e.bots.conftest import harness, sim  # noqa: F401 - fixtures
