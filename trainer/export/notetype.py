"""The Anki note type of a claim: its fixed id, its fields (chosen once), one template per card kind.

A claim is one Anki note; its qa, fill-in and reverse cards are that note's cards, so Anki
treats them as siblings (its new-card order and bury options keep them on different days).

Fixed forever:

- CLAIM_MODEL_ID was drawn at random once. Anki recognises a note type by its id, and a type
  whose field list changed is imported as a copy beside the first, orphaning every note a user
  has. Never change the id or FIELDS: a new field list needs a new note type with a new id.
- The template ordinals: qa 0, fill-in 1, reverse 2 (KIND_ORDS). An Anki card is (note,
  ordinal), so reading reviews back from Anki maps a card to `<claim>/<kind>` by its ordinal.

Retired note types (up to deck format 1, one note per card, guid = guid_for(card id)); users
may still have their notes, which Anki finds with the search `"note:Trainer basic" or
"note:Trainer cloze"`:

- 2118357074 "Trainer basic" (Front, Back, Extra, Source, CardID): qa and reverse cards.
- 1094544044 "Trainer cloze" (Text, Extra, Source, CardID): cloze cards.

The note type's change time is not a constant here: `notetype_hash()` covers everything Anki
stores of it, `trainer generate` keeps {hash, changed_at} in each deck file and moves the time
when the hash changes, and the export stamps the note type with that time.
"""

from __future__ import annotations

import hashlib
import json

from trainer.export import style

CLAIM_MODEL_ID = 1812326725
CLAIM_NAME = "Trainer claim"
FIELDS = (
    "Question", "Answer",  # the qa card
    "FillInFront", "FillInBack",  # the fill-in card: statement blanked / statement, terms highlighted
    "ReverseQuestion", "ReverseAnswer",  # the reverse card; empty when the claim has none
    "Extra", "Update", "UpdateSources", "Sources",  # the back of every card
    "ClaimID", "Priority", "Topic",
    "Notice",  # one line for a claim removed from the deck ("" otherwise)
)
KIND_ORDS = {"qa": 0, "cloze": 1, "reverse": 2}
ORD_KINDS = tuple(KIND_ORDS)  # ordinal -> card kind
# the field whose emptiness decides whether the note has the card of that template
PROMPT_FIELDS = {"qa": "Question", "cloze": "FillInFront", "reverse": "ReverseQuestion"}
SORT_FIELD = FIELDS.index("Question")

RETIRED_MODEL_IDS = {2118357074: "Trainer basic", 1094544044: "Trainer cloze"}


def templates() -> list[dict[str, str]]:
    """The card templates in ordinal order, as Anki (and genanki) name their parts."""
    return [
        {"name": "Question", "qfmt": style.QA_FRONT, "afmt": style.QA_BACK},
        {"name": "Fill-in", "qfmt": style.FILL_IN_FRONT, "afmt": style.FILL_IN_BACK},
        {"name": "Reverse", "qfmt": style.REVERSE_FRONT, "afmt": style.REVERSE_BACK},
    ]


def css() -> str:
    return style.CSS


def notetype_hash() -> str:
    """A hash of what Anki stores of the note type: id, name, fields, templates, sort field and CSS."""
    body = {"id": CLAIM_MODEL_ID, "name": CLAIM_NAME, "fields": list(FIELDS), "templates": templates(),
            "sort_field": SORT_FIELD, "css": css()}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]
