"""Command palette entries (ctrl+p): study a deck, switch theme, show every key."""

from __future__ import annotations

from textual.command import Hit, Hits, Provider


class DeckCommands(Provider):
    async def search(self, query: str) -> Hits:
        app = self.app
        matcher = self.matcher(query)
        entries = [("Toggle light / dark theme", app.action_toggle_theme),
                   ("Show every key", app.action_help)]
        if app.store is not None:
            entries += [(f"Study {d.name}", lambda d=d: app.study(d.id)) for d in app.store.decks()]
        for text, callback in entries:
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback)


def deck_commands() -> type[Provider]:
    return DeckCommands
