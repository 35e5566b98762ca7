"""KeyBar: the screen's keys on its bottom line, as Textual's compact Footer shows them, in one widget."""

from __future__ import annotations

from typing import NamedTuple

from textual import events
from textual.content import Content
from textual.widget import Widget

SEPARATOR = "▏"  # before the command palette's key, at the right end


class Shown(NamedTuple):
    key: str  # what a click presses
    start: int  # first cell, and the cell after the last
    end: int
    enabled: bool


class KeyBar(Widget):
    """The keys of the screen's bindings marked `show`, then the command palette's on the right;
    a click presses the key. The line is drawn by this one widget and only repainted when the
    bindings change: Textual's Footer rebuilds a widget per key each time (twice as a screen
    starts), which is layout work right when the first card is painted and answered."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--item", "key-bar--key", "key-bar--description", "key-bar--hover",
                         "key-bar--separator", "key-bar--disabled"}

    def __init__(self, **kwargs: object):
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._hover: str | None = None  # the key under the mouse
        self._shown: list[Shown] = []  # where each key was drawn, for the mouse

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh())

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _items(self) -> tuple[list[tuple[str, str, str, bool]], tuple[str, str, str, bool] | None]:
        """(key, key as shown, description, enabled) of each binding to show, once per action,
        and the command palette's."""
        app, seen = self.app, set()
        items, palette = [], None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            item = (binding.key, app.get_key_display(binding), binding.description, enabled)
            if binding.key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = item
            elif binding.show and binding.action not in seen:
                seen.add(binding.action)
                items.append(item)
        return items, palette

    def render(self) -> Content:
        items, palette = self._items()
        pieces: list[str | tuple[str, object]] = []
        shown: list[Shown] = []
        x = 0

        def add(key: str, display: str, description: str, enabled: bool) -> None:
            nonlocal x
            extra = () if enabled else ("key-bar--disabled",)
            hover = ("key-bar--hover",) if key == self._hover else ()
            # as a footer key: its item background, under the mouse the hover colours, then
            # the key's or the description's own
            base = ("key-bar--item", *hover)
            pieces.append((display, self.get_visual_style(*base, "key-bar--key", *extra)))
            text = f" {description}" if description else ""
            if text:
                pieces.append((text, self.get_visual_style(*base, "key-bar--description", *extra)))
            width = Content(display + text).cell_length
            shown.append(Shown(key, x, x + width, enabled))
            x += width

        for n, item in enumerate(items):
            if n:
                pieces.append(" ")  # the compact footer's margin between keys
                x += 1
            add(*item)
        if palette is not None:
            # the footer leaves one blank cell after it
            right = Content(SEPARATOR + palette[1] + f" {palette[2]}").cell_length + 1
            gap = max(1, self.size.width - x - right)
            pieces += [" " * gap, (SEPARATOR, self.get_visual_style("key-bar--separator"))]
            x += gap + 1
            add(*palette)
        self._shown = shown
        return Content.assemble(*pieces)  # type: ignore[arg-type]

    def _at(self, x: int) -> Shown | None:
        return next((s for s in self._shown if s.start <= x < s.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        at = self._at(event.x)
        key = at.key if at else None
        if key != self._hover:
            self._hover = key
            self.refresh()

    def on_leave(self, _: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        at = self._at(event.x)
        if at is None:
            return
        if at.enabled:
            self.app.simulate_key(at.key)
        else:
            self.app.bell()
