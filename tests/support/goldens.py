"""Golden Remnawave messages (tests/fixtures/remnawave) and the shape check against them.

A shape is the set of keys of every object and the JSON type of every value,
recursively; a list's elements are checked against the elements of every golden
list at that place. Strings that are ISO date-times in a golden must be ISO
date-times with an offset. A value may be `null` only where some golden of the
message holds `null` there.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

GOLDENS = Path(__file__).resolve().parents[1] / "fixtures" / "remnawave"
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def golden(name: str) -> Any:
    return json.loads((GOLDENS / f"{name}.json").read_text())


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "datetime" if _ISO.match(value) else "string"
    return "array" if isinstance(value, list) else "object"


class Shape:
    """The allowed types and keys at every path of one message, from its goldens."""

    def __init__(self, *names: str) -> None:
        self.types: dict[str, set[str]] = defaultdict(set)
        self.keys: dict[str, set[str]] = defaultdict(set)
        for name in names:
            self._learn(golden(name), "$")

    def _learn(self, value: Any, path: str) -> None:
        self.types[path].add(json_type(value))
        if isinstance(value, dict):
            self.keys[path] |= set(value)
            for key, item in value.items():
                self._learn(item, f"{path}.{key}")
        elif isinstance(value, list):
            for item in value:
                self._learn(item, f"{path}[]")

    def mismatches(self, value: Any, *, all_keys: bool) -> list[str]:
        """What in `value` the goldens do not allow. `all_keys`: every golden key must be
        present too (a response); otherwise a subset will do (a request: optional fields)."""
        found: list[str] = []
        self._check(value, "$", all_keys, found)
        return found

    def _check(self, value: Any, path: str, all_keys: bool, found: list[str]) -> None:
        allowed = self.types.get(path)
        if allowed is None:
            found.append(f"{path}: not in the contract")
            return
        kind = json_type(value)
        if kind == "string" and "datetime" in allowed and "string" not in allowed:
            found.append(f"{path}: {value!r} is not an ISO date-time with an offset")
            return
        if kind == "datetime" and "datetime" not in allowed:
            kind = "string"  # a free text that happens to look like a date
        if kind == "datetime":
            datetime.fromisoformat(value)  # a real date, not just its look
        if kind not in allowed:
            found.append(f"{path}: {kind}, the contract has {sorted(allowed)}")
            return
        if isinstance(value, dict):
            missing = self.keys[path] - set(value) if all_keys else set()
            found.extend(f"{path}.{key}: missing" for key in sorted(missing))
            for key, item in value.items():
                self._check(item, f"{path}.{key}", all_keys, found)
        elif isinstance(value, list):
            for item in value:
                self._check(item, f"{path}[]", all_keys, found)


USER = Shape("user.response", "user_bare.response")
STREAM = Shape("users_stream.response", "users_stream_last.response")
SQUADS = Shape("internal_squads.response")
METADATA = Shape("metadata.response")
DOMAIN_ERROR = Shape("error_username_exists", "error_user_not_found")
VALIDATION_ERROR = Shape("error_validation")
CREATE = Shape("create_user.request")
UPDATE = Shape("update_user.request")
EXTEND = Shape("extend_user.request")
REVOKE = Shape("revoke_user.request")
STREAM_QUERY = Shape("users_stream.request")
