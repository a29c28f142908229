"""What the organization checks share: listing things in a message without flooding it."""

from __future__ import annotations

from collections.abc import Sequence

MAX_LISTED = 8


def listing(items: Sequence[str], limit: int = MAX_LISTED) -> str:
    """``a; b; c`` and, past ``limit``, how many more."""
    shown = "; ".join(items[:limit])
    rest = len(items) - limit
    return f"{shown}; and {rest} more" if rest > 0 else shown
