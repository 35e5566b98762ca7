"""Helpers several test modules share: putting a card into review, due now."""

from __future__ import annotations

from dataclasses import replace

from trainer.schedule import REVIEW, seconds


def make_due(store, card_id: str, clock, overdue: int = 3600, reps: int | None = None,
             last_review_days: int = 5) -> None:
    """Make a card a review card (stability 5, difficulty 5) that fell due `overdue` seconds
    ago, last reviewed `last_review_days` before now; `reps` overrides its review count."""
    now = seconds(clock())
    memory = replace(store.cards.memory(card_id), state=REVIEW, stability=5.0, difficulty=5.0,
                     step=None, due=now - overdue, last_review=now - last_review_days * 86400)
    store.cards.set_memory(card_id, memory if reps is None else replace(memory, reps=reps))


# Text that must reach the screen as text: markup that would run an app action or restyle the
# rest of the line, a window title (OSC 0), a clipboard write (OSC 52), a colour (CSI), the
# one-byte C1 CSI, a bell, a carriage return and DEL
MARKUP = "[@click=app.quit]x[/] [bold]"
ESCAPES = "\x1b]0;PWNED\x07 \x1b]52;c;aGk=\x07 \x1b[31mred \x9b2J \r\x7f"
# what may never appear in a terminal's output from card text: every escape above, raw
RAW_ESCAPES = ("\x1b]0;", "\x1b]52;", "\x1b[31mred", "\x9b", "\x07", "\r", "\x7f")


def poison(store, card_id: str, **fields: str) -> None:
    """Give a stored card these texts (question, answer, topic...), as a database written
    before deck files were checked for control characters would hold them."""
    import json

    data = json.loads(store.db.one("SELECT data FROM cards WHERE id = ?", (card_id,)))
    data.update(fields)
    with store.db.write() as c:
        c.execute("UPDATE cards SET data = ?, topic = ? WHERE id = ?",
                  (json.dumps(data), data["topic"], card_id))
