"""The Anki note guid of a claim or card id, as genanki's guid_for makes it, without loading genanki."""

from __future__ import annotations

import hashlib
import string

# the digits of Anki's base-91 guids, in order
DIGITS = string.ascii_letters + string.digits + "!#$%&()*+,-./:;<=>?@[]^_`{|}~"


def guid_for(text: str) -> str:
    """The first 8 bytes of `text`'s SHA-256 read as one number, written in base 91, most
    significant digit first: the guid genanki gives a note made from `text`, so our exports
    and our readers of Anki files agree on it (importing genanki costs about 0.1 s, which
    `trainer import-reviews` and the CSV export would pay for this alone)."""
    n = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
    digits = []
    while n:
        n, d = divmod(n, len(DIGITS))
        digits.append(DIGITS[d])
    return "".join(reversed(digits))
