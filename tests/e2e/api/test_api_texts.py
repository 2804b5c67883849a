"""`/tenants/{id}/texts/{lang}/{key}`: a tenant's own wording of a bot text (issue #19).

Hostile and edge cases: a variable removed or added, broken Fluent, broken or unknown
HTML, NUL, a text longer than Telegram takes (4096; 1024 for a caption), an unknown key
or language, a huge key, another tenant's token (404/403 come from the route sweep in
test_api_access), and another tenant's text staying as it was.
"""

from __future__ import annotations

import pytest

from tests.e2e.api.helpers import Api, assert_problem


def url(tenant_id: int, lang: str = "ru", key: str = "menu.title") -> str:
    return f"/api/v1/tenants/{tenant_id}/texts/{lang}/{key}"


async def test_an_override_round_trip(api: Api) -> None:
    shop, other = await api.shop(), await api.shop()
    default = (await api.call("GET", url(shop.id), shop.auth)).json()
    assert default["overridden"] is False and default["text"] == default["default"]
    assert default["variables"] == ["balance", "name"] and default["limit"] == 4096
    assert "{ $name }" in default["default"]

    text = "<b>{ $name }</b>\nНа счету: { $balance }"
    put = await api.call("PUT", url(shop.id), shop.auth, {"text": text})
    assert put.status_code == 200, put.text
    assert put.json()["text"] == text and put.json()["overridden"] is True
    assert (await api.call("GET", url(shop.id), shop.auth)).json()["text"] == text
    assert (await api.call("GET", url(shop.id), api.master)).json()["text"] == text
    untouched = (await api.call("GET", url(other.id), other.auth)).json()
    assert untouched["overridden"] is False
    english = (await api.call("GET", url(shop.id, "en"), shop.auth)).json()
    assert english["overridden"] is False  # per language

    reset = await api.call("DELETE", url(shop.id), shop.auth)
    assert reset.status_code == 200 and reset.json() == default
    assert (await api.call("GET", url(shop.id), shop.auth)).json() == default
    again = await api.call("DELETE", url(shop.id), shop.auth)  # nothing to drop: still 200
    assert again.status_code == 200


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Баланс: { $balance }", "missing name"),
        ("{ $name } { $balance } { $secret }", "unknown secret"),
        ("{ $name } { $balance", "not a Fluent pattern"),
        ("<b>{ $name } { $balance }", "never closed"),
        ("<img src=x>{ $name } { $balance }", "not a tag Telegram knows"),
        ("{ $name } < { $balance }", "bare '<'"),
        ("{ $name }\u0000{ $balance }", "NUL"),
        ("x" * 4100 + "{ $name }{ $balance }", "4096"),
    ],
)
async def test_an_override_that_does_not_fit_is_refused(api: Api, text: str, why: str) -> None:
    shop = await api.shop()
    refused = await api.call("PUT", url(shop.id), shop.auth, {"text": text})
    body = assert_problem(refused, 422, "invalid_text")
    assert why in body["detail"]
    assert (await api.call("GET", url(shop.id), shop.auth)).json()["overridden"] is False


async def test_a_caption_text_has_the_caption_limit(api: Api) -> None:
    shop = await api.shop()
    variables = "{ $tracking }{ $amount }{ $user }{ $card }{ $sent }"
    long = await api.call(
        "PUT", url(shop.id, "en", "receipt.admin"), shop.auth, {"text": "x" * 1100 + variables}
    )
    assert "1024" in assert_problem(long, 422, "invalid_text")["detail"]
    ok = await api.call(
        "PUT", url(shop.id, "en", "receipt.admin"), shop.auth, {"text": "🧾 " + variables}
    )
    assert ok.status_code == 200 and ok.json()["limit"] == 1024


@pytest.mark.parametrize(
    ("lang", "key"), [("de", "menu.title"), ("ru", "menu.nothing"), ("ru", "k" * 128)]
)
async def test_an_unknown_text_is_not_found(api: Api, lang: str, key: str) -> None:
    shop = await api.shop()
    for method, body in (("GET", None), ("PUT", {"text": "x"}), ("DELETE", None)):
        answer = await api.call(method, url(shop.id, lang, key), shop.auth, body)
        assert_problem(answer, 404, "text_not_found")


async def test_a_key_past_the_limit_or_an_empty_text_is_a_validation_error(api: Api) -> None:
    shop = await api.shop()
    assert (await api.call("GET", url(shop.id, "ru", "k" * 129), shop.auth)).status_code == 422
    empty = await api.call("PUT", url(shop.id), shop.auth, {"text": ""})
    assert empty.status_code in (400, 422)
