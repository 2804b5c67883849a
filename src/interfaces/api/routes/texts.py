"""`/api/v1/tenants/{tenant_id}/texts/{lang}/{key}`: a tenant's own wording of a bot text
(docs/i18n.md#per-tenant-overrides)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, delete, get, put
from litestar.di import NamedDependency
from litestar.params import JSONBody, Parameter

from src.application.tenancy.texts import (
    GetTextOverrides,
    ResetTextOverride,
    SetTextOverride,
    TextOverrideInput,
)
from src.core.ids import TenantId
from src.interfaces.api.openapi import doc
from src.interfaces.api.schemas.common import Id
from src.interfaces.api.schemas.texts import TextIn, TextOut
from src.interfaces.bot.i18n import default_source, text_variables
from src.interfaces.bot.i18n.overrides import check, known, limit_of

Lang = Annotated[str, Parameter(min_length=2, max_length=8)]
Key = Annotated[str, Parameter(min_length=1, max_length=128)]


def _out(lang: str, key: str, override: str | None) -> TextOut:
    default = default_source(lang, key)
    return TextOut(
        language=lang,
        key=key,
        text=override if override is not None else default,
        overridden=override is not None,
        default=default,
        variables=sorted(text_variables(lang, key)),
        limit=limit_of(key),
    )


class TextsController(Controller):
    path = "/tenants/{tenant_id:int}/texts"
    tags = ("texts",)

    @get("/{lang:str}/{key:str}", **doc(404))
    async def get_text(
        self,
        tenant_id: Id,
        lang: Lang,
        key: Key,
        get_text_overrides: NamedDependency[GetTextOverrides],
    ) -> TextOut:
        """The text the tenant's bot sends for `key` in `lang`: its override or the default."""
        overrides = await get_text_overrides(TenantId(tenant_id))
        known(lang, key)
        return _out(lang, key, overrides.get((lang, key)))

    @put("/{lang:str}/{key:str}", **doc(404))
    async def set_text(
        self,
        tenant_id: Id,
        lang: Lang,
        key: Key,
        data: JSONBody[TextIn],
        get_text_overrides: NamedDependency[GetTextOverrides],
        set_text_override: NamedDependency[SetTextOverride],
    ) -> TextOut:
        """Replace the text: it must use exactly the default's variables, be Telegram HTML
        and fit Telegram's limit (`limit`); the bot uses it within a second."""
        await get_text_overrides(TenantId(tenant_id))  # 404 for a tenant that is gone
        check(lang, key, data.text)
        await set_text_override(TextOverrideInput(TenantId(tenant_id), lang, key, data.text))
        return _out(lang, key, data.text)

    @delete("/{lang:str}/{key:str}", status_code=200, **doc(404))
    async def reset_text(
        self,
        tenant_id: Id,
        lang: Lang,
        key: Key,
        reset_text_override: NamedDependency[ResetTextOverride],
    ) -> TextOut:
        """Drop the override: the default applies again (and is returned)."""
        known(lang, key)
        await reset_text_override(TenantId(tenant_id), lang, key)
        return _out(lang, key, None)
