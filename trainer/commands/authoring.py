"""Authoring commands: `trainer generate` and `trainer lint`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from trainer.commands.common import say, say_json

if TYPE_CHECKING:
    from trainer.generate.lint import Finding

SeedsOption = Annotated[Path, typer.Option("--seeds", help="Folder of seed sources.")]


def _print_findings(findings: list[Finding]) -> tuple[int, int]:
    errors = sum(f.severity == "error" for f in findings)
    for f in findings:
        say(str(f), err=True)
    return errors, len(findings) - errors



def generate(
    seeds: SeedsOption = Path("seeds"),
    out: Annotated[Path, typer.Option("--out", help="Folder to write deck files to.")] = Path("decks"),
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; exit 1 if any deck file is out of date.")] = False,
) -> None:
    """Lint the seeds and write one deck file per source (byte-identical while nothing changed).

    Each card keeps the time its content last changed from the deck file it replaces; new and
    changed cards get the current time (Anki updates a note only when that time moved).
    """
    from trainer.commands.common import clock
    from trainer.generate import generate as run

    outcome = run(seeds, out, check=check, now=int(clock().timestamp()))
    errors, _warnings = _print_findings(outcome.findings)
    if errors:
        say(f"{errors} lint error(s): nothing written; fix them and run again", err=True)
        raise typer.Exit(2)
    for path in outcome.written:
        say(f"wrote {path}")
    if outcome.drafts:
        say(f"skipped {outcome.drafts} draft claim(s): they make no cards until you finish them "
                   "and delete draft = true ('trainer lint' lists what each lacks)")
    for path in outcome.stale:
        say(f"out of date: {path} (run 'trainer generate')")
    if check and not outcome.stale:
        say("decks are up to date")
    elif not check and not outcome.written:
        say("decks are up to date; nothing written")
    if outcome.stale:
        raise typer.Exit(1)



def lint(
    seeds: SeedsOption = Path("seeds"),
    coverage: Annotated[bool, typer.Option(
        "--coverage", help="Also print claims and cards per topic and uncited references.")] = False,
    rules: Annotated[bool, typer.Option("--rules", help="List the lint rules and exit.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Coverage report as JSON.")] = False,
) -> None:
    """Check the claims for what would make a bad card; exit 1 when there are errors, 2 when a
    seeds file cannot be loaded at all."""
    from trainer.generate import load_all
    from trainer.generate.lint import RULES
    from trainer.generate.lint import lint as run

    if rules:
        for rule, (severity, what) in RULES.items():
            say(f"{rule:<24} {severity:<8} {what}")
        return
    sources = load_all(seeds)
    findings = [f for s in sources for f in run(s)]
    errors, warnings = _print_findings(findings)
    if coverage or as_json:

        from trainer.generate.coverage import coverage as report
        from trainer.generate.coverage import format_coverage

        reports = [report(s) for s in sources]
        if as_json:
            say_json(reports)
        else:
            say("\n\n".join(format_coverage(r) for r in reports))
    claims = sum(len(s.claims) for s in sources)
    drafts = sum(c.draft for s in sources for c in s.claims)
    counted = f"{claims} claims ({drafts} drafts)" if drafts else f"{claims} claims"
    say(f"{counted}: {errors} error(s), {warnings} warning(s)", err=True)
    if errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(generate)
    app.command()(lint)
