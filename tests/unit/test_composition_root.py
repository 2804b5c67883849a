"""Interfaces reach the application only through typed bundles filled by the composition
roots (docs/decisions/0006-composition-root.md).

Cases considered:
- a route parameter naming a use case the bundle lacks (a typo, a route of another branch
  in the old style): the app refuses to build — Litestar's own check, proven here;
- a parameter named like a field but typed as another use case: every dependency is
  resolved and must be an instance of the type its parameter declares;
- a bundle field no route names (dead code): refused;
- a module reading the container through `state.container` with no import (import-linter
  cannot see it): the syntax check below refuses `container` outside the roots;
- the import-linter exceptions listing a module that no longer imports the container:
  import-linter itself fails on an unmatched ignored import (`just check`);
- the bot runtime built from a bundle with no container at all: started, a tenant event
  registers the bot, stopped.
"""

from __future__ import annotations

import ast
import asyncio
import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.methods import SetWebhook, TelegramMethod
from litestar import Controller, Litestar, get
from litestar.di import NamedDependency
from litestar.exceptions import ImproperlyConfiguredException
from litestar.routes import HTTPRoute

from src.application.ports.events import TenantListener
from src.application.tenancy.features import GetFeatures
from src.application.tenancy.serving_bots import ServingBot
from src.core.ids import TenantId
from src.infrastructure.settings import Settings
from src.interfaces.api.app import create_app
from src.interfaces.api.dependencies import ApiUseCases
from src.interfaces.bot.runtime import BotRuntime, RuntimeOptions, RuntimeServices, TokenListener
from tests.support.botfeed import RecordingSession
from tests.support.containers import in_memory_container

ROOT = Path(__file__).resolve().parents[2]
NOT_RESOLVED_HERE = {"caller"}  # needs a request: set by the guard (tests/e2e/api)


@pytest.fixture
def app(settings: Settings) -> Litestar:
    return create_app(in_memory_container(settings))


def named_dependencies(app: Litestar) -> list[tuple[str, str, type[Any], Any]]:
    """(path, parameter, declared type, the provider Litestar resolved) of every handler."""
    found = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in {handler for handler, _ in route.route_handler_map.values()}:
            provided = handler.resolve_dependencies()
            for name, field in handler.parsed_fn_signature.parameters.items():
                if field.is_di_field:
                    found.append((route.path, name, field.annotation, provided.get(name)))
    return found


async def test_every_route_dependency_resolves_to_an_object_of_its_declared_type(
    app: Litestar,
) -> None:
    deps = named_dependencies(app)
    assert len(deps) > len(fields(ApiUseCases))
    for path, name, declared, provide in deps:
        assert provide is not None, f"{path}: {name} has no provider"
        if name in NOT_RESOLVED_HERE:
            continue
        value = await provide()
        assert isinstance(value, declared), f"{path}: {name} is {type(value)}, not {declared}"


def test_every_use_case_of_the_bundle_is_named_by_a_route(app: Litestar) -> None:
    named = {name for _, name, _, _ in named_dependencies(app)}
    assert {f.name for f in fields(ApiUseCases)} - named == set()


def test_a_route_naming_a_use_case_the_bundle_lacks_stops_the_build(settings: Settings) -> None:
    class Stray(Controller):
        path = "/stray"

        @get("/")
        async def stray(self, get_featurez: NamedDependency[GetFeatures]) -> None:
            raise AssertionError("never served")

    with pytest.raises(ImproperlyConfiguredException, match="get_featurez"):
        create_app(in_memory_container(settings), extra_routes=[Stray])


