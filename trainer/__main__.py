"""Entry point for `python -m trainer`."""

from trainer.entry import main

main()
