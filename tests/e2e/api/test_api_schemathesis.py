"""Schemathesis over the OpenAPI document, against the served app with the master key
and with a tenant token (which meets 403 and 404 where the master does not): no 5xx
and no response that contradicts the document (status code, content type, headers,
body schema). Deterministic (derandomized) and bounded in examples."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from src.infrastructure.settings import load_settings
from tests.e2e.api.helpers import CARD_NUMBERS, DOCUMENT, SCHEMA, bearer, card_body, plan_body
from tests.e2e.api.served import served_app
from tests.support.factories import new_bot_token

MASTER_KEY = "schemathesis-master-key-" + "s" * 32
AUTH = bearer(MASTER_KEY)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
async def empty_database(database_url: str, db_engine: AsyncEngine) -> str:
    async with db_engine.begin() as conn:  # ids from 1 again: the seeded objects are 1..3
        await conn.execute(text("TRUNCATE bots RESTART IDENTITY CASCADE"))
    return database_url


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, empty_database: str
) -> Iterator[tuple[str, str]]:
    """The base URL and the API token of the first seeded tenant."""
    data_dir: Path = tmp_path_factory.mktemp("schemathesis")
    settings_ = load_settings(
        {
            "FLEET_DATA_DIR": str(data_dir),
            "FLEET_SECRET_KEY": "schemathesis-secret-" + "k" * 32,
            "FLEET_MASTER_API_KEY": MASTER_KEY,
        }
    )
    with served_app(settings_, empty_database) as (url, container):
        yield url, seed(url, container.telegram())[0]


@pytest.fixture(scope="module")
def base_url(served: tuple[str, str]) -> str:
    return served[0]


def seed(url: str, telegram: Any) -> list[str]:
    """A few tenants with plans and cards, so generated ids sometimes hit real objects;
    their API tokens."""
    tokens: list[str] = []
    with requests.Session() as http:
        for i in range(3):
            token = new_bot_token()
            telegram.register(token, f"fuzz{i}_bot")
            body = {"name": f"Fuzz {i}", "telegram_token": token}
            created = http.post(f"{url}/api/v1/tenants", json=body, headers=AUTH, timeout=10)
            assert created.status_code == 201, created.text
            tokens.append(created.json()["api_token"])
            base = f"{url}/api/v1/tenants/{created.json()['tenant']['id']}"
            for path, item in (
                ("plans", plan_body(f"Plan {i}")),
                ("cards", card_body(CARD_NUMBERS[i])),
            ):
                response = http.post(f"{base}/{path}", json=item, headers=AUTH, timeout=10)
                assert response.status_code == 201, response.text
    return tokens


FUZZ = settings(
    max_examples=10,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
schema = SCHEMA  # the document the app serves (checked to be identical below)


def test_the_served_document_is_the_one_tested(base_url: str) -> None:
    served = requests.get(f"{base_url}/schema/openapi.json", timeout=10)
    assert served.json() == json.loads(json.dumps(DOCUMENT))


@pytest.mark.e2e
@schema.parametrize()
@FUZZ
def test_the_api_honours_its_openapi_document(case: Any, base_url: str) -> None:
    case.call_and_validate(base_url=base_url, headers=AUTH, checks=CHECKS, timeout=10)


@pytest.mark.e2e
@schema.parametrize()
@FUZZ
def test_the_api_honours_its_openapi_document_for_a_tenant_token(
    case: Any, served: tuple[str, str]
) -> None:
    url, token = served
    case.call_and_validate(base_url=url, headers=bearer(token), checks=CHECKS, timeout=10)
