"""collector_paused: Python's cycle collector off while a bulk job builds many small objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off for the block, back as it was after. A bulk job (an export, an
    import from Anki) makes hundreds of thousands of small acyclic objects, and the collector
    rescanned them all again and again as they piled up; reference counting still frees them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
