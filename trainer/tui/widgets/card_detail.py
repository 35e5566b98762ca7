"""CardDetail: one card in full (both sides, update, sources with DOI, memory) and its review history."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Rule, Static

from trainer.browse import CardDetails, state_label
from trainer.model import Rating
from trainer.schedule import interval_label
from trainer.text import one_line, printable
from trainer.tui.format import duration, when
from trainer.tui.widgets.card_view import KIND_LABELS, HangingText, KeyScroll, sources_text, update_text


def local(seconds: int, tz: tzinfo | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return datetime.fromtimestamp(seconds, UTC).astimezone(tz).strftime(fmt)


def memory_text(d: CardDetails, now: datetime, tz: tzinfo | None) -> str:
    """State, due, stability, difficulty, reps and lapses, on two lines."""
    m = d.memory
    state = state_label(m.state, m.suspended, d.retired)
    if m.due is None:
        # a reset card keeps its history: say so rather than "never studied"
        due = "to learn again (reset)" if d.history else "not studied yet"
    elif m.due <= now.timestamp():
        due = f"due since {local(m.due, tz)}"
    else:
        due = f"due {when(m.due, now, tz)}"
    lines = [f"{state} · {due}"]
    if m.stability is not None:
        lines.append(f"stability {m.stability:.1f} days · difficulty {m.difficulty:.1f} / 10 · "
                     f"{m.reps} review{'s' * (m.reps != 1)} · {m.lapses} lapse{'s' * (m.lapses != 1)}")
    return "\n".join(lines)


class CardDetail(KeyScroll):
    """Card text is data: every Static here has markup off, table cells are Text, and control
    characters in the file's text are shown as symbols (`printable`), never sent as such."""

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-head", markup=False)
        yield Static("", id="detail-question", markup=False)
        yield Rule(id="detail-rule")
        yield Static("", id="detail-answer", markup=False)
        yield Static("", id="detail-extra", markup=False)
        yield HangingText(id="detail-update")
        yield HangingText(id="detail-sources")
        yield Static("", id="detail-memory", markup=False)
        yield Static("", id="detail-history-heading", classes="stats-heading", markup=False)
        history: DataTable[object] = DataTable(id="detail-history", cursor_type="none",
                                               zebra_stripes=True)
        history.can_focus = False  # no cursor: a click on it must leave the keys to the card
        yield history

    def show(self, d: CardDetails, now: datetime, tz: tzinfo | None) -> None:
        card = d.card
        head = [card.id, d.deck, card.topic, KIND_LABELS.get(card.kind, card.kind)]
        if card.tags:
            head.append(" ".join(card.tags))
        self.query_one("#detail-head", Static).update(" · ".join(map(one_line, head)))
        self.query_one("#detail-question", Static).update(printable(card.question))
        self.query_one("#detail-answer", Static).update(printable(card.answer))
        extra = self.query_one("#detail-extra", Static)
        extra.update(printable(card.extra))
        extra.display = bool(card.extra)
        update = self.query_one("#detail-update", Static)
        update.update(printable(update_text(card)))
        update.display = bool(card.update)
        self.query_one("#detail-sources", Static).update(
            printable(sources_text(card)) if card.sources else "No source listed")
        self.query_one("#detail-memory", Static).update(memory_text(d, now, tz))
        self.show_history(d, tz)

    def show_history(self, d: CardDetails, tz: tzinfo | None) -> None:
        n = len(d.history)
        self.query_one("#detail-history-heading", Static).update(
            f"History · {n} review{'s' * (n != 1)}" if n else "History · never reviewed")
        table = self.query_one("#detail-history", DataTable)
        table.clear(columns=True)
        table.display = bool(n)
        for label in ("Date", "Grade", "Interval", "Was", "Time"):
            table.add_column(label, key=label.lower())
        for h in reversed(d.history):  # newest first, as Anki's card info
            interval = "" if h.interval is None else interval_label(0, h.interval)
            table.add_row(local(h.reviewed_at, tz), Text(Rating(h.rating).name.title()),
                          interval, state_label(h.state_before), duration(h.duration_ms))
