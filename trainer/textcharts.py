"""Charts drawn with Unicode blocks as plain lines of text, shared by `trainer stats` and the TUI."""

from __future__ import annotations

from datetime import date, timedelta
from math import ceil

EIGHTHS = " ▁▂▃▄▅▆▇█"
LEFT_EIGHTHS = " ▏▎▍▌▋▊▉█"  # the same for bars that grow to the right
SHADES = "·░▒▓█"  # no study, then four levels of the busiest day
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def buckets(values: list[int], width: int) -> tuple[list[int], int]:
    """Sum runs of values so at most `width` remain; runs end at the last value, so the
    newest bar is always whole. Returns the sums and how many values each holds."""
    size = max(1, ceil(len(values) / max(1, width)))
    head = len(values) % size
    sums = [sum(values[:head])] if head else []
    sums += [sum(values[i:i + size]) for i in range(head, len(values), size)]
    return sums, size


def bars(values: list[int], height: int, bar_width: int = 1, gap: int = 0) -> list[str]:
    """Vertical bars scaled to the largest value, `height` lines, the top line first. Any
    value above zero shows at least a sliver, so a day with one review is not lost."""
    top = max(values, default=0)
    eighths = [0 if not v or not top else max(1, round(v / top * height * 8)) for v in values]
    lines = []
    for row in range(height - 1, -1, -1):
        cells = [EIGHTHS[min(8, max(0, e - row * 8))] * bar_width for e in eighths]
        lines.append((" " * gap).join(cells).rstrip())
    return lines


def fit(values: list[int], width: int, height: int) -> tuple[list[str], int, int]:
    """Bars for `values` in `width` columns: one bar per value, wider with gaps when there is
    room, else one per bucket. Returns the lines, the columns used and the bucket size."""
    sums, size = buckets(values, width)
    step = max(1, min(3, width // max(1, len(sums))))
    bar_width, gap = (step - 1, 1) if step > 1 else (1, 0)
    used = len(sums) * step - gap if sums else 0
    return bars(sums, height, bar_width, gap), used, size


def hbar(value: float, top: float, width: int) -> str:
    """A horizontal bar for `value`, `top` filling `width` columns, in eighths of a column;
    any value above zero shows at least a sliver."""
    if value <= 0 or top <= 0:
        return ""
    eighths = max(1, round(min(value, top) / top * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (LEFT_EIGHTHS[part] if part else "")


def axis(left: str, right: str, width: int) -> str:
    """A label line under a chart: `left` at the start, `right` flush with the end."""
    if len(left) + len(right) + 1 > width:
        return right.rjust(width)[:width]
    return left + right.rjust(width - len(left))


def shade(n: int, top: int) -> str:
    """The calendar cell for a day with n reviews when the busiest day had `top`."""
    if n <= 0 or top <= 0:
        return SHADES[0]
    return SHADES[min(4, 1 + (n * 4 - 1) // top)]


def calendar(counts: list[int], last: date, weeks: int, label: int = 4) -> list[str]:
    """A heatmap of study days: a month line, then Monday to Sunday, one column per week,
    the week holding `last` at the right. `counts` are per day, ending with `last`."""
    start = last - timedelta(days=last.weekday() + 7 * (weeks - 1))
    first = last - timedelta(days=len(counts) - 1)
    top = max(counts, default=0)
    months = [" "] * (label + weeks)
    rows = [[name.ljust(label)[:label]] for name in WEEKDAYS]
    for w in range(weeks):
        monday = start + timedelta(weeks=w)
        if monday.day <= 7 and label + w + 3 <= len(months):  # the first week of a month
            months[label + w:label + w + 3] = monday.strftime("%b")
        for d in range(7):
            day = monday + timedelta(days=d)
            if day > last:
                cell = " "
            elif day < first:
                cell = SHADES[0]
            else:
                cell = shade(counts[(day - first).days], top)
            rows[d].append(cell)
    return ["".join(months).rstrip()] + ["".join(r) for r in rows]
