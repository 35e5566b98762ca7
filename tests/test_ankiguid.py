"""Our Anki guids are genanki's: an export and a reader of Anki files agree on every note."""

from __future__ import annotations

import json
import random
import string

import genanki

from trainer.ankiguid import guid_for
from trainer.paths import bundled_decks_dir


def test_every_bundled_claim_and_card_id_gets_genankis_guid():
    ids = set()
    for path in bundled_decks_dir().glob("*.json"):
        for card in json.loads(path.read_text(encoding="utf-8"))["cards"]:
            ids |= {card["id"], card["id"].rsplit("/", 1)[0]}
    assert len(ids) > 200
    assert all(guid_for(i) == genanki.guid_for(i) for i in ids)


def test_any_text_gets_genankis_guid():
    rng = random.Random(4)
    alphabet = string.printable + "éλ–🙂"
    texts = ["", "a"] + ["".join(rng.choices(alphabet, k=rng.randint(1, 40))) for _ in range(3000)]
    assert [guid_for(t) for t in texts] == [genanki.guid_for(t) for t in texts]
