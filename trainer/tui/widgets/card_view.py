"""CardView: one card's question, and after the reveal its answer, extra line, update and sources."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Rule, Static

from trainer.model import Card, QuizItem

KIND_LABELS = {"qa": "Question", "cloze": "Fill in the blank", "reverse": "Reverse question"}


class CardView(VerticalScroll):
    """Card text is data, never markup: every Static here is built with markup=False.

    The parts keep their place in the layout from card to card: nothing is shown or hidden
    through `display` (a display change re-lays the whole screen out, then again once the
    hidden and shown widgets have their new sizes: two frames per key). Before the reveal the
    answer parts are empty, of height 0, and the rule is drawn blank."""

    can_focus = False

    def compose(self) -> ComposeResult:
        yield Static("", id="card-kind", markup=False)
        yield Static("", id="card-question", markup=False)
        yield Rule(id="card-rule", line_style="blank")
        yield Static("", id="card-answer", markup=False)
        yield Static("", id="card-extra", markup=False)
        yield Static("", id="card-update", markup=False)
        yield Static("", id="card-sources", markup=False)

    def on_mount(self) -> None:
        self._kind = self.query_one("#card-kind", Static)
        self._question = self.query_one("#card-question", Static)
        self._rule = self.query_one(Rule)
        self._parts = [self.query_one(f"#card-{name}", Static)
                       for name in ("answer", "extra", "update", "sources")]
        # the text each part shows now: a part whose text stays the same is not touched
        self._texts: dict[Static, str] = {}

    def _set(self, widget: Static, text: str) -> None:
        if self._texts.get(widget) != text:
            self._texts[widget] = text
            widget.update(text)

    def show(self, card: Card, revealed: bool) -> None:
        label = KIND_LABELS.get(card.kind, card.kind)
        # the topic waits for the answer: "Hydroxychloroquine" above a question gives it away
        self._set(self._kind, f"{label} · {card.topic}" if revealed else label)
        self._set(self._question, card.question)
        self._rule.line_style = "solid" if revealed else "blank"
        texts = (card.answer, card.extra, update_text(card), sources_text(card))
        for widget, text in zip(self._parts, texts, strict=True):
            text = text if revealed else ""
            self._set(widget, text)
            # an empty part takes no line (an empty Static is one line high), and the blank
            # line above the extra line, update and sources comes with their text
            widget.styles.height = "auto" if text else 0
            if widget is not self._parts[0]:
                widget.styles.padding = (1 if text else 0, 0, 0, 0)
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
