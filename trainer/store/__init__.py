"""The storage layer (sqlite-utils for the schema, sqlite3 on the hot paths): the only SQL."""

from trainer.store.records import CardRow, DeckRow, ReviewRow, SyncResult
from trainer.store.schema import APPLICATION_ID, LATEST, MIGRATIONS
from trainer.store.store import Store

# the views' records (AttemptRow, BasicStats, CardStates, Term, CardLine) are in
# trainer.store.views, imported by the parts of the store that return them
__all__ = ["APPLICATION_ID", "LATEST", "MIGRATIONS", "CardRow", "DeckRow", "ReviewRow", "Store",
           "SyncResult"]
