"""The `trainer` console entry point: the command line starts with the cycle collector paused."""

import gc


def main() -> None:
    # starting up makes objects that live as long as the process (modules, classes, typer's
    # command tree, Textual's widgets): the collector's full passes over them free nothing and
    # took about 30 ms on the way to the first card. The command line turns it back on before
    # any other command runs; the app does once it has frozen those objects out of later passes
    # (see trainer.cli.root and TrainerApp.run).
    gc.disable()
    from trainer.cli import main as cli_main

    cli_main()
