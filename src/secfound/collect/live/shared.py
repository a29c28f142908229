"""Answers several collectors need, asked once per run and shared.

Some facts are not about one resource but about an account and region: which KMS keys
AWS manages there, say. Each collector asking for itself would repeat the same call once
per collector; ``SharedLookups`` computes each answer on first need, under a lock of its
own (collectors of one region run on several threads at once), and hands the same answer
to every later asker. ``assess`` makes one per run and gives it to every ``LiveContext``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class _Entry:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.done = False
        self.value: Any = None


class SharedLookups:
    """A per-run memo: ``once(key, compute)`` runs ``compute`` for the first asker of
    ``key`` only; the others wait for it and get its answer. A ``compute`` that raises
    leaves nothing behind, so the next asker tries again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[Hashable, _Entry] = {}

    def once(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            entry = self._entries.setdefault(key, _Entry())
        with entry.lock:
            if not entry.done:
                entry.value = compute()
                entry.done = True
            value: T = entry.value
            return value
