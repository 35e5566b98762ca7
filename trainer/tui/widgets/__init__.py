"""Widgets of the TUI, named after the things they show."""
