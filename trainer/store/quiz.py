"""Store queries for quiz attempts."""

from __future__ import annotations


class QuizQueries:
    """Mixed into Store: recording and reading quiz attempts."""
