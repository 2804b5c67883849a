"""`just bench [NAME ...]`: run the benchmark scripts and print their numbers."""

from __future__ import annotations

import asyncio
import importlib
import sys

BENCHES = [
    "flag_cache",
    "api_features",
    "runtime_webhooks",
    "workers",
    "shop_purchases",
    "billing_run",
    "card_rotation",
    "import_bedolaga",
    "broadcast",
]


def main(argv: list[str]) -> int:
    names = argv or BENCHES
    for name in names:
        if name not in BENCHES:
            print(f"unknown benchmark {name!r}; known: {', '.join(BENCHES)}", file=sys.stderr)
            return 2
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name}: {module.__doc__.strip().splitlines()[0] if module.__doc__ else ''}")
        asyncio.run(module.main())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
