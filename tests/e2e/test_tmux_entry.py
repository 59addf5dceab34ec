"""End-to-end: the real app in tmux; a Staf types 150 paper forms; the database holds exactly them."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bench._pty import stored_forms, typed_form
from tests.e2e.conftest import Tmux, needs_tmux, open_entry_screen

FORMS = 150


@pytest.mark.slow
@needs_tmux
def test_type_150_forms_in_tmux(tmux: Tmux, demo_db: Path) -> None:
    screen = open_entry_screen(tmux, demo_db)
    first = int(screen.split("Formulir no. ", 1)[1].split()[0])
    rng = random.Random(150)
    forms = [typed_form(rng) for _ in range(FORMS)]
    for start in range(0, FORMS, 10):  # ten forms per write, sent without waiting
        tmux.send("".join(keys for keys, _ in forms[start : start + 10]), literal=True)
    tmux.wait_for(f"Formulir no. {first + FORMS} ", timeout=90)
    tmux.wait_for(f"Tersimpan: formulir no. {first + FORMS - 1} ")
    tmux.send("Escape")
    tmux.wait_for("Menyusun konsep")
    tmux.send("C-q")
    tmux.wait_closed()
    stored = stored_forms(demo_db, first)
    assert all(row.pop("by") == "agus" for row in stored)
    assert stored == [expected for _, expected in forms]
