"""Without Chromium the browser tests skip with the reason, except where
FLEET_TEST_REQUIRE_BROWSER is set (CI), where they fail."""

from __future__ import annotations

import shutil

import pytest

from tests.e2e.web.conftest import chromium_path


def test_a_missing_chromium_skips_locally_and_fails_where_required(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("FLEET_TEST_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        chromium_path()
    monkeypatch.setenv("FLEET_TEST_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="FLEET_TEST_REQUIRE_BROWSER"):
        chromium_path()
