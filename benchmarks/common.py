"""Shared benchmark helpers: paired process timing, percentiles and a plain table printer."""

from __future__ import annotations

import statistics
import subprocess
import time


def time_process(argv: list[str], env=None, cwd=None) -> float:
    """Wall time in seconds of one run of argv (output discarded)."""
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   env=env, cwd=cwd)
    return time.perf_counter() - start


def paired(a: list[str], b: list[str], runs: int = 15, warmup: int = 2, **kw) -> tuple[list, list]:
    """Time a and b alternately (a, b, a, b...) so drift in machine load hits both alike."""
    for _ in range(warmup):
        time_process(a, **kw), time_process(b, **kw)
    ta, tb = [], []
    for _ in range(runs):
        ta.append(time_process(a, **kw))
        tb.append(time_process(b, **kw))
    return ta, tb


def median(xs) -> float:
    return statistics.median(xs)


def percentile(xs, p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    s = sorted(xs)
    k = max(0, min(len(s) - 1, round(p / 100 * len(s) + 0.5) - 1))
    return s[k]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def table(title: str, header: list[str], rows: list[list]) -> str:
    """A fixed-width text table."""
    cells = [header] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    line = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True))  # noqa: E731
    out = [title, line(header), line(["-" * w for w in widths])] + [line(r) for r in cells[1:]]
    return "\n".join(out)
