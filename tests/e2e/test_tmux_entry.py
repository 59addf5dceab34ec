"""End-to-end: the real app in tmux; a Staf types 150 paper forms; the database holds exactly them."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.e2e.conftest import Tmux, needs_tmux, open_entry_screen

FORMS = 150
PERIOD_NAME = "Periode II 2026"


def typed_form(rng: random.Random) -> tuple[str, dict[str, object]]:
    """Keys for one form (2-digit jenis layanan: the demo has 10) and what must be stored."""
    layanan = rng.choice([f"{i:02d}" for i in range(11)])
    jk = rng.choice("120")
    usia = rng.choice(["17", "25", "34", "46", "58", "63", "00"])
    pendidikan = rng.choice("12345670")
    pekerjaan = rng.choice("1234560")
    answers = "".join(rng.choice("12340") for _ in range(9))
    expected = {
        "layanan": None if layanan == "00" else layanan,
        "jenis_kelamin": None if jk == "0" else jk,
        "usia": None if usia == "00" else int(usia),
        "pendidikan": None if pendidikan == "0" else pendidikan,
        "pekerjaan": None if pekerjaan == "0" else pekerjaan,
        "answers": [None if a == "0" else int(a) for a in answers],
    }
    return f"{layanan}{jk}{usia}{pendidikan}{pekerjaan}{answers}\r", expected


def stored(db_path: Path, first_nomor: int) -> list[dict[str, object]]:
    """The forms numbered from `first_nomor` on, read back through the services."""
    from ikm_tui.persistence import db
    from ikm_tui.persistence.models import PeriodRow, RespondentRow
    from ikm_tui.persistence.respondents import form_of
    from ikm_tui.services.entry import EntryService

    db.connect(str(db_path))
    try:
        period_id = PeriodRow.get(PeriodRow.name == PERIOD_NAME).id
        layout = EntryService().layout(period_id)
        codes = {sid: code for code, sid, _ in layout.services}
        result = []
        rows = (RespondentRow.select().where((RespondentRow.period == period_id)
                                             & (RespondentRow.nomor >= first_nomor))
                .order_by(RespondentRow.nomor))
        for row in rows:
            form = form_of(row.id)
            assert row.created_by.username == "agus" and form.source == "kertas"
            result.append({"layanan": codes.get(form.service_type_id),
                           "jenis_kelamin": form.jenis_kelamin, "usia": form.usia,
                           "pendidikan": form.pendidikan, "pekerjaan": form.pekerjaan,
                           "answers": [form.answers[k] for k in layout.unsur_keys]})
        return result
    finally:
        db.close()


@pytest.mark.slow
@needs_tmux
def test_type_150_forms_in_tmux(tmux: Tmux, demo_db: Path) -> None:
    screen = open_entry_screen(tmux, demo_db)
    first = int(screen.split("Formulir no. ", 1)[1].split()[0])
    rng = random.Random(150)
    forms = [typed_form(rng) for _ in range(FORMS)]
    for start in range(0, FORMS, 10):  # ten forms per write, sent without waiting
        tmux.send("".join(keys for keys, _ in forms[start:start + 10]), literal=True)
    tmux.wait_for(f"Formulir no. {first + FORMS} ", timeout=90)
    tmux.wait_for(f"Tersimpan: formulir no. {first + FORMS - 1} ")
    tmux.send("Escape")
    tmux.wait_for("Menyusun konsep")
    tmux.send("C-q")
    tmux.wait_closed()
    assert stored(demo_db, first) == [expected for _, expected in forms]