def composition_roots() -> set[str]:
    """The modules import-linter lets import the container (pyproject.toml)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    layers = config["tool"]["importlinter"]["contracts"][0]
    rules = [rule.split(" -> ") for rule in layers["ignore_imports"]]
    return {source for source, target in rules if target == "src.infrastructure.container"}


def touches_the_container(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Attribute) and node.attr == "container":
            return True
        if isinstance(node, ast.Name) and node.id in {"container", "Container"}:
            return True
    return False


def test_only_the_composition_roots_touch_the_container() -> None:
    roots = composition_roots()
    assert "src.interfaces.api.app" in roots
    assert not any("*" in root for root in roots), "a wildcard is no composition root"
    offenders = []
    for path in sorted((ROOT / "src" / "interfaces").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if module not in roots and touches_the_container(path):
            offenders.append(module)
    assert offenders == []


class Events:
    def __init__(self) -> None:
        self.listeners: list[TenantListener] = []

    async def publish(self, tenant_id: TenantId) -> None:
        for listener in self.listeners:
            await listener(tenant_id)

    def subscribe(self, listener: TenantListener) -> None:
        self.listeners.append(listener)


class Rejections:
    def __init__(self) -> None:
        self.listeners: list[TokenListener] = []

    def subscribe(self, listener: TokenListener) -> None:
        self.listeners.append(listener)

    def unsubscribe(self, listener: TokenListener) -> None:
        self.listeners.remove(listener)


class WebhookSession(RecordingSession):
    """Records the calls and signals the first setWebhook."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.webhook_set = asyncio.Event()

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        timeout: int | None = None,  # noqa: ASYNC109 - BaseSession's signature
    ) -> Any:
        answer = await super().make_request(bot, method, timeout)
        if isinstance(method, SetWebhook):
            self.webhook_set.set()
        return answer


class Registry:
    def __init__(self) -> None:
        self.bots: dict[TenantId, Bot] = {}
        self.session = WebhookSession()

    def add(self, tenant_id: TenantId, token: str) -> Bot:
        self.bots[tenant_id] = Bot(token, session=self.session)
        return self.bots[tenant_id]

    def remove(self, tenant_id: TenantId) -> Bot | None:
        return self.bots.pop(tenant_id, None)

    def get(self, tenant_id: TenantId) -> Bot | None:
        return self.bots.get(tenant_id)

    def tenant_of(self, telegram_bot_id: int) -> TenantId | None:
        return next((t for t, bot in self.bots.items() if bot.id == telegram_bot_id), None)

    def __contains__(self, tenant_id: object) -> bool:
        return tenant_id in self.bots

    def __len__(self) -> int:
        return len(self.bots)

    def tenant_ids(self) -> list[TenantId]:
        return list(self.bots)


class NoneServing:
    async def __call__(self) -> list[ServingBot]:
        return []


class Serving:
    async def __call__(self, tenant_id: TenantId) -> ServingBot | None:
        return ServingBot(tenant_id, f"{tenant_id}:AAtoken")


async def test_the_runtime_runs_on_its_bundle_alone() -> None:
    """Webhook mode; the bots' session records the calls: nothing reaches Telegram."""
    events, rejections, registry = Events(), Rejections(), Registry()
    services = RuntimeServices(
        registry=registry,
        list_serving_bots=NoneServing,  # type: ignore[arg-type]
        load_serving_bot=Serving,  # type: ignore[arg-type]
        mark_tenant_failed=lambda: pytest.fail("no token was rejected"),
        events=lambda: events,
        token_rejected=lambda: rejections,
        webhook_secret=lambda tenant_id: f"secret-{tenant_id}",
        leases=lambda: pytest.fail("webhook mode takes no lease"),
    )
    options = RuntimeOptions(webhook_base="https://fleet.example", workers=1)
    runtime = BotRuntime(services, Dispatcher(), options)
    await runtime.start()
    assert rejections.listeners != []
    await events.publish(TenantId(7))
    assert 7 in runtime.registry
    await asyncio.wait_for(registry.session.webhook_set.wait(), 5)
    [webhook] = [call for call in registry.session.calls if isinstance(call, SetWebhook)]
    assert (webhook.url, webhook.secret_token) == ("https://fleet.example/telegram/7", "secret-7")
    await runtime.stop()
    assert rejections.listeners == []
