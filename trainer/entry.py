"""The `trainer` console entry point: the cycle collector paused, the app opened without typer."""

import gc
import sys


def main() -> None:
    # starting up makes objects that live as long as the process (modules, classes, typer's
    # command tree, Textual's widgets): the collector's full passes over them free nothing and
    # took about 30 ms on the way to the first card. The command line turns it back on before
    # any other command runs; the app does once it has frozen those objects out of later passes
    # (see trainer.cli.root and TrainerApp.run).
    gc.disable()
    from trainer.commands.common import safe_streams
    from trainer.commands.launch import quick_start

    safe_streams()
    # bare `trainer` and `trainer study [DECK]` open the app straight away; typer (its import
    # and set-up, about 15 ms) parses every other command line
    code = quick_start(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from trainer.cli import main as cli_main

    cli_main()
