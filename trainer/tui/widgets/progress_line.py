"""ProgressLine: cards left today (new · learning · review, like Anki) and the time spent."""

from __future__ import annotations

from textual.widgets import Static

from trainer.study import Counts
from trainer.tui.format import clock_time


class ProgressLine(Static):
    def show(self, counts: Counts, elapsed_seconds: int, reviewed: int) -> None:
        self.update(f"{counts.new} new · {counts.learning} learning · {counts.review} review"
                    f"    done {reviewed}    {clock_time(elapsed_seconds)}")
