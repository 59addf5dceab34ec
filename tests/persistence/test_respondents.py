"""Provides tests of storing forms: numbering, validation, bulk insert, reading back, updates."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from ikm_tui.errors import NotFound, ValidationError
from ikm_tui.persistence import respondents, tallies
from ikm_tui.persistence.models import AnswerRow, PeriodRow, RespondentRow, ServiceTypeRow

NOW = dt.datetime(2026, 9, 15, 10, 0)


@pytest.fixture
def period_id(db) -> int:
    period = PeriodRow.create(
        name="Periode II 2026",
        regime_id="permenpanrb-14-2017",
        start_date=dt.date(2026, 9, 1),
        end_date=dt.date(2026, 12, 31),
        created_at=NOW,
    )
    return period.id


def _form(values, **extra) -> respondents.FormData:
    keys = ["persyaratan", "prosedur", "waktu"]
    return respondents.FormData(answers=dict(zip(keys, values, strict=True)), **extra)


def test_insert_numbers_forms_within_period_and_reads_back(period_id):
    service = ServiceTypeRow.create(kode="KTP", nama="KTP-el")
    form = _form(
        [4, None, "3"],
        service_type_id=service.id,
        tanggal_survei=dt.date(2026, 9, 14),
        jenis_kelamin="2",
        usia=34,
        pendidikan="3",
        pekerjaan="4",
        saran="Antrean dipercepat",
    )
    first = respondents.insert_form(period_id, form, NOW, None, None)
    second = respondents.insert_form(period_id, _form([1, 2, 3]), NOW, None, None)
    assert first[1] == 1 and second[1] == 2
    back = respondents.form_of(first[0])
    assert back.answers == {"persyaratan": 4, "prosedur": None, "waktu": 3}
    assert back.tanggal_survei == dt.date(2026, 9, 14)
    assert (back.usia, back.jenis_kelamin, back.saran) == (34, "2", "Antrean dipercepat")
    assert back.service_type_id == service.id
    assert respondents.find_by_nomor(period_id, 2) == second[0]
    assert respondents.find_by_nomor(period_id, 3) is None


@pytest.mark.parametrize("bad", [5, 0, "x", 2.5, True])
def test_answers_outside_one_to_four_are_refused(period_id, bad):
    with pytest.raises(ValidationError, match="U2 Sistem, Mekanisme, dan Prosedur"):
        respondents.insert_form(period_id, _form([4, bad, 3]), NOW, None, None)
    assert RespondentRow.select().count() == 0


def test_bulk_insert_continues_numbering_and_stores_nulls(period_id):
    respondents.insert_form(period_id, _form([4, 4, 4]), NOW, None, None)
    forms = [
        _form([(i % 4) + 1, None if i % 5 == 0 else 3, 2], source="impor") for i in range(12001)
    ]
    assert respondents.bulk_insert(period_id, forms, NOW, None, None) == 12001
    nomors = [n for (n,) in RespondentRow.select(RespondentRow.nomor).tuples()]
    assert sorted(nomors) == list(range(1, 12003))
    assert AnswerRow.select().where(AnswerRow.value.is_null()).count() == 2401
    result = tallies.answer_tallies(tallies.TallyFilter(period_id))
    assert result["waktu"].n == 12002 and result["waktu"].total == 4 + 2 * 12001
    assert result["prosedur"].n == 12002 - 2401
    assert result["persyaratan"].total == 4 + sum((i % 4) + 1 for i in range(12001))
    last = respondents.find_by_nomor(period_id, 12002)
    assert respondents.form_of(last).source == "impor"


def test_bulk_insert_keeps_nothing_when_one_form_is_bad(period_id):
    forms = [_form([1, 2, 3])] * 10 + [_form([1, 9, 3])]
    with pytest.raises(ValidationError):
        respondents.bulk_insert(period_id, forms, NOW, None, None)
    assert RespondentRow.select().count() == 0
    assert AnswerRow.select().count() == 0


def test_bulk_dates_are_read_back_as_dates(period_id, tmp_path):
    form = _form([1, 2, 3], tanggal_survei=dt.date(2026, 10, 2))
    respondents.bulk_insert(period_id, [form], NOW, None, None)
    row = RespondentRow.get()
    assert row.tanggal_survei == dt.date(2026, 10, 2)
    assert row.created_at == NOW
    raw = (
        sqlite3.connect(tmp_path / "t.db")
        .execute("SELECT tanggal_survei, excluded FROM respondent")
        .fetchone()
    )
    assert raw == ("2026-10-02", 0)


def test_update_replaces_answers_and_returns_before(period_id):
    rid, _ = respondents.insert_form(period_id, _form([1, 2, 3]), NOW, None, None)
    later = NOW + dt.timedelta(hours=1)
    before = respondents.update_form(rid, _form([4, None, 4], usia=40), later)
    assert before.answers == {"persyaratan": 1, "prosedur": 2, "waktu": 3}
    after = respondents.form_of(rid)
    assert after.answers == {"persyaratan": 4, "prosedur": None, "waktu": 4}
    assert after.usia == 40
    assert RespondentRow.get_by_id(rid).updated_at == later
    assert before.as_dict()["answers"] == {"persyaratan": 1, "prosedur": 2, "waktu": 3}


def test_excluded_forms_leave_the_tally(period_id):
    rid, _ = respondents.insert_form(period_id, _form([1, 1, 1]), NOW, None, None)
    respondents.insert_form(period_id, _form([4, 4, 4]), NOW, None, None)
    respondents.set_excluded(rid, True, "ganda", NOW)
    assert tallies.answer_tallies(tallies.TallyFilter(period_id))["waktu"].total == 4
    respondents.set_excluded(rid, False, "", NOW)
    assert tallies.answer_tallies(tallies.TallyFilter(period_id))["waktu"].total == 5


def test_unknown_respondent_is_not_found(db):
    with pytest.raises(NotFound):
        respondents.form_of(999)
