"""Text normalisation shared by lint, distractor choice and typed-answer grading."""

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalize(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of `text` ("Anti-CD40L!" -> "anti cd40l")."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", stripped.casefold()).replace("_", " ").split())


def contains_phrase(haystack: str, needle: str) -> bool:
    """True when `needle` occurs in `haystack` as whole words, after normalisation."""
    n = normalize(needle)
    return bool(n) and f" {n} " in f" {normalize(haystack)} "


def word_count(text: str) -> int:
    return len(text.split())


def topic_tag(topic: str) -> str:
    """A topic as an Anki tag segment: spaces become underscores, '::' stays a separator."""
    return "::".join("_".join(part.split()) for part in topic.split("::"))


# C0 controls but tab and newline, DEL, and C1 (ESC and CSI among them): characters a terminal
# may act on (move the cursor, set the title, write the clipboard) instead of showing them.
# The one definition: deck checks refuse these, and every output path shows them as symbols.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ESC shows as ␛
    return "\u2421" if code == 0x7F else "\ufffd"


def printable(text: str) -> str:
    """`text` safe to send to a terminal: each control character it holds (`CONTROL`) shown
    as a visible symbol instead, so file text is seen, never obeyed. Tab and newline stay."""
    return CONTROL.sub(_picture, text)


def one_line(text: str) -> str:
    """`printable(text)` on one line: runs of whitespace (newlines and tabs too) as one space."""
    return " ".join(printable(text).split())
