"""Tests `ikm-tui export ptpp --nomor`: one PTPP's form alone, verified as that document."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from ikm_tui.cli import main
from ikm_tui.persistence import db as db_module


def text_of(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_one_ptpp_by_its_number(tmp_path: Path, capsys, monkeypatch) -> None:
    database = str(tmp_path / "demo.db")
    assert main(["--db", database, "demo"]) == 0
    db_module.close()
    monkeypatch.setattr("sys.stdin", io.StringIO("staf2026\n" * 5))
    auth = ["--as", "sri", "--password-stdin"]
    one, every = tmp_path / "ptpp-001.docx", tmp_path / "ptpp.docx"
    argv = ["--db", database, "export", "ptpp", "-o", str(one), "--nomor", "001/PTPP/2026"]
    assert main([*argv, *auth]) == 0
    assert "PTPP 001/PTPP/2026" in capsys.readouterr().out
    assert main(["--db", database, "export", "ptpp", "--period", "1", "-o", str(every), *auth]) == 0
    single, whole = text_of(one), text_of(every)
    assert "001/PTPP/2026" in single and "002/PTPP/2026" not in single
    assert "001/PTPP/2026" in whole and "002/PTPP/2026" in whole
    capsys.readouterr()
    assert main(["--db", database, "verify-doc", str(one)]) == 0
    assert capsys.readouterr().out.startswith("COCOK: ")
    with pytest.raises(SystemExit):  # no such PTPP: a clear refusal, no traceback
        raise SystemExit(
            main(
                [
                    "--db",
                    database,
                    "export",
                    "ptpp",
                    "-o",
                    str(one),
                    "--nomor",
                    "099/PTPP/2026",
                    *auth,
                ]
            )
        )
    assert "099/PTPP/2026" in capsys.readouterr().err


def test_a_password_that_cannot_be_read_is_a_message(tmp_path: Path, capsys, monkeypatch) -> None:
    """No terminal and nothing on standard input (a script, cron): a Bahasa Indonesia message
    and exit 2, not getpass's EOFError traceback."""
    import getpass

    database = str(tmp_path / "demo.db")
    assert main(["--db", database, "demo"]) == 0
    db_module.close()

    def no_terminal(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr(getpass, "getpass", no_terminal)
    out = tmp_path / "ptpp.docx"
    argv = ["--db", database, "export", "ptpp", "--period", "1", "-o", str(out), "--as", "sri"]
    assert main(argv) == 2
    assert "--password-stdin" in capsys.readouterr().err
    assert not out.exists()
