"""The layering of DESIGN.md holds: services never import the UI, nothing opens a DB at import."""

from __future__ import annotations

import subprocess
import sys

SERVICES = ["trainer.store", "trainer.study", "trainer.schedule", "trainer.collection",
            "trainer.stats", "trainer.generate", "trainer.generate.lint", "trainer.decks",
            "trainer.browse", "trainer.quiz", "trainer.settings", "trainer.export"]


def imported_after(modules: list[str]) -> set[str]:
    code = (f"import sys; [__import__(m) for m in {modules!r}];"
            "print(' '.join(sorted(m.split('.')[0] for m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_services_do_not_import_textual_or_typer():
    loaded = imported_after(SERVICES)
    assert "textual" not in loaded and "typer" not in loaded


def test_domain_does_no_io_imports():
    loaded = imported_after(["trainer.model", "trainer.schedule", "trainer.text", "trainer.balance",
                             "trainer.optimize", "trainer.simulate"])
    assert not {"sqlite3", "sqlite_utils", "textual", "typer", "genanki"} & loaded
