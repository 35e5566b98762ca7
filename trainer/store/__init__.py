"""The storage layer (sqlite-utils for the schema, sqlite3 on the hot paths): the only SQL."""

from trainer.store.records import (
    AttemptRow,
    BasicStats,
    CardLine,
    CardRow,
    CardStates,
    DeckRow,
    ReviewRow,
    SyncResult,
    Term,
)
from trainer.store.schema import APPLICATION_ID, LATEST, MIGRATIONS
from trainer.store.store import Store

__all__ = ["APPLICATION_ID", "LATEST", "MIGRATIONS", "AttemptRow", "BasicStats", "CardLine",
           "CardRow", "CardStates", "DeckRow", "ReviewRow", "Store",
           "SyncResult", "Term"]
