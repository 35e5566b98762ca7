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
