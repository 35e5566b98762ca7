"""Entry point for `python -m trainer`."""

from trainer.cli import main

main()
