"""Human-readable times for the interface: durations, "in 3h (14:05)", percentages."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from trainer.schedule import interval_label


def duration(ms: int) -> str:
    """"42s", "3m 05s", "1h 02m"."""
    s = max(0, int(ms // 1000))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m {s % 60:02d}s"
    return f"{s // 3600}h {s % 3600 // 60:02d}m"


def clock_time(seconds: int) -> str:
    return f"{seconds // 60:d}:{seconds % 60:02d}"


def when(due: int | None, now: datetime, tz: tzinfo | None = None) -> str:
    """"now", "in 10m (14:05)", "in 3d (Mon 12 Mar)"; "never" when nothing is scheduled."""
    if due is None:
        return "never: no card is scheduled"
    now_s = int(now.timestamp())
    if due <= now_s:
        return "now"
    local = datetime.fromtimestamp(due, UTC).astimezone(tz)
    at = local.strftime("%H:%M") if due - now_s < 86400 else local.strftime("%a %d %b")
    return f"in {interval_label(now_s, due)} ({at})"


def percent(x: float) -> str:
    return f"{x:.0%}"


def excerpt(text: str, width: int = 40) -> str:
    """The start of a card's text, quoted, to name the card in a message: "«Which drug…»"."""
    flat = " ".join(text.split())
    return f"«{flat if len(flat) <= width else flat[:width - 1].rstrip() + '…'}»"
