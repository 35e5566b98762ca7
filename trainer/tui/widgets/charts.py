"""BarChart and StudyCalendar: the stats screen's pictures, drawn in block characters to fit any width."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.widget import Widget

from trainer.textcharts import SHADES, axis, calendar, fit


class BarChart(Widget):
    """A series as vertical bars scaled to its largest value, with its first and last labels
    underneath; the colour is the widget's CSS `color`."""

    COMPONENT_CLASSES = {"bar-chart--axis"}

    def __init__(self, values: list[int] | None = None, left: str = "", right: str = "",
                 **kwargs: Any):
        super().__init__(**kwargs)
        self.values, self.left, self.right = list(values or []), left, right

    def plot(self, values: list[int], left: str, right: str) -> None:
        self.values, self.left, self.right = list(values), left, right
        self.refresh()

    def render(self) -> Text:
        width, height = self.content_size
        lines, used, size = fit(self.values, width, max(1, height - 1))
        right = self.right + (f" · {size} days a bar" if size > 1 else "")
        text = Text("\n".join(lines) + "\n", no_wrap=True)
        text.append(axis(self.left, right, max(used, len(self.left) + len(right) + 1)),
                    self.get_component_rich_style("bar-chart--axis"))
        return text


class StudyCalendar(Widget):
    """Study days as a heatmap, one column per week up to the week of `last` (as many weeks as
    fit), shaded by how many reviews each day had."""

    COMPONENT_CLASSES = {"study-calendar--empty", "study-calendar--label"}

    def __init__(self, counts: list[int] | None = None, last: date | None = None,
                 **kwargs: Any):
        super().__init__(**kwargs)
        self.counts, self.last = list(counts or []), last

    def plot(self, counts: list[int], last: date) -> None:
        self.counts, self.last = list(counts), last
        self.refresh()

    def render(self) -> Text:
        if self.last is None:
            return Text("")
        weeks = max(1, min(53, self.content_size.width - 4))
        empty = self.get_component_rich_style("study-calendar--empty")
        label = self.get_component_rich_style("study-calendar--label")
        text = Text(no_wrap=True)
        for i, line in enumerate(calendar(self.counts, self.last, weeks)):
            if i:
                text.append("\n")
            text.append(line[:4], label)
            for ch in line[4:]:
                text.append(ch, empty if ch == SHADES[0] or i == 0 else None)
        return text
