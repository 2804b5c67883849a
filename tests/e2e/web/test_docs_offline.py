"""The API docs page works offline (issue 17): Swagger UI's files come from the wheel
and the app, and the page renders in Chromium with every other host unreachable."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.async_api import Page, Request, expect

from tests.e2e.web.conftest import LOOPBACK, Sandbox

pytestmark = pytest.mark.e2e


async def test_the_docs_page_renders_offline_from_local_assets(
    sandbox: Sandbox, page: Page
) -> None:
    requested: list[str] = []

    def record(request: Request) -> None:
        requested.append(request.url)

    page.on("request", record)
    await page.goto(f"{sandbox.base_url}/schema")
    await expect(page.locator(".swagger-ui .info .title")).to_contain_text("Fleet management API")
    # an operation of the API is rendered (the spec was read, not just the shell)
    await expect(
        page.locator(".opblock-summary-path", has_text="/api/v1/tenants").first
    ).to_be_visible()
    outside = [url for url in requested if urlsplit(url).hostname not in LOOPBACK]
    assert outside == []
    assert any(url.endswith("/static/swagger-ui/swagger-ui-bundle.js") for url in requested)
