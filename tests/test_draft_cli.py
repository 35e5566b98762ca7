"""`trainer draft` end to end: what it writes and prints, refusals that change nothing, PDF input,
the same bytes on every run, and no network at all."""

from __future__ import annotations

import socket
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.seedtools import FIXTURES
from trainer.cli import app
from trainer.generate.lint import lint
from trainer.generate.seeds import load_source

SHORT = FIXTURES / "draft" / "short-review.txt"


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(app, ["--decks", str(Path(__file__).parent.parent / "decks"), "draft", *args])


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_draft_writes_a_source_that_loads_and_says_what_it_wrote(here):
    result = run(str(SHORT), "--source", "ln-short")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ("wrote seeds/ln-short/references.toml: 8 references (7 parsed; 1 left as comments "
                        "to write by hand: 6)")
    assert lines[1].startswith("wrote seeds/ln-short/claims.toml: ") and " draft claims from " in lines[1]
    assert lines[2].startswith("next: ") and "'trainer lint'" in lines[2] and "'trainer generate'" in lines[2]
    seeds = load_source(here / "seeds" / "ln-short")
    assert seeds.claims and all(c.draft and c.source_text for c in seeds.claims)
    assert [p.number for p in seeds.pending_references] == [6]
    drafts = [f for f in lint(seeds) if f.rule == "draft-incomplete"]
    assert len(drafts) == len(seeds.claims)  # every draft says what it lacks


def test_the_same_text_gives_the_same_bytes(here):
    run(str(SHORT), "--source", "same")
    run(str(SHORT), "--source", "same", "--seeds", "other")
    assert snapshot(here / "seeds" / "same") == snapshot(here / "other" / "same")


def test_an_existing_source_is_kept_unless_forced(here):
    run(str(SHORT), "--source", "ln-short")
    folder = here / "seeds" / "ln-short"
    (folder / "claims.toml").write_text("# my edits\n")
    (folder / "notes.txt").write_text("mine\n")
    before = snapshot(folder)
    msg = one_line_error(run(str(SHORT), "--source", "ln-short"))
    assert msg == ("trainer: seeds/ln-short already exists; pass --force to replace its claims.toml and "
                   "references.toml, or choose another --source")
    assert snapshot(folder) == before
    assert run(str(SHORT), "--source", "ln-short", "--force").exit_code == 0
    assert (folder / "claims.toml").read_text() != "# my edits\n"
    assert (folder / "notes.txt").read_text() == "mine\n"  # --force replaces the two files only


@pytest.mark.parametrize("content, problem", [
    (None, "cannot read (No such file or directory)"),
    (b"", "holds no text"),
    (b" \n\t\n\xe2\x80\x8b\n", "holds no text"),
    (b"\x00\x01\x02binary", "is a binary file, not text or PDF"),
    (b"Lupus is common. It is treated with HCQ.\n", "no reference list found"),
    (b"%PDF-1.4 garbage", "is not a readable PDF"),
])
def test_bad_files_are_refused_in_one_line_and_nothing_is_written(here, content, problem):
    path = here / "review.txt"
    if content is not None:
        path.write_bytes(content)
    msg = one_line_error(run(str(path), "--source", "new"))
    assert msg.startswith(f"trainer: {path}: ") and problem in msg
    assert not (here / "seeds").exists()


def test_a_folder_is_refused(here):
    msg = one_line_error(run(str(here), "--source", "new"))
    assert "is a folder" in msg and not (here / "seeds").exists()


def test_a_source_name_must_be_a_slug(here):
    msg = one_line_error(run(str(SHORT), "--source", "Lupus Nephritis"))
    assert "must be a slug" in msg and not (here / "seeds").exists()


def test_a_seeds_path_that_cannot_hold_folders_is_one_line(here):
    # a plain file where the seeds folder should be: writing fails even for root
    (here / "seeds").write_text("not a folder\n")
    msg = one_line_error(run(str(SHORT), "--source", "ln-short"))
    assert "seeds/ln-short: cannot write" in msg
    assert (here / "seeds").read_text() == "not a folder\n"


def test_the_command_uses_no_network(here, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("trainer draft opened a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    result = run(str(SHORT), "--source", "offline")
    assert result.exit_code == 0, result.output
    assert (here / "seeds" / "offline" / "claims.toml").exists()


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds `lines` (Helvetica), built by hand."""
    body = "BT /F1 10 Tf 40 800 Td 12 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*" for line in lines
    ) + " ET"
    stream = zlib.compress(body.encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_pdf_with_a_text_layer_is_drafted(here):
    text = SHORT.read_text(encoding="utf-8").splitlines()
    pdf = here / "review.pdf"
    pdf.write_bytes(minimal_pdf([line for line in text if line.isascii()]))
    result = run(str(pdf), "--source", "from-pdf")
    assert result.exit_code == 0, result.output
    seeds = load_source(here / "seeds" / "from-pdf")
    assert 5 in seeds.references and seeds.references[5].doi == "10.5555/lancet.2021.397.2070"
    assert any(c.refs == (2, 3) for c in seeds.claims)


def test_a_pdf_without_text_is_refused(here):
    pdf = here / "scan.pdf"
    pdf.write_bytes(minimal_pdf([]))
    assert "no text layer" in one_line_error(run(str(pdf), "--source", "scan"))


def test_the_readme_example_prints_what_the_readme_shows(here):
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    shown_lines = [line for line in readme.splitlines()
                   if line.startswith(("wrote seeds/ln-short/", "next: in seeds/ln-short/"))]
    assert len(shown_lines) == 3, "the README shows the three lines of the example run"
    fixture = here / "tests" / "fixtures" / "draft"
    fixture.mkdir(parents=True)
    (fixture / SHORT.name).write_bytes(SHORT.read_bytes())
    result = run("tests/fixtures/draft/short-review.txt", "--source", "ln-short")
    assert result.stdout.splitlines() == shown_lines
