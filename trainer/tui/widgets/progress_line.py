"""ProgressLine: cards left today (new · learning · review, like Anki) and the time spent."""

from __future__ import annotations

from textual.widgets import Static

from trainer.study import Counts
from trainer.tui.format import clock_time


class ProgressLine(Static):
    _text = ""

    def show(self, counts: Counts, elapsed_seconds: int, reviewed: int) -> None:
        text = (f"{counts.new} new · {counts.learning} learning · {counts.review} review"
                f"    done {reviewed}    {clock_time(elapsed_seconds)}")
        if text != self._text:
            # a line that fits, and fitted, keeps its one-line height: no re-layout of the screen
            # for it, once a second and on every card
            width = self.size.width
            fits = 0 < width and len(text) <= width and len(self._text) <= width
            self._text = text
            self.update(text, layout=not fits)
