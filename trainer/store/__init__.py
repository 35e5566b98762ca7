"""The storage layer (sqlite-utils): the only package that speaks SQL."""

from trainer.store.core import DeckRow, ReviewRow, Store, SyncResult
from trainer.store.schema import APPLICATION_ID, LATEST, MIGRATIONS

__all__ = ["APPLICATION_ID", "LATEST", "MIGRATIONS", "DeckRow", "ReviewRow", "Store", "SyncResult"]
