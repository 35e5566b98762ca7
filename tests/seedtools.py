"""Helpers for tests that write seed folders: TOML strings and claim tables."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "seeds" / "mini"


def toml_string(text: str) -> str:
    """`text` as a TOML basic string, escaping what TOML does not allow raw."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return toml_string(value)


def claim_table(**fields) -> str:
    return "[[claim]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in fields.items()) + "\n"


def copy_mini(root: Path) -> Path:
    """A writable copy of the mini fixture as <root>/seeds/mini; returns the seeds folder."""
    seeds = root / "seeds"
    shutil.copytree(MINI, seeds / "mini")
    return seeds


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
