"""CardView: one card's question, and after the reveal its answer, extra line, update and sources;
with what the other screens that show card text share: the hanging indent, and key scrolling."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Static

from trainer.model import Card

if TYPE_CHECKING:
    from trainer.deckmodel import QuizItem

KIND_LABELS = {"qa": "Question", "cloze": "Fill in the blank", "reverse": "Reverse question"}
RULE = "─"

# the parts of a card in the order they are shown; True: a blank line comes before the part
PARTS = {"kind": False, "question": True, "rule": True, "answer": False, "extra": True,
         "update": True, "sources": True}


HANGING = {"update", "sources"}  # parts whose indented lines keep their indent when wrapped


_NUMBER = re.compile(r"\d+\. ")  # "3. ": a numbered line's text starts after it


def hang(text: str, width: int, numbered: bool = False) -> str:
    """`text` with each indented line wrapped at `width` under its own indent (a citation's
    second line lines up with its first, not with the source's label); `numbered`: a line
    that starts "3. " goes on under its text, not under its number."""
    import textwrap

    out = []
    for line in text.split("\n"):
        body = line.lstrip(" ")
        indent = line[:len(line) - len(body)]
        number = _NUMBER.match(body) if numbered else None
        under = indent + " " * (number.end() if number else 0)
        if not under or len(line) <= width or width <= len(under) + 10:
            out.append(line)
            continue
        out.extend(textwrap.wrap(body, width, initial_indent=indent, subsequent_indent=under,
                                 break_long_words=True, break_on_hyphens=False))
    return "\n".join(out)


class HangingText(Static):
    """Plain text (never markup) whose indented lines wrap under their own indent, as the
    card's update and sources on the study screen (`hang`); `numbered` as in `hang`."""

    def __init__(self, text: str = "", *, numbered: bool = False, **kwargs: object):
        super().__init__(text, markup=False, **kwargs)  # type: ignore[arg-type]
        self.numbered = numbered
        self._hung: tuple[int, str, Content] | None = None  # the text hung at one width

    def hung(self, width: int) -> Content:
        text = str(self.content)
        if self._hung is None or self._hung[:2] != (width, text):
            self._hung = (width, text, Content(hang(text, width, self.numbered)))
        return self._hung[2]

    def render(self) -> Content:
        return self.hung(self.size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:  # noqa: ARG002
        # the height of the text hung at the width it is laid out at, not at its last one
        return self.hung(width).get_height(self.styles, width) if width else 0  # type: ignore[arg-type]


class KeyScroll(VerticalScroll):
    """A scrolled view whose keys (arrows, PgUp/PgDn, Home/End) move it at once, without
    animation. Textual's animated key scroll counts each press from where the scroll stood at
    the last repaint, so a quick run of presses (read from the terminal at once) lost most of
    them: ten presses of Down scrolled three lines."""

    def _scroll_by_key(self, y: float) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction  # nothing to scroll: the key goes on to the screen
        self.scroll_to(y=y, animate=False, immediate=True)

    def action_scroll_up(self) -> None:
        self._scroll_by_key(self.scroll_y - 1)

    def action_scroll_down(self) -> None:
        self._scroll_by_key(self.scroll_y + 1)

    def action_page_up(self) -> None:
        self._scroll_by_key(self.scroll_y - self.scrollable_content_region.height)

    def action_page_down(self) -> None:
        self._scroll_by_key(self.scroll_y + self.scrollable_content_region.height)

    def action_scroll_home(self) -> None:
        self._scroll_by_key(0)

    def action_scroll_end(self) -> None:
        self._scroll_by_key(self.max_scroll_y)


class CardText(Widget):
    """The whole card as one text, each part in its own style (`card--<part>` in app.tcss).

    One widget rather than one per part, so the way from a key to the next card touches no
    `display` and, while the card's height stays the same, needs no new layout of the screen:
    the text is only repainted. Card text is data, never markup: it is never parsed."""

    COMPONENT_CLASSES = {f"card--{name}" for name in PARTS}

    def __init__(self, **kwargs: object):
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.parts: dict[str, str] = {}  # what the card shows now, part by part
        self._built: tuple[int, Content] | None = None  # the text for one width

    def text(self, width: int) -> Content:
        """The card at `width` cells (the rule is as wide as the text)."""
        if self._built is None or self._built[0] != width:
            pieces: list[str | tuple[str, Style]] = []
            for name, text in self.parts.items():
                if pieces:
                    pieces.append("\n\n" if PARTS[name] else "\n")
                if name == "rule":
                    text = RULE * width
                elif name in HANGING:
                    text = hang(text, width)
                pieces.append((text, self.get_visual_style(f"card--{name}")))
            self._built = (width, Content.assemble(*pieces))
        return self._built[1]

    def render(self) -> Content:
        return self.text(self.size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:  # noqa: ARG002
        # at least the view's height: a card shorter than the view keeps the same height, so
        # the next card, or the answer when it fits, needs no new layout
        if not width:
            return 0
        # the widget's styles as the wrapping rules, as Textual's own widgets pass them
        lines = self.text(width).get_height(self.styles, width)  # type: ignore[arg-type]
        return max(lines, container.height)

    def show(self, parts: dict[str, str]) -> None:
        """Show these parts (name -> text, the rule's text unused), with a layout only when
        the card's height on screen changes."""
        if parts == self.parts:
            return
        width, before = self.size.width, self.size.height
        self.parts, self._built = parts, None
        if not width:  # not laid out yet
            self.refresh(layout=True)
            return
        # the height the layout will give it: the text's, or the view's (not the size of
        # what the view scrolls, which is this card's height before)
        view = self.parent.scrollable_content_region.size if isinstance(self.parent, Widget) \
            else self.container_size
        self.refresh(layout=self.get_content_height(view, view, width) != before)

    def on_resize(self) -> None:
        self._built = None  # the rule follows the width


class CardView(VerticalScroll):
    """The card, scrolled when its answer and sources outgrow the screen."""

    can_focus = False

    def compose(self) -> ComposeResult:
        yield CardText(id="card-text")

    def on_mount(self) -> None:
        self.card_text = self.query_one(CardText)

    @property
    def parts(self) -> dict[str, str]:
        """What the card shows now, part by part ("kind", "question", then after the reveal
        "rule", "answer" and whichever of "extra", "update", "sources" it has)."""
        return dict(self.card_text.parts)

    def show(self, card: Card, revealed: bool) -> None:
        label = KIND_LABELS.get(card.kind, card.kind)
        # the topic waits for the answer: "Hydroxychloroquine" above a question gives it away
        parts = {"kind": f"{label} · {card.topic}" if revealed else label,
                 "question": card.question}
        if revealed:
            back = {"rule": "", "answer": card.answer, "extra": card.extra,
                    "update": update_text(card), "sources": sources_text(card)}
            parts.update((name, text) for name, text in back.items() if text or name == "rule")
        self.card_text.show(parts)
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
