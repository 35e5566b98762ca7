"""CardView: one card's question, and after the reveal its answer, extra line, update and sources."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Rule, Static

from trainer.model import Card, QuizItem

KIND_LABELS = {"qa": "Question", "cloze": "Fill in the blank", "reverse": "Reverse question"}


class CardView(VerticalScroll):
    """Card text is data, never markup: every Static here is built with markup=False."""

    can_focus = False

    def compose(self) -> ComposeResult:
        yield Static("", id="card-kind", markup=False)
        yield Static("", id="card-question", markup=False)
        yield Rule(id="card-rule")
        yield Static("", id="card-answer", markup=False)
        yield Static("", id="card-extra", markup=False)
        yield Static("", id="card-update", markup=False)
        yield Static("", id="card-sources", markup=False)

    def on_mount(self) -> None:
        self._texts: dict[Static, str] = {}  # what each Static shows now

    def _set(self, widget: Static, text: str) -> None:
        """Only a text that changed is repainted (the question stays as it is at the reveal)."""
        if self._texts.get(widget) != text:
            self._texts[widget] = text
            widget.update(text)

    def show(self, card: Card, revealed: bool) -> None:
        # the answer parts are shown and hidden through `display`, not CSS classes: a class
        # change restyles the whole subtree, which is most of the time between two cards
        label = KIND_LABELS.get(card.kind, card.kind)
        # the topic waits for the answer: "Hydroxychloroquine" above a question gives it away
        self._set(self.query_one("#card-kind", Static), f"{label} · {card.topic}" if revealed else label)
        self._set(self.query_one("#card-question", Static), card.question)
        parts = {"#card-rule": None, "#card-answer": card.answer, "#card-extra": card.extra,
                 "#card-update": update_text(card), "#card-sources": sources_text(card)}
        for selector, text in parts.items():
            widget = self.query_one(selector)
            if text is not None and isinstance(widget, Static):
                self._set(widget, text if revealed else "")
            widget.display = revealed and text != ""
        self.scroll_home(animate=False)


def update_text(card: Card | QuizItem) -> str:
    """"Update: what changed since the review", then its own sources, or "" when nothing did:
    the card keeps the review's fact, so the later change must be visible beside it."""
    if not card.update:
        return ""
    lines = [f"Update: {card.update}"]
    for s in card.update_sources:
        lines.append(f"  {s.short}" + (f" · doi:{s.doi}" if s.doi else f" · {s.url}" if s.url else ""))
    return "\n".join(lines)


def sources_text(card: Card | QuizItem) -> str:
    """One line per source: "[37] Furie et al. 2008 · doi:10.1186/ar2506", then its citation."""
    lines = []
    for s in card.sources:
        head = s.label + (f" · doi:{s.doi}" if s.doi else "")
        lines.append(head)
        if s.citation and s.citation != s.short:
            lines.append(f"  {s.citation}")
    return "Source" + ("s" if len(card.sources) > 1 else "") + "\n" + "\n".join(lines)
