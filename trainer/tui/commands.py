"""Command palette entries (ctrl+p): study, quiz, statistics, browse, theme, every key."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp


class DeckCommands(Provider):
    """Listed as soon as the palette opens (discover), and matched as the user types."""

    def _entries(self) -> list[tuple[str, Callable[[], Any], str]]:
        app = cast("TrainerApp", self.app)
        entries: list[tuple[str, Callable[[], Any], str]] = [
                   ("Statistics", app.open_stats, "reviews, forecast, retention, weak topics"),
                   ("Browse cards", app.open_browse, "search every card, suspend, reset"),
                   ("Toggle light / dark theme", app.action_toggle_theme, "ctrl+t"),
                   ("Show every key", app.action_help, "?")]
        if app.ready:
            for d in app.store.decks.all():
                entries[:0] = [(f"Study {d.name}", partial(app.study, d.id), "Enter on home"),
                               (f"Quiz on {d.name}", partial(app.open_quiz, d.id),
                                "20 mixed questions")]
        return entries

    async def discover(self) -> Hits:
        for text, callback, help_text in self._entries():
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)
