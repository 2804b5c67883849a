"""The OpenAPI document: problem responses per route, the bearer scheme, the docs page.

The docs page works offline: Swagger UI's files come from the `swagger-ui-py` wheel and
are served by this app under `DOCS_ASSETS`; nothing is loaded from a CDN."""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from importlib.resources import files
from pathlib import Path
from typing import Any

from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, Operation, SecurityScheme
from litestar.router import Router
from litestar.static_files import create_static_files_router

from src.interfaces.api.problems import PROBLEM_JSON, Problem

API_PREFIX = "/api/v1"
SECURITY_SCHEME = "bearer"
SECURITY: list[dict[str, list[str]]] = [{SECURITY_SCHEME: []}]

_WHY: dict[int, str] = {
    401: "No or an invalid credential (`WWW-Authenticate: Bearer`)",
    403: "A tenant token on a master-only route, or a field or key it may not change",
    404: "No such object for this caller (another tenant's objects included)",
    409: "Clashes with the current state (duplicate, protected master tenant)",
    422: "Invalid input; `errors` names the fields",
    502: "Telegram could not be reached",
}

# every /api/v1 route can answer these
COMMON = (401, 422)


def problems(*statuses: int) -> dict[int, ResponseSpec]:
    """Document each status as a problem+json response."""
    return {
        status: ResponseSpec(
            data_container=Problem,
            description=_WHY.get(status, HTTPStatus(status).phrase),
            media_type=PROBLEM_JSON,
            generate_examples=False,
        )
        for status in sorted({*COMMON, *statuses})
    }


DOCS_ASSETS = "/static/swagger-ui"
SWAGGER_UI_DIR = Path(str(files("swagger_ui") / "static"))


def docs_assets_router() -> Router:
    """Swagger UI's JavaScript, CSS and icons, from the installed wheel."""
    return create_static_files_router(
        path=DOCS_ASSETS, directories=[SWAGGER_UI_DIR], include_in_schema=False
    )


def _swagger() -> SwaggerRenderPlugin:
    return SwaggerRenderPlugin(
        path="/",
        js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
        css_url=f"{DOCS_ASSETS}/swagger-ui.css",
        standalone_preset_js_url=f"{DOCS_ASSETS}/swagger-ui-standalone-preset.js",
        favicon=f"<link rel='icon' type='image/png' href='{DOCS_ASSETS}/favicon-32x32.png'>",
    )


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Fleet management API",
        version="1.0.0",
        description=(
            "Tenants, feature flags, configuration, plans and payment cards. "
            "`Authorization: Bearer <master key or tenant API token>`. Errors are "
            "`application/problem+json` with a stable `code`."
        ),
        path="/schema",
        render_plugins=[_swagger(), JsonRenderPlugin()],
        components=Components(
            security_schemes={
                SECURITY_SCHEME: SecurityScheme(
                    type="http",
                    scheme="bearer",
                    description="The master key or a tenant API token (`flt_...`).",
                )
            }
        ),
        create_examples=False,
        use_handler_docstrings=True,
    )


@dataclass
class ApiOperation(Operation):
    """Drops the 400 that Litestar documents for every route taking input: this API
    answers every validation failure with 422 (documented by `problems`)."""

    def __post_init__(self) -> None:
        if self.responses:
            self.responses.pop("400", None)


def doc(*statuses: int) -> dict[str, Any]:
    """Route decorator arguments: the problem responses and the operation class."""
    return {"responses": problems(*statuses), "operation_class": ApiOperation}
