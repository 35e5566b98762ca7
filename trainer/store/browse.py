"""Store queries for browsing cards: search, sort, one card's details."""

from __future__ import annotations


class BrowseQueries:
    """Mixed into Store: finding cards for the browse screen."""
