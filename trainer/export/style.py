"""The look of exported Anki cards: the claim note type's three templates and their CSS (night mode too).

Anki takes a changed note type (templates, CSS) only when the incoming one is newer. Nothing
here carries a time: the note type's change time is derived from a hash of these strings and
kept in the deck file by `trainer generate` (see trainer.export.notetype), so editing this
file and regenerating is all it takes for Anki to pick the change up.
"""

from __future__ import annotations

# The back of every template ends with the same blocks: the retirement notice (first, so it is
# seen), explanation, later update, sources, and a footer naming the card. `{kind}` is filled in
# per template, so the footer reads "<claim id>/qa", as the card id does in the terminal.
_BACK_TAIL = """
{{#Notice}}<div class="trainer-notice">{{Notice}}</div>{{/Notice}}
{{#Extra}}<div class="trainer-extra">{{Extra}}</div>{{/Extra}}
{{#Update}}<div class="trainer-update"><span class="trainer-heading">Update</span> {{Update}}\
{{#UpdateSources}}<div class="trainer-update-sources">{{UpdateSources}}</div>{{/UpdateSources}}\
</div>{{/Update}}
{{#Sources}}<div class="trainer-sources"><div class="trainer-heading">Source</div>{{Sources}}\
</div>{{/Sources}}
<div class="trainer-id">{{ClaimID}}/{kind}{{#Topic}} · {{Topic}}{{/Topic}}\
{{#Priority}} · {{Priority}}{{/Priority}}</div>
</div>"""


def _front(kind: str, prompt: str) -> str:
    # The whole front sits inside {{#field}}: when the field is empty the front renders empty,
    # and Anki then makes no card of this template for the note.
    return (f'{{{{#{prompt}}}}}<div class="trainer trainer-{kind}">\n'
            f'<div class="trainer-prompt">{{{{{prompt}}}}}</div>\n'
            f'</div>{{{{/{prompt}}}}}')


def _back(kind: str, prompt: str, answer: str | None) -> str:
    shown = (f'<div class="trainer trainer-{kind}">\n<div class="trainer-prompt">{{{{{prompt}}}}}</div>\n'
             '<hr id="answer">')
    if answer is not None:
        shown += f'\n<div class="trainer-answer">{{{{{answer}}}}}</div>'
    return shown + _BACK_TAIL.replace("{kind}", kind)


QA_FRONT = _front("qa", "Question")
QA_BACK = _back("qa", "Question", "Answer")
# The fill-in card is a standard template over two pre-rendered fields (the statement with its
# terms blanked, and with them highlighted): a cloze note type could hold no other template.
FILL_IN_FRONT = _front("cloze", "FillInFront")
FILL_IN_BACK = _back("cloze", "FillInBack", None)
REVERSE_FRONT = _front("reverse", "ReverseQuestion")
REVERSE_BACK = _back("reverse", "ReverseQuestion", "ReverseAnswer")

# Colours live in custom properties so night mode only swaps values. Anki desktop marks
# night mode with .nightMode (and html.night-mode), AnkiDroid with .night_mode; the class
# sits on the same element as .card or on an ancestor, depending on the app and version.
CSS = """\
.card {
  --trainer-fg: #1d232a;
  --trainer-muted: #5b6570;
  --trainer-bg: #fbfbf9;
  --trainer-accent: #0a5cad;
  --trainer-rule: #d5dbe1;
  --trainer-panel: #f0f3f6;
  --trainer-warn: #8a4b00;
  --trainer-warn-bg: #fdf1e1;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Noto Sans",
    "Helvetica Neue", Arial, sans-serif;
  font-size: 20px;
  line-height: 1.5;
  text-align: left;
  color: var(--trainer-fg);
  background-color: var(--trainer-bg);
}

.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card, .night-mode .card {
  --trainer-fg: #e3e6e9;
  --trainer-muted: #9aa4ae;
  --trainer-bg: #1e2125;
  --trainer-accent: #7db7f0;
  --trainer-rule: #3a4048;
  --trainer-panel: #272b31;
  --trainer-warn: #f3b86b;
  --trainer-warn-bg: #3a2c1a;
}

.trainer {
  max-width: 36em;
  margin: 0 auto;
  padding: 1em 1.1em 1.5em;
  overflow-wrap: break-word;
}

.trainer-prompt { font-size: 1.1em; }

.trainer hr#answer {
  border: none;
  border-top: 1px solid var(--trainer-rule);
  margin: 1em 0;
}

.trainer-answer { font-size: 1.1em; font-weight: 600; color: var(--trainer-accent); }

.trainer .cloze { font-weight: 600; color: var(--trainer-accent); }

.trainer-notice {
  margin-bottom: 1em;
  padding: 0.5em 0.8em;
  border-radius: 6px;
  background: var(--trainer-warn-bg);
  color: var(--trainer-warn);
  font-size: 0.8em;
  font-weight: 600;
}

.trainer-extra, .trainer-update {
  margin-top: 1em;
  padding: 0.6em 0.8em;
  border-radius: 6px;
  background: var(--trainer-panel);
  font-size: 0.85em;
}
.trainer-update-sources { margin-top: 0.4em; font-size: 0.85em; color: var(--trainer-muted); }

.trainer-sources { margin-top: 1.2em; font-size: 0.72em; color: var(--trainer-muted); }
.trainer-heading {
  font-size: 0.9em;
  font-weight: 600;
  letter-spacing: 0.06em;
  text-transform: uppercase;
}
.trainer-source { margin-top: 0.35em; }
.trainer-sources a, .trainer-update-sources a { color: var(--trainer-accent); text-decoration: none; }
.trainer-sources a:hover, .trainer-update-sources a:hover { text-decoration: underline; }

.trainer-id {
  margin-top: 1.2em;
  font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace;
  font-size: 0.6em;
  color: var(--trainer-muted);
  opacity: 0.7;
}

@media (max-width: 480px) {
  .card { font-size: 18px; }
  .trainer { padding: 0.7em 0.6em 1.2em; }
}
"""
