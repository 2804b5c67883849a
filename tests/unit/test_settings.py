from __future__ import annotations

from pathlib import Path

import pytest

from src.core.shop.trial import TrialLimits
from src.infrastructure.settings import SettingsError, load_settings


def env(tmp_path: Path, **kw: str) -> dict[str, str]:
    return {"FLEET_DATA_DIR": str(tmp_path), **kw}


def test_defaults(tmp_path: Path) -> None:
    s = load_settings(env(tmp_path))
    assert s.database_url is None and s.redis_url is None
    assert (s.http_host, s.http_port, s.currency, s.log_format) == (
        "127.0.0.1",
        8080,
        "RUB",
        "console",
    )
    assert s.telegram_api_url == "https://api.telegram.org"
    assert not s.webhook_mode
    assert s.master_api_key_generated


def test_generated_secrets_are_kept_for_the_next_start(tmp_path: Path) -> None:
    first = load_settings(env(tmp_path))
    second = load_settings(env(tmp_path))
    assert first.secret_key == second.secret_key
    assert first.master_api_key == second.master_api_key
    assert not second.master_api_key_generated
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_secrets_never_in_repr(tmp_path: Path) -> None:
    s = load_settings(env(tmp_path, FLEET_MASTER_BOT_TOKEN="123456:ABCDEFGHIJKLMNOP"))
    text = repr(s)
    assert s.secret_key not in text and s.master_api_key not in text and "ABCDEFGH" not in text


def test_plain_postgresql_url_gets_the_async_driver(tmp_path: Path) -> None:
    s = load_settings(env(tmp_path, FLEET_DATABASE_URL="postgresql://u@h:5432/db"))
    assert s.database_url == "postgresql+asyncpg://u@h:5432/db"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FLEET_HTTP_PORT", "eighty"),
        ("FLEET_HTTP_PORT", "70000"),
        ("FLEET_DATABASE_URL", "mysql://x/y"),
        ("FLEET_REDIS_URL", "http://x"),
        ("FLEET_CURRENCY", "ZZZ"),
        ("FLEET_LOG_FORMAT", "xml"),
        ("FLEET_MASTER_ADMIN_IDS", "1,two"),
        ("FLEET_MASTER_BOT_TOKEN", "not-a-token"),
        ("FLEET_SECRET_KEY", "short"),
        ("FLEET_TELEGRAM_API_URL", "ftp://x"),
        ("FLEET_REMNAWAVE_URL", "http://panel"),
    ],
)
def test_a_bad_value_names_the_variable_in_one_line(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(SettingsError) as err:
        load_settings(env(tmp_path, **{name: value}))
    message = str(err.value)
    assert message.startswith(name if name != "FLEET_REMNAWAVE_URL" else "FLEET_REMNAWAVE_TOKEN")
    assert "\n" not in message


def test_cli_prints_one_line_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from src.interfaces.cli import main

    monkeypatch.setenv("FLEET_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("FLEET_HTTP_PORT", "nope")
    with pytest.raises(SystemExit) as exit_:
        main(["migrate"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "FLEET_HTTP_PORT" in err


def test_admin_ids_parsed(tmp_path: Path) -> None:
    s = load_settings(env(tmp_path, FLEET_MASTER_ADMIN_IDS="5, 6,7"))
    assert s.master_admin_ids == (5, 6, 7)


def test_trial_caps_default_and_from_the_environment(tmp_path: Path) -> None:
    assert load_settings(env(tmp_path)).trial_limits == TrialLimits(14, 10, 3)
    s = load_settings(
        env(tmp_path, FLEET_TRIAL_MAX_DAYS="2", FLEET_TRIAL_MAX_GB="1", FLEET_TRIAL_MAX_DEVICES="1")
    )
    assert s.trial_limits == TrialLimits(2, 1, 1)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FLEET_TRIAL_MAX_DAYS", "0"),
        ("FLEET_TRIAL_MAX_DAYS", "31"),
        ("FLEET_TRIAL_MAX_GB", "1001"),
        ("FLEET_TRIAL_MAX_GB", "-1"),
        ("FLEET_TRIAL_MAX_DEVICES", "x"),
        ("FLEET_TRIAL_MAX_DEVICES", "٣"),  # a non-ASCII digit
    ],
)
def test_a_bad_trial_cap_names_its_variable(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=f"^{name}: must be an integer from 1 to "):
        load_settings(env(tmp_path, **{name: value}))
