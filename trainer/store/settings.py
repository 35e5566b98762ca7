"""Stored settings: JSON values by scope ('global' or a deck id) and key."""

from __future__ import annotations

import json
from typing import Any

from trainer.store.base import Database


class Settings:
    def __init__(self, db: Database):
        self.db = db

    def get(self, scope: str, key: str, default: Any = None) -> Any:
        value = self.db.one("SELECT value FROM settings WHERE scope = ? AND key = ?", (scope, key))
        return default if value is None else json.loads(value)

    def scope(self, scope: str) -> dict[str, Any]:
        """Every stored value of a scope, by key."""
        return {k: json.loads(v) for k, v in self.db.rows(
            "SELECT key, value FROM settings WHERE scope = ?", (scope,))}

    def set(self, scope: str, key: str, value: Any) -> None:
        with self.db.write() as c:
            c.execute("INSERT INTO settings (scope, key, value) VALUES (?, ?, ?) "
                      "ON CONFLICT(scope, key) DO UPDATE SET value = excluded.value",
                      (scope, key, json.dumps(value)))

    def delete(self, scope: str, key: str) -> None:
        with self.db.write() as c:
            c.execute("DELETE FROM settings WHERE scope = ? AND key = ?", (scope, key))

    def clear(self, scope: str) -> int:
        """Remove every stored value of a scope; how many there were."""
        with self.db.write() as c:
            return c.execute("DELETE FROM settings WHERE scope = ?", (scope,)).rowcount
