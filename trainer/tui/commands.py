"""Command palette entries (ctrl+p): study, quiz, statistics, browse, theme, every key."""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider


class DeckCommands(Provider):
    """Listed as soon as the palette opens (discover), and matched as the user types."""

    def _entries(self) -> list[tuple[str, object, str]]:
        app = self.app
        entries = [("Statistics", app.open_stats, "reviews, forecast, retention, weak topics"),
                   ("Browse cards", app.open_browse, "search every card, suspend, reset"),
                   ("Toggle light / dark theme", app.action_toggle_theme, "ctrl+t"),
                   ("Show every key", app.action_help, "?")]
        if app.ready:
            for d in app.store.decks.all():
                entries[:0] = [(f"Study {d.name}", lambda d=d: app.study(d.id), "Enter on home"),
                               (f"Quiz on {d.name}", lambda d=d: app.open_quiz(d.id),
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
