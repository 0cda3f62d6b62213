"""Host names → IP addresses, and which addresses a fetch must never reach.

A URL a user names, or a redirect a server sends, can point at the machine sitrep runs on
(``127.0.0.1``, ``localhost``), at its network (``10.x``, ``192.168.x``), at a cloud metadata
service (``169.254.169.254``) or at nothing routable at all. `refusal` says why such an address
is refused (``a loopback address``), or ``None`` for a public one. The check is made on the
addresses a name resolves to, not on the name, and IPv6 forms that carry an IPv4 address inside
(``::ffff:127.0.0.1``, 6to4, Teredo) are judged by the IPv4 address they carry.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[IPAddress]]
"""``(host, port) → addresses``; raises `OSError` when the name does not resolve."""


def resolve_host(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (an IP literal resolves to itself), in the resolver's order."""
    literal = parse_address(host)
    if literal is not None:
        return [literal]
    found: list[IPAddress] = []
    for *_, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    if not found:
        raise OSError(f"{host} has no address")
    return found


def parse_address(host: str) -> IPAddress | None:
    """``host`` as an IP address if it is one (``[::1]`` included), else ``None``."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def refusal(address: IPAddress) -> str | None:
    """Why a fetch must not connect to ``address`` (``a loopback address``), or ``None`` if it may."""
    for candidate in _carried(address):
        if candidate.is_loopback:
            return "a loopback address"
        if candidate.is_unspecified:
            return "an unspecified address"
        if candidate.is_link_local:
            return "a link-local address"
        if candidate.is_multicast:
            return "a multicast address"
        if candidate.is_reserved:
            return "a reserved address"
        if candidate.is_private:
            return "a private address"
        if not candidate.is_global:
            return "not a public address"
    return None


def _carried(address: IPAddress) -> Sequence[IPAddress]:
    """The address itself and any IPv4 address an IPv6 address carries."""
    if isinstance(address, ipaddress.IPv4Address):
        return (address,)
    carried: list[IPAddress] = [address]
    if address.ipv4_mapped is not None:
        carried.insert(0, address.ipv4_mapped)
    if address.sixtofour is not None:
        carried.insert(0, address.sixtofour)
    if address.teredo is not None:
        carried[:0] = address.teredo
    return carried
