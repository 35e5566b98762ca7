"""StatsScreen: headline figures, reviews per day, the due forecast, study days, topics, workload."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Static

from trainer.figures import headline, ranked, rate_text
from trainer.stats import Report, report
from trainer.text import one_line
from trainer.tui.screen import TrainerScreen
from trainer.tui.widgets.card_view import KeyScroll
from trainer.tui.widgets.charts import BarChart, StudyCalendar

if TYPE_CHECKING:
    from trainer.scheduling import WorkloadReport
    from trainer.tui.app import TrainerApp

RANGES = (30, 90, 365)  # days of the reviews chart; r cycles through them
WORKLOAD_DAYS = 365
CHART_WIDTH = 30


def stats_screen(app: TrainerApp) -> StatsScreen:
    """The stats screen on the app's store and clock (for the home screen's key)."""
    from trainer.scheduling import workload

    services = app.services
    return StatsScreen(lambda: report(app.store, services.clock(), services.tz),
                       lambda: workload(app.store, None, WORKLOAD_DAYS))


def day(d: date) -> str:
    """"3 Feb" (strftime's %-d is not portable)."""
    return f"{d.day} {d:%b}"

class StatsScreen(TrainerScreen[None]):
    """Everything is computed once when the screen opens (a few SQL queries, see trainer.stats)."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    CSS_PATH = "stats.tcss"  # loaded with the screen, off the start-up path
    BINDINGS = [
        Binding("r", "cycle_range", "30/90/365 days"),
        Binding("w", "workload", "Workload"),
        Binding("escape", "home", "Home"),
        Binding("q", "home", "Home", show=False),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    class WorkloadReady(Message):
        """The workload simulation finished (posted from its worker thread)."""

        def __init__(self, result: WorkloadReport | str):
            super().__init__()
            self.result = result  # the report, or what went wrong in one line

    def __init__(self, compute: Callable[[], Report],
                 simulate: Callable[[], WorkloadReport] | None = None):
        """`simulate` gives the workload per desired retention (it may take a second: it runs
        in a worker, the first time the learner asks for it)."""
        super().__init__()
        self.compute = compute
        self.simulate = simulate
        self.report: Report | None = None
        self.range = RANGES[0]
        self.workload: WorkloadReport | None = None

    def compose(self) -> ComposeResult:
        with KeyScroll(id="stats"):
            yield Static("Statistics", id="stats-title", markup=False)
            yield Static("", id="stats-figures")
            with Container(id="stats-body"):
                with Vertical(id="stats-left"):
                    yield Static("", id="reviews-heading", classes="stats-heading", markup=False)
                    yield BarChart(id="reviews-chart")
                    yield Static("", id="forecast-heading", classes="stats-heading", markup=False)
                    yield BarChart(id="forecast-chart")
                with Vertical(id="stats-right"):
                    yield Static("", id="calendar-heading", classes="stats-heading", markup=False)
                    yield StudyCalendar(id="calendar")
                    yield Static("Topics · retention over 30 days, quiz over every answer",
                                 id="topics-heading", classes="stats-heading", markup=False)
                    yield DataTable(id="topics", cursor_type="none", zebra_stripes=True)
            with Vertical(id="workload"):
                yield Static("", id="workload-heading", classes="stats-heading", markup=False)
                yield Static("", id="workload-basis", markup=False)
                yield DataTable(id="workload-table", cursor_type="none", zebra_stripes=True)
                yield Static("", id="workload-chart", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.report = r = self.compute()
        self.query_one("#stats-title", Static).update(
            f"Statistics · {r.date():%A} {r.date().day} {r.date():%B %Y}")
        self.show_figures(r)
        self.show_reviews()
        self.show_forecast(r)
        self.query_one("#calendar-heading", Static).update(
            f"Study days · streak {r.streak} · best {r.longest_streak}")
        self.query_one(StudyCalendar).plot(list(r.reviews), r.date())
        self.fill_topics(r)
        # the tables have no cursor: a click on one must not take the screen's keys (Home,
        # End, the arrows and PgUp/PgDn would move nothing)
        for table in self.query(DataTable):
            table.can_focus = False
        self.query_one("#stats", KeyScroll).focus()

    def show_figures(self, r: Report) -> None:
        figures = Text()
        for i, (label, text) in enumerate(headline(r)):
            figures.append(("\n" if i else "") + f"{label:<11}", "bold")
            figures.append(text)
        self.query_one("#stats-figures", Static).update(figures)

    def show_forecast(self, r: Report) -> None:
        overdue = f" · {r.overdue} overdue" if r.overdue else ""
        self.query_one("#forecast-heading", Static).update(
            f"Due per day · next {len(r.forecast)} days · most {max(r.forecast, default=0)}"
            + overdue)
        self.query_one("#forecast-chart", BarChart).plot(
            list(r.forecast), "today", day(r.date(len(r.forecast) - 1)))

    def show_reviews(self) -> None:
        r, days = self.report, self.range
        assert r is not None, "the report is computed on mount"
        values = list(r.recent(days))
        self.query_one("#reviews-heading", Static).update(
            f"Reviews per day · last {days} days · most {max(values, default=0)} "
            f"· {sum(values)} in all")
        self.query_one("#reviews-chart", BarChart).plot(values, day(r.date(1 - days)), "today")

    def fill_topics(self, r: Report) -> None:
        table = self.query_one("#topics", DataTable)
        for label in ("Topic", "Retention", "Quiz", ""):
            table.add_column(label, key=label.lower() or "next")
        weak = {w.topic for w in r.weakest}
        for t in ranked(r.topics):
            table.add_row(Text(one_line(t.topic)), rate_text(t.retention), rate_text(t.quiz),
                          "◀ next" if t.topic in weak else "", key=t.topic)
        table.display = bool(r.topics)
        if not r.topics:
            self.query_one("#topics-heading", Static).update(
                "Topics · no reviews of learned cards or quiz answers yet")

    def action_cycle_range(self) -> None:
        self.range = RANGES[(RANGES.index(self.range) + 1) % len(RANGES)]
        self.show_reviews()

    # -- the workload per desired retention (w) --------------------------------------------------

    def action_workload(self) -> None:
        """Show (or hide again) the simulated workload; simulated once, in a worker."""
        section = self.query_one("#workload", Vertical)
        if section.display:
            section.display = False
            return
        section.display = True
        if self.workload is None and self.simulate is not None:
            self.query_one("#workload-heading", Static).update(
                f"Workload by desired retention · simulating {WORKLOAD_DAYS} days…")
            self.run_worker(self._simulate, thread=True, exclusive=True, name="workload")
        self.call_after_refresh(self._scroll_to_workload)

    def _simulate(self) -> None:
        """Runs in a thread: only posts a message, never touches widgets."""
        from trainer.commands.messages import describe
        from trainer.errors import TrainerError

        assert self.simulate is not None
        try:
            result: WorkloadReport | str = self.simulate()
        except TrainerError as exc:
            result = describe(exc)
        self.post_message(self.WorkloadReady(result))

    def on_stats_screen_workload_ready(self, message: WorkloadReady) -> None:
        heading = self.query_one("#workload-heading", Static)
        if isinstance(message.result, str):
            heading.update(f"Workload · cannot simulate: {message.result}")
            return
        self.workload = w = message.result
        self.show_workload(w)

    def show_workload(self, w: WorkloadReport) -> None:
        from trainer.figures import minutes_chart, workload_basis, workload_rows

        self.query_one("#workload-heading", Static).update(
            f"Workload by desired retention · every deck · next {w.days} days")
        self.query_one("#workload-basis", Static).update(
            f"Simulated: {workload_basis(w)}. Remembered: cards you would recall on the last "
            "day. Change the retention with: trainer config desired_retention")
        table = self.query_one("#workload-table", DataTable)
        table.clear(columns=True)
        for label, key in (("Retention", "retention"), ("Reviews a day", "reviews"),
                           ("Minutes a day", "minutes"), ("Remembered", "remembered"),
                           ("", "mark")):
            table.add_column(label, key=key)
        for retention, reviews, minutes, remembered, mark in workload_rows(w):
            # Text cells: a plain str in a DataTable is read as markup
            table.add_row(Text(retention), Text(reviews, justify="right"),
                          Text(minutes, justify="right"), Text(remembered, justify="right"),
                          Text(mark), key=retention)
        self.query_one("#workload-chart", Static).update(
            "\n".join(["Minutes a day", *minutes_chart(w, CHART_WIDTH)]))
        self.call_after_refresh(self._scroll_to_workload)

    def _scroll_to_workload(self) -> None:
        """The section is the last one: the end of the screen shows all of it."""
        self.query_one("#stats", KeyScroll).scroll_end(animate=False)

    def action_home(self) -> None:
        self.app.go_home()

