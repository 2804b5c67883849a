"""Who sent a provider's notification: the peer address, or behind a trusted proxy the
address it forwarded (docs/payments.md, "Online providers")."""

from __future__ import annotations

import ipaddress

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_ip(peer: str | None, forwarded_for: str | None, proxies: tuple[Network, ...]) -> str:
    """The sender's address: the peer, unless the peer is a trusted proxy, then the
    right-most X-Forwarded-For entry that is not itself a trusted proxy."""

    def trusted(text: str) -> bool:
        try:
            return any(ipaddress.ip_address(text) in net for net in proxies)
        except ValueError:
            return False

    current = (peer or "").strip()
    if not forwarded_for or not trusted(current):
        return current
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        current = hop
        if not trusted(hop):
            break
    return current
