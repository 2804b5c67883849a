"""Master-console presses for rights tests: every console action, as forged data."""

from __future__ import annotations

from src.interfaces.bot.console_callbacks import ConsoleCb

# (action, amount, arg): every handler of the console router
ACTIONS = [
    ("home", 0, ""),
    ("cancel", 0, ""),
    ("list", 0, "active"),
    ("card", 0, ""),
    ("ask", 0, "deactivate"),
    ("do", 0, "deactivate"),
    ("do", 0, "suspend"),
    ("do", 0, "rotate"),
    ("feats", 0, ""),
    ("feat", 0, "trial_subscription=0"),
    ("wallet", 0, ""),
    ("topup", 0, ""),
    ("topok", 50_000, "abcdef012345"),
    ("bset", 0, "model=consumption"),
    ("bask", 0, "credit_limit"),
    ("del", 0, ""),
    ("new", 0, ""),
    ("lang", 0, "fa"),
    ("skip", 0, ""),
    ("stats", 0, ""),
    ("audit", 0, ""),
    ("admins", 0, ""),
    ("adm_add", 0, ""),
    ("adm_rm", 0, "900001"),
    ("tadm", 0, ""),
    ("tadm_add", 0, ""),
    ("tadm_rm", 0, "900006"),
    ("bcast", 0, ""),
    ("bc_to", 0, "all"),
    ("bc_go", 0, ""),
    ("bc_stop", 0, "1"),
]

OUT_OF_DATE = "This button is out of date. Send /start for a fresh menu."


def forged_presses(tenant_id: int) -> list[str]:
    return [
        ConsoleCb(action=a, tenant_id=tenant_id, amount=amount, arg=arg).pack()
        for a, amount, arg in ACTIONS
    ]
