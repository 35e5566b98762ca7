"""Command palette entries (ctrl+p): study, custom study, quiz, statistics, browse, theme, every key."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp


def highlighted(matcher: Matcher, text: str) -> Content:
    """`text` with the letters the query matched highlighted, as Matcher.highlight does, but
    read as plain text: Matcher.highlight parses its text as markup, and deck names are data."""
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class DeckCommands(Provider):
    """Listed as soon as the palette opens (discover), and matched as the user types. Entries
    are Content, never markup strings: a deck name in them is shown as it is written."""

    def _entries(self) -> list[tuple[str, Callable[[], Any], str]]:
        from trainer.text import one_line

        app = cast("TrainerApp", self.app)
        entries: list[tuple[str, Callable[[], Any], str]] = [
                   ("Statistics", app.open_stats, "reviews, forecast, retention, weak topics"),
                   ("Browse cards", app.open_browse, "search every card, suspend, reset"),
                   ("Toggle light / dark theme", app.action_toggle_theme, "ctrl+t"),
                   ("Show every key", app.action_help, "?")]
        if app.ready:
            for d in app.store.decks.all():
                name = one_line(d.name)
                entries[:0] = [(f"Study {name}", partial(app.study, d.id), "Enter on home"),
                               (f"Custom study {name}", partial(app.custom_study, d.id),
                                "c while studying: review ahead, forgotten today, a topic, cram"),
                               (f"Quiz on {name}", partial(app.open_quiz, d.id),
                                "20 mixed questions")]
        return entries

    async def discover(self) -> Hits:
        for text, callback, help_text in self._entries():
            yield DiscoveryHit(Content(text), callback, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, highlighted(matcher, text), callback, text=text, help=help_text)
