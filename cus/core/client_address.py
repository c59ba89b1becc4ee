"""The address a request came from: the one helper for the access log, rate limits and anything else that
records or counts a client's address.

Without configuration it is the peer's address (``REMOTE_ADDR``) and ``X-Forwarded-For`` is ignored: anyone can
send that header. Behind the TLS proxy (see README), ``CUS_TRUSTED_PROXIES`` lists the proxies' addresses or
networks. Only when the peer is one of them is ``X-Forwarded-For`` read, from the right (each proxy appends the
address it received the request from), skipping trusted proxies: the first address that is not a trusted proxy
is the client. Whatever a client wrote into the header itself lies further left and is never reached, so it
cannot choose the address that is logged. If every address is a trusted proxy, the leftmost one is the client.

Why not django-ipware: it decides from the header alone, without checking that the peer is a trusted proxy (a
client that reaches the server directly can name any address), its trusted-proxy list is matched by position
rather than as a set, and by default it believes a dozen headers any client can send. The rule here is the one
nginx's ``real_ip_recursive`` applies, on the standard library's ``ipaddress``.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class HasMeta(Protocol):
    """A Django HttpRequest or a DRF Request."""

    @property
    def META(self) -> Mapping[str, Any]: ...


def parse_networks(entries: Iterable[str]) -> tuple[IPNetwork, ...]:
    """Addresses and networks (``10.0.0.5``, ``10.0.0.0/8``, ``fd00::/8``); raises ValueError naming a bad entry."""
    networks = []
    for entry in entries:
        text = entry.strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError as exc:
            raise ValueError(f"not an IP address or network: {text!r}") from exc
    return tuple(networks)


@functools.cache
def _trusted(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return parse_networks(entries)


def trusted_proxies() -> tuple[IPNetwork, ...]:
    return _trusted(tuple(getattr(settings, "CUS_TRUSTED_PROXIES", ())))


def parse_address(text: str) -> IPAddress | None:
    """An address as a proxy or a server writes it (``1.2.3.4``, ``1.2.3.4:5678``, ``[::1]:80``, ``::1``), or None."""
    text = text.strip().strip('"')
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # IPv4 with a port; IPv6 has two colons or more
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text.partition("%")[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_ip(request: HasMeta) -> str | None:
    """The client's address as text (None if the server gave no usable peer address)."""
    peer = parse_address(request.META.get("REMOTE_ADDR") or "")
    if peer is None:
        return None
    networks = trusted_proxies()
    if not networks or not _is_trusted(peer, networks):
        return str(peer)
    hops = [hop for header in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if (hop := header.strip())]
    client = peer
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            # A trusted proxy passed on something that is not an address: the nearest verified address stands.
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)
