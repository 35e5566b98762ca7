"""Short lines shared by the CLI and the TUI: the stats report's headline, the simulated workload."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trainer.stats import MIN_SAMPLE, RETENTION_DAYS, Rate, Report, TopicFigures, Weak

if TYPE_CHECKING:
    from trainer.scheduling import WorkloadReport


def pct(rate: Rate) -> str:
    return "–" if rate.value is None else f"{rate.value:.0%}"


def rate_text(rate: Rate) -> str:
    """"60% of 10", or a dash before the first answer."""
    return f"{pct(rate)} of {rate.total}" if rate.total else "–"


def ranked(topics: tuple[TopicFigures, ...]) -> list[TopicFigures]:
    """Topics weakest first; those with too few answers to judge last, by name."""
    def key(t: TopicFigures) -> tuple:
        score = t.score()
        return (score is None, score[0] if score else 0.0, t.topic)
    return sorted(topics, key=key)


def streak_text(r: Report) -> str:
    if not r.streak:
        return f"none (best {r.longest_streak})" if r.longest_streak else "none yet"
    days = f"{r.streak} day{'s' * (r.streak != 1)} (best {r.longest_streak})"
    return days if r.studied_today else days + ", study today to keep it"


def retention_text(r: Report) -> str:
    parts = [f"{pct(rate)} of {rate.total} over {d} days" for d, rate in r.retention.items()
             if rate.total]
    if not parts:
        return f"no reviews of learned cards in {max(RETENTION_DAYS)} days yet"
    return " · ".join(parts) + f" · target {r.target:.0%}"


def weak_text(w: Weak) -> str:
    """"Lupus nephritis 40%": the topic and the score that made it weak."""
    from trainer.text import one_line

    return f"{one_line(w.topic)} {w.score:.0%}"


def study_next(r: Report) -> str:
    if r.weakest:
        return " · ".join(weak_text(w) for w in r.weakest)
    if any(t.score() for t in r.topics):
        return f"no topic below {r.target:.0%}"
    return f"not enough answers yet ({MIN_SAMPLE} per topic)"


def headline(r: Report) -> list[tuple[str, str]]:
    """(label, text) lines: cards, reviews, streak, retention, stability, quiz, study next."""
    s, b = r.states, r.basic
    stability = ("–" if r.average_stability is None
                 else f"{r.average_stability:.1f} days on average")
    quiz = (f"{r.quiz.total} answers · {pct(r.quiz)} correct" if r.quiz.total
            else "no answers yet")
    return [
        ("cards", f"{s['new']} new · {s['learning']} learning · {s['review']} review · "
                  f"{s['suspended']} suspended · {s['retired']} retired"),
        ("reviews", f"{b.reviews} in all · {b.reviews_today} today · {b.due_now} due now"),
        ("streak", streak_text(r)),
        ("retention", retention_text(r)),
        ("stability", stability),
        ("quiz", quiz),
        ("study next", study_next(r)),
    ]


# -- the workload simulator (`trainer simulate` and the stats screen) ---------------------------

PARAMETER_SOURCES = {"own": "its own fitted parameters", "global": "the global fitted parameters",
                     "defaults": "FSRS-6's default parameters", "mixed": "each deck's parameters"}


def workload_basis(w: WorkloadReport) -> str:
    """What the simulation assumed, in one sentence."""
    times = (f"your answer times from {w.answers:,} answers" if w.answers
             else "typical answer times (none of yours yet)")
    return (f"{w.cards:,} cards in play, {w.new_per_day} new a day, "
            f"{PARAMETER_SOURCES.get(w.parameters, w.parameters)}, {times}")


def workload_rows(w: WorkloadReport) -> list[tuple[str, str, str, str, str]]:
    """(retention, reviews a day, minutes a day, remembered at the end, mark) per retention;
    the mark points at the retention in use."""
    return [(f"{x.retention:.0%}", f"{x.reviews_per_day:.1f}", f"{x.minutes_per_day:.1f}",
             f"{x.remembered:,.0f}", "◀ in use" if w.current == x.retention else "")
            for x in w.workloads]


def minutes_chart(w: WorkloadReport, width: int) -> list[str]:
    """Minutes a day against retention as horizontal bars, one line per retention."""
    from trainer.textcharts import hbar

    top = max((x.minutes_per_day for x in w.workloads), default=0.0)
    return [f"{x.retention:>4.0%} {hbar(x.minutes_per_day, top, width):<{width}} "
            f"{x.minutes_per_day:.1f} min" for x in w.workloads]
