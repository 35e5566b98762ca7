"""The look of exported Anki cards: templates of our two note types and their CSS (night mode too)."""

from __future__ import annotations

# When this file last changed, in unix seconds. It is the note types' modification time in
# every export: Anki replaces its copy of our note types (templates and CSS) only when the
# incoming one is newer, so bump it (to the current time) whenever a template or the CSS
# changes, and leave it alone otherwise, or every import would overwrite a user's own tweaks.
STYLE_MTIME = 1795659579  # 2026-11-26

# The back of both note types ends with the same blocks: explanation, sources, card id.
_BACK_TAIL = """
{{#Extra}}<div class="trainer-extra">{{Extra}}</div>{{/Extra}}
{{#Source}}<div class="trainer-sources"><div class="trainer-heading">Source</div>{{Source}}</div>{{/Source}}
<div class="trainer-id">{{CardID}}</div>
</div>"""

BASIC_FRONT = """<div class="trainer trainer-basic">
<div class="trainer-prompt">{{Front}}</div>
</div>"""

BASIC_BACK = """<div class="trainer trainer-basic">
<div class="trainer-prompt">{{Front}}</div>
<hr id="answer">
<div class="trainer-answer">{{Back}}</div>""" + _BACK_TAIL

CLOZE_FRONT = """<div class="trainer trainer-cloze">
<div class="trainer-prompt">{{cloze:Text}}</div>
</div>"""

CLOZE_BACK = """<div class="trainer trainer-cloze">
<div class="trainer-prompt">{{cloze:Text}}</div>
<hr id="answer">""" + _BACK_TAIL

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

.trainer-extra {
  margin-top: 1em;
  padding: 0.6em 0.8em;
  border-radius: 6px;
  background: var(--trainer-panel);
  font-size: 0.85em;
}

.trainer-sources { margin-top: 1.2em; font-size: 0.72em; color: var(--trainer-muted); }
.trainer-heading {
  font-size: 0.9em;
  font-weight: 600;
  letter-spacing: 0.06em;
  text-transform: uppercase;
}
.trainer-source { margin-top: 0.35em; }
.trainer-sources a { color: var(--trainer-accent); text-decoration: none; }
.trainer-sources a:hover { text-decoration: underline; }

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
