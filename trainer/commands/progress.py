"""Progress commands: `trainer decks`, `trainer stats` and `trainer browse`."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from trainer.stats import Report

from trainer.commands.common import clock, open_store, say, say_json

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
HALF = 38  # each of the two chart columns of the text report, so the pair fits 80 columns
LABEL = 12
TOPIC_ROWS = 8
QUESTION = 60  # characters of the question in the browse table (--json has it whole)


def decks(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the decks with the cards left today: new, learning and due."""
    from trainer.stats import deck_counts

    store = open_store(ctx)
    rows = deck_counts(store, clock)
    if as_json:
        say_json([r.as_json() for r in rows])
        return
    if not rows:
        folder = ctx.find_root().obj.decks_dir
        say(f"no decks: {folder} holds no deck file; run 'trainer generate' in a checkout "
                   "or pass --decks DIR")
        return
    say(f"{'deck':<28} {'new':>5} {'learn':>5} {'due':>5} {'cards':>6}")
    for r in rows:
        say(f"{r.name[:28]:<28} {r.new:>5} {r.learning:>5} {r.due:>5} {r.cards:>6}")


def stats(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Show your progress on one screen: cards, reviews, streak, retention, the due forecast,
    study days and the weakest topics. --json carries every series for scripts."""
    from trainer.stats import as_json as report_json
    from trainer.stats import report

    store = open_store(ctx)
    figures = report(store, clock())
    if as_json:
        say_json(report_json(figures))
        return
    for line in text_report(figures):
        typer.echo(line)  # styled: the file text in it (topics) was made printable in _topics


def browse(
    ctx: typer.Context,
    terms: Annotated[list[str] | None, typer.Argument(
        metavar="QUERY...",
        help="A search to start with, e.g. is:due topic:nephritis -is:new (see the browse "
             "screen's help line for the syntax). With a word that starts with -, put the "
             "search in quotes or after --: trainer browse -- is:due -is:new.",
        show_default=False)] = None,
    as_json: JsonOption = False,
    limit: Annotated[int | None, typer.Option(
        "--limit", metavar="N", help="Print at most N cards [default: 200].",
        show_default=False)] = None,
    offset: Annotated[int | None, typer.Option(
        "--offset", metavar="N", help="Print from the Nth match on (0 the first), for the cards "
        "past the first page.", show_default=False)] = None,
) -> None:
    """Find any card: search, sort, read its sources and history, suspend or reset it.

    Prints the matching cards instead of opening the app with --json, --limit or --offset, or
    when input or output is not a terminal (a pipe, a file, a script).
    """
    from trainer.commands.launch import has_terminal
    from trainer.commands.study import run_app

    query = " ".join(terms or ())  # the words of one search, quoted or not

    if as_json or limit is not None or offset is not None or not has_terminal():
        import gc

        gc.enable()  # no app: the collector back on, as for any command (see trainer.entry)
        list_cards(ctx, query, as_json, 200 if limit is None else limit, offset or 0)
        return
    from trainer.tui.screens.browse import browse_screen

    run_app(ctx, start=lambda app: browse_screen(app, query))


def list_cards(ctx: typer.Context, query: str, as_json: bool, limit: int, offset: int) -> None:
    """The browse results as text: a table of one line per card, or JSON for scripts."""
    from trainer.browse import Browser, state_label
    from trainer.errors import BadInput
    from trainer.text import one_line

    if limit < 1:
        raise BadInput(f"--limit must be at least 1 (got {limit})")
    if offset < 0:
        raise BadInput(f"--offset must be 0 or more (got {offset})")
    browser = Browser(open_store(ctx), clock)
    r = browser.search(query, limit=limit, offset=offset, finished=True)
    if as_json:
        cards = [{"id": line.id, "topic": line.topic, "question": line.question,
                  "state": state_label(line.state, line.suspended, line.retired),
                  "due": line.due, "due_label": browser.due_label(line),
                  "stability": line.stability, "difficulty": line.difficulty,
                  "lapses": line.lapses, "suspended": line.suspended, "retired": line.retired}
                 for line in r.rows]
        say_json({"query": query, "total": r.total, "offset": offset, "cards": cards})
        return
    # whole lines in a terminal; in a pipe or a file, lines as long as the question takes
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 0
    card = min(40, max((len(line.id) for line in r.rows), default=4))
    rows = [("card", "state", "due", "topic", "question")]
    rows += [(line.id, state_label(line.state, line.suspended, line.retired),
              browser.due_label(line), line.topic, line.question) for line in r.rows]
    for i, (card_id, state, due, topic, question) in enumerate(rows):
        text = (f"{_clip(one_line(card_id), card):<{card}}  {state:<10}  {due:<9}  "
                f"{_clip(one_line(topic), 18):<18}  {_clip(one_line(question), QUESTION)}")
        text = _clip(text, width) if width else text
        if i == 0:
            typer.echo(typer.style(text, bold=True))  # the header row: our own words
        else:
            say(text)
    say(_shown(r.total, offset, len(r.rows)))


def _shown(total: int, offset: int, shown: int) -> str:
    """The line under the table: how many cards match, which ones are shown, how to see more."""
    if not total:
        return "no card matches"
    matches = f"{total} cards match" if total != 1 else "1 card matches"
    if shown == total:
        return matches
    if not shown:
        return f"{matches}; --offset {offset} is past the last one"
    more = f"; --offset {offset + shown} shows the next" if offset + shown < total else ""
    return f"{matches}; these are {offset + 1}-{offset + shown}{more}"


# -- the text report -----------------------------------------------------------------------------


def text_report(r: Report) -> list[str]:
    """The report as at most 24 lines of 80 columns: figures, two charts, calendar and topics."""
    from trainer.figures import headline

    bold = lambda s: typer.style(s, bold=True)  # noqa: E731
    today = r.date()
    lines = [bold(f"trainer stats · {today:%A} {today.day} {today:%B %Y}")]
    lines += [_clip(f"{label:<{LABEL}}{text}", 80) for label, text in headline(r)]
    lines.append("")
    lines += _charts(r, bold)
    lines.append("")
    lines += _calendar_and_topics(r, bold)
    return lines


def _day(d: date) -> str:
    """"3 Feb" (strftime's %-d is not portable)."""
    return f"{d.day} {d:%b}"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _pair(left: list[str], right: list[str]) -> list[str]:
    """Two columns of lines side by side, the left one padded to HALF plus a gap."""
    rows = max(len(left), len(right))
    left, right = left + [""] * (rows - len(left)), right + [""] * (rows - len(right))
    return [(a.ljust(HALF) + "   " + b).rstrip() for a, b in zip(left, right, strict=True)]


def _chart(title: str, values: list[int], left: str, right: str) -> list[str]:
    from trainer.textcharts import axis, fit

    bars, used, size = fit(values, HALF, 2)
    each = f", {size} days a bar" if size > 1 else ""
    title_line = _clip(f"{title} (most {max(values, default=0)}{each})", HALF)
    return [title_line, *bars, axis(left, right, max(used, len(left) + len(right) + 1))]


def _charts(r: Report, bold: Callable[[str], str]) -> list[str]:
    first = r.date(-29)
    reviews = _chart("reviews a day, last 30 days", list(r.recent(30)), _day(first), "today")
    overdue = f" (+{r.overdue} late)" if r.overdue else ""
    forecast = _chart("due a day, next 30 days", list(r.forecast), "today" + overdue,
                      _day(r.date(len(r.forecast) - 1)))
    paired = _pair(reviews, forecast)
    return [bold(paired[0])] + [typer.style(line, fg="cyan") for line in paired[1:-1]] + \
        [paired[-1]]


def _calendar_and_topics(r: Report, bold: Callable[[str], str]) -> list[str]:
    from trainer.textcharts import calendar

    weeks = HALF - 4
    cal = [f"study days, last {weeks} weeks", *calendar(list(r.reviews), r.date(), weeks)]
    return [bold(line) if i == 0 else line for i, line in enumerate(_pair(cal, _topics(r)))]


def _topics(r: Report) -> list[str]:
    """Topics weakest first, one line each; ◀ marks the ones to study next."""
    from trainer.figures import ranked, rate_text
    from trainer.text import one_line

    weak = {w.topic for w in r.weakest}
    order = ranked(r.topics)
    shown = order if len(order) <= TOPIC_ROWS else order[:TOPIC_ROWS - 1]
    lines = [f"{'topic':<17}{'retention':<11}{'quiz':<10}"]
    for t in shown:
        lines.append(f"{_clip(one_line(t.topic), 16):<17}{rate_text(t.retention):<11}"
                     f"{rate_text(t.quiz):<10}" + ("◀" if t.topic in weak else ""))
    if len(shown) < len(order):
        lines.append(f"… {len(order) - len(shown)} more topics (--json has them all)")
    if not r.topics:
        # retention counts reviews of learned cards only: say so, as the retention line does
        lines += ["no reviews of learned cards", "or quiz answers yet"]
    return lines


def register(app: typer.Typer) -> None:
    app.command()(decks)
    app.command()(stats)
    app.command()(browse)
