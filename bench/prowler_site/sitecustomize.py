"""A network witness for the Prowler run of the live benchmark (bench/prowler_runner.py).

Python imports ``sitecustomize`` at start-up from any folder on ``PYTHONPATH``; the runner
puts this folder there and names a file in ``SECFOUND_NET_AUDIT``. Every process of the
peer tool (its workers too) then records, through the interpreter's audit hooks (PEP 578),
each name lookup and each socket connection or datagram whose target is not loopback, in
``<SECFOUND_NET_AUDIT>.<pid>``. The first line of each file says the witness was loaded,
so an empty verdict is never mistaken for a clean one. It only records: the dead proxy the
runner also sets is what makes such a request fail.

It imports nothing but the standard library and does nothing when the variable is unset.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from typing import Any

_WATCHED = {
    "socket.getaddrinfo": 0,  # (host, port, family, type, proto, flags)
    "socket.gethostbyname": 0,  # (hostname,)
    "socket.gethostbyname_ex": 0,
    "socket.connect": 1,  # (socket, address)
    "socket.sendto": 1,  # (socket, address)
}
_LOCAL_NAMES = {"", "localhost", "localhost.localdomain", "ip6-localhost"}


def _is_local(host: object) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    name = str(host).strip("[]").lower()
    if name in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(name.split("%")[0]).is_loopback
    except ValueError:
        return False


def _target(event: str, args: tuple[Any, ...]) -> tuple[object, object] | None:
    """The (host, port) an event reaches, or None when it names no network host (a
    Unix socket path, an argument of an unexpected shape)."""
    value = args[_WATCHED[event]] if len(args) > _WATCHED[event] else None
    if event.startswith("socket.get"):
        port = args[1] if event == "socket.getaddrinfo" and len(args) > 1 else ""
        return value, port
    if isinstance(value, tuple) and len(value) >= 2:
        return value[0], value[1]
    return None


def _install(base: str) -> None:
    path = f"{base}.{os.getpid()}"
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"loaded {os.getpid()} {sys.executable}\n")

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event not in _WATCHED:
            return
        target = _target(event, args)
        if target is None or _is_local(target[0]):
            return
        host, port = target
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"{event} {host!s} {port!s}\n")

    sys.addaudithook(hook)


_base = os.environ.get("SECFOUND_NET_AUDIT")
if _base:
    _install(_base)
