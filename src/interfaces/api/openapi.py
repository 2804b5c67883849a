"""The OpenAPI document: problem responses per route, the bearer scheme, the docs page,
and two schema plugins that make the document say what the server does:

- `ExactIntegerBounds`: Litestar writes every numeric bound as a float, so an integer
  field bounded by 2^63-1 was documented as `maximum: 9.223372036854776e+18` (that
  is 2^63, a value the server refuses); bounds of integers stay integers here;
- `ClosedInputs`: request bodies refuse unknown fields (`Input`), so their schemas
  say `additionalProperties: false`.

The docs page works offline: Swagger UI's files come from the `swagger-ui-py` wheel and
are served by this app under `DOCS_ASSETS`; nothing is loaded from a CDN.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, Operation, Schema, SecurityScheme
from litestar.openapi.spec.enums import OpenAPIType
from litestar.plugins import OpenAPISchemaPlugin
from litestar.router import Router
from litestar.static_files import create_static_files_router

from src.interfaces.api.problems import PROBLEM_JSON, Problem

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.typing import FieldDefinition

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


class ExactIntegerBounds(OpenAPISchemaPlugin):
    """A bounded `int` (path, query or body field, list item): its bounds as exact
    integers."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return field_definition.annotation is int and any(
            b is not None for b in _bounds(field_definition)
        )

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        ge, le, gt, lt = _bounds(field_definition)
        return Schema(
            type=OpenAPIType.INTEGER,
            minimum=ge,
            maximum=le,
            exclusive_minimum=gt,
            exclusive_maximum=lt,
        )


def _bounds(field_definition: FieldDefinition) -> tuple[int | None, ...]:
    """(ge, le, gt, lt) from the route parameter or struct field, else from a
    `msgspec.Meta` in `Annotated` (a list's items carry theirs only there)."""
    sources: list[Any] = [field_definition.kwarg_definition]
    sources += [m for m in field_definition.metadata if isinstance(m, msgspec.Meta)]
    for source in sources:
        found = tuple(getattr(source, name, None) for name in ("ge", "le", "gt", "lt"))
        if any(b is not None for b in found):
            return found
    return (None, None, None, None)


class ClosedInputs(OpenAPISchemaPlugin):
    """A struct that refuses unknown fields: the built-in struct schema, closed."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return (
            not field_definition.is_union
            and field_definition.is_subclass_of(msgspec.Struct)
            and field_definition.annotation.__struct_config__.forbid_unknown_fields
        )

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        struct_plugin = next(
            p
            for p in schema_creator.plugins
            if p is not self and schema_creator.plugin_supports_field(p, field_definition)
        )
        schema = struct_plugin.to_openapi_schema(field_definition, schema_creator)
        schema.additional_properties = False
        return schema


SCHEMA_PLUGINS = (ExactIntegerBounds(), ClosedInputs())
