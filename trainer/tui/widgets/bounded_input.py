"""BoundedInput: a text box that holds at most so many characters and says so when full."""

from __future__ import annotations

from textual.widgets import Input


class BoundedInput(Input):
    """An Input with a `max_length` that is never 0. Textual refuses a key or a paste that would
    pass it (a pasted page of text never reaches the screen's handlers); this says why, where
    the default only rings the bell."""

    def __init__(self, value: str = "", *, max_length: int, what: str = "This box",
                 **kwargs: object) -> None:
        super().__init__(value[:max_length], max_length=max_length, **kwargs)  # type: ignore[arg-type]
        self.what = what

    def restricted(self) -> None:
        self.notify(f"{self.what} takes at most {self.max_length} characters; that did not fit.",
                    severity="warning", timeout=4, markup=False)
