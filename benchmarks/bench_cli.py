"""CLI start-up and generation: `trainer --help` against a bare typer app; `trainer generate`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from common import median, ms, paired, table, time_process

ROOT = Path(__file__).resolve().parent.parent

BARE_APP = '''
import typer
app = typer.Typer()
@app.command()
def one(): """First."""
@app.command()
def two(): """Second."""
app()
'''


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE_APP)
        ours = [sys.executable, "-m", "trainer", "--help"]
        base = [sys.executable, str(bare), "--help"]
        t_ours, t_base = paired(ours, base, runs=21)
        ratios = sorted(a / b for a, b in zip(t_ours, t_base, strict=True))
        gen = [time_process([sys.executable, "-m", "trainer", "generate", "--out", tmp], cwd=ROOT)
               for _ in range(5)]
    rows = [
        ["trainer --help", ms(median(t_ours)), ms(min(t_ours)), ""],
        ["bare typer app --help (baseline)", ms(median(t_base)), ms(min(t_base)), ""],
        ["ratio, median of paired runs", f"{median(ratios):.2f}x", "", "goal <= 1.3x"],
        ["trainer generate (full seeds)", ms(median(gen)), ms(min(gen)), "goal < 1000 ms"],
    ]
    print(table("CLI start-up and generation", ["measure", "median", "min", "goal"], rows))


if __name__ == "__main__":
    main()
