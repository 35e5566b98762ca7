"""The stats report's headline figures as short labelled lines, shared by `trainer stats` and the TUI."""

from __future__ import annotations

from trainer.stats import MIN_SAMPLE, RETENTION_DAYS, Rate, Report, TopicFigures, Weak


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
    return f"{w.topic} {w.score:.0%}"


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
