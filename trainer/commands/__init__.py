"""CLI commands, one module per feature; each registers itself on the typer app."""
