"""trainer: terminal flashcards and quizzes for the key claims of an SLE treatment review."""

__version__ = "0.1.0"
