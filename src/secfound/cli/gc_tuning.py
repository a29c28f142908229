"""Fewer garbage collections while a scan builds its objects.

A large scan keeps hundreds of thousands of objects alive (syntax trees, model objects,
findings) and allocates millions more; with CPython's default thresholds the cyclic
collector walks the live ones again and again, which took a quarter of the CPU time of
the 2,000-file benchmark corpus (bench/scan_bench.py). Reference counting still frees
almost everything at once; collecting cycles a hundred times less often kept peak
memory within 3% there. The command line owns its process, so it decides; a library
caller keeps its own settings.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Young objects allocated between collections, and how many collections of one
# generation trigger one of the next.
SCAN_THRESHOLDS = (100_000, 50, 100)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the collector's thresholds for the duration; restore them after."""
    previous = gc.get_threshold()
    gc.set_threshold(*SCAN_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
