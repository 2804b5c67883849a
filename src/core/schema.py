"""A tiny typed schema for JSON-like values (feature configs, config values).

Core may not depend on a serialization library, and the registries need only a
handful of shapes, so the validation is written out here. Each schema either
returns the normalized value or raises ValidationError naming the field path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from src.core.errors import ValidationError
from src.core.text import has_forbidden_chars


class Schema(Protocol):
    def validate(self, value: Any, path: str) -> Any:
        """Return the normalized value or raise ValidationError(field=path)."""
        ...

    def describe(self) -> dict[str, Any]:
        """A JSON-Schema-like description for documentation and OpenAPI."""
        ...


@dataclass(frozen=True, slots=True)
class Int:
    minimum: int | None = None
    maximum: int | None = None

    def validate(self, value: Any, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"{path} must be an integer", field=path)
        if self.minimum is not None and value < self.minimum:
            raise ValidationError(f"{path} must be at least {self.minimum}", field=path)
        if self.maximum is not None and value > self.maximum:
            raise ValidationError(f"{path} must be at most {self.maximum}", field=path)
        return value

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


@dataclass(frozen=True, slots=True)
class Bool:
    def validate(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            raise ValidationError(f"{path} must be true or false", field=path)
        return value

    def describe(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True, slots=True)
class Str:
    max_length: int = 4096
    min_length: int = 0
    choices: tuple[str, ...] | None = None
    pattern: str | None = None

    def validate(self, value: Any, path: str) -> str:
        if not isinstance(value, str):
            raise ValidationError(f"{path} must be a string", field=path)
        if self.choices is not None and value not in self.choices:
            raise ValidationError(f"{path} must be one of {', '.join(self.choices)}", field=path)
        if not self.min_length <= len(value) <= self.max_length:
            raise ValidationError(
                f"{path} must be {self.min_length} to {self.max_length} characters", field=path
            )
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            raise ValidationError(f"{path} has an invalid format", field=path)
        if has_forbidden_chars(value, multiline=True):
            raise ValidationError(f"{path} must not contain control characters", field=path)
        return value

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string", "maxLength": self.max_length}
        if self.choices is not None:
            out["enum"] = list(self.choices)
        if self.pattern is not None:
            out["pattern"] = self.pattern
        return out


@dataclass(frozen=True, slots=True)
class List:
    item: Schema
    max_items: int = 100

    def validate(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise ValidationError(f"{path} must be a list", field=path)
        if len(value) > self.max_items:
            raise ValidationError(f"{path} may hold at most {self.max_items} items", field=path)
        return [self.item.validate(v, f"{path}[{i}]") for i, v in enumerate(value)]

    def describe(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.describe(), "maxItems": self.max_items}


@dataclass(frozen=True, slots=True)
class Object:
    """A JSON object with known fields; unknown fields are refused."""

    fields: Mapping[str, Schema] = field(default_factory=dict)

    def validate(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ValidationError(f"{path} must be an object", field=path)
        unknown = sorted(set(value) - set(self.fields))
        if unknown:
            name = f"{path}.{unknown[0]}"
            raise ValidationError(f"{name} is not a known field", field=name)
        return {k: self.fields[k].validate(v, f"{path}.{k}") for k, v in value.items()}

    def describe(self) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {k: s.describe() for k, s in self.fields.items()},
            "additionalProperties": False,
        }


UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
