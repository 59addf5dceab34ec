"""Tests `verify` while an import's forms are pending (running, or stopped and never finished)
and the import screen's way out of a stopped one (`ImportService.discard`): pending forms are
named as such, not as tampering, while a committed form changed behind the app's back still is.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from ikm_tui.errors import PermissionDenied, ValidationError
from ikm_tui.persistence import db as db_module
from ikm_tui.persistence import respondents
from ikm_tui.persistence.models import AuditRow, RespondentRow
from ikm_tui.persistence.records import UserRecord
from ikm_tui.services import importer as module
from ikm_tui.services.registry import Services
from ikm_tui.services.verify import VerifyReport
from tests.services.conftest import (
    START,
    make_period,
    make_users,
    needs_postgres,
    tamper,
    walk_to,
)

HEADER = "U1,U2,U3,U4,U5,U6,U7,U8,U9"


def _csv(tmp_path: Path, name: str, rows: int) -> Path:
    """`rows` rows of varied answers (none of them all alike)."""
    lines = [",".join(str((i + j) % 4 + 1) for j in range(9)) for i in range(rows)]
    path = tmp_path / name
    path.write_text(HEADER + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _first(tmp_path: Path) -> Path:
    """Three forms, each answered alike throughout (unlike any row of `_csv`)."""
    lines = [",".join([str(value)] * 9) for value in (1, 2, 3)]
    path = tmp_path / "awal.csv"
    path.write_text(HEADER + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _forms(report: VerifyReport) -> tuple[list[str], tuple[str, ...], str]:
    [result] = [r for r in report.results if r.name == "formulir"]
    return [str(f) for f in result.findings], result.notes, result.summary


def _answer_id(period_id: int, nomor: int) -> int:
    from ikm_tui.persistence.models import AnswerRow

    row = RespondentRow.get((RespondentRow.period == period_id) & (RespondentRow.nomor == nomor))
    return int(AnswerRow.select().where(AnswerRow.respondent == row.id).first().id)


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs (the undo is switched off)."""


def _start_and_kill(services, users, step4, path, monkeypatch, at: int = 1000) -> None:
    """An import killed after `at` forms are stored: its run stays `berjalan`, forms pending."""

    def die(done: int, total: int) -> None:
        if done >= at:
            raise Killed

    undo = module.ImportService._undo
    monkeypatch.setattr(module.ImportService, "_undo", lambda *args: 0)
    with pytest.raises(Killed):
        services.importer.commit(step4, path, None, users["staf"], die)
    monkeypatch.setattr(module.ImportService, "_undo", undo)


def test_verify_during_a_running_import_names_its_forms_and_still_catches_tampering(
    services, users, step4, tmp_path, db
):
    database = Path(db.database)
    services.importer.commit(step4, _first(tmp_path), None, users["staf"])
    seen: list[VerifyReport] = []

    def midway(done: int, total: int) -> None:
        if done >= 1000 and not seen:  # the import is running: its first chunk is pending
            seen.append(services.verify.run())
            tamper(
                database, "UPDATE answer SET value = 5 - value WHERE id = ?", _answer_id(step4, 2)
            )
            seen.append(services.verify.run())
            tamper(
                database, "UPDATE answer SET value = 5 - value WHERE id = ?", _answer_id(step4, 2)
            )

    result = services.importer.commit(
        step4, _csv(tmp_path, "besar.csv", 2500), None, users["staf"], midway
    )
    assert result.stored == 2500 and len(seen) == 2
    findings, notes, summary = _forms(seen[0])
    assert findings == []
    assert notes == (
        "1.000 formulir dari impor besar.csv yang sedang berjalan (periode "
        f"{step4}, nomor 4-2503) belum dihitung: tersimpan sementara, isinya cocok dengan yang "
        "dicatat impor itu.",
    )
    assert summary == (
        "1.003 formulir; 1.000 di antaranya dari impor yang belum selesai, belum dihitung "
        "(lihat catatan)"
    )
    findings, notes, _ = _forms(seen[1])  # a committed form changed: still tampering
    assert findings == [
        f"Formulir nomor 2 periode {step4}: isinya berbeda dari saat disimpan atau dikoreksi"
    ]
    assert len(notes) == 1
    # finished: every form counts and verifies, nothing noted
    findings, notes, _ = _forms(services.verify.run())
    assert findings == [] and notes == ()


def test_a_pending_form_changed_or_made_pending_behind_the_apps_back_is_named(
    services, users, step4, tmp_path, db, monkeypatch
):
    database = Path(db.database)
    services.importer.commit(step4, _first(tmp_path), None, users["staf"])
    _start_and_kill(services, users, step4, _csv(tmp_path, "b.csv", 2500), monkeypatch)
    tamper(database, "UPDATE answer SET value = 5 - value WHERE id = ?", _answer_id(step4, 10))
    tamper(
        database,
        "UPDATE respondent SET excluded = 1, exclusion_reason = ? WHERE period_id = ? AND nomor = 1",
        respondents.PENDING_REASON,
        step4,
    )
    findings, notes, _ = _forms(services.verify.run())
    assert findings == [
        f"Formulir nomor 1 periode {step4}: ditandai 'impor belum selesai' padahal tidak ada "
        "impor yang belum selesai (diubah di luar aplikasi)",
        f"Formulir nomor 10 periode {step4}: isinya berbeda dari saat diimpor",
    ]
    assert "999 formulir dari impor b.csv" in notes[0]


def test_a_discard_cut_short_is_noted_not_reported_as_deleted_forms(
    services, users, step4, tmp_path, monkeypatch
):
    services.importer.commit(step4, _first(tmp_path), None, users["staf"])
    _start_and_kill(services, users, step4, _csv(tmp_path, "b.csv", 2500), monkeypatch)
    # the undo (F8 or the next import) killed after its first bounded delete
    monkeypatch.setattr(module, "DELETE_CHUNK", 300)
    assert module._delete_some(step4, 4, 2503) == 300
    findings, notes, _ = _forms(services.verify.run())
    assert findings == []
    assert notes[0].startswith("700 formulir dari impor b.csv")
    assert notes[0].endswith(
        " 300 formulirnya sudah dihapus oleh aplikasi (pembuangan impor ini terputus sebelum "
        "selesai)."
    )


def test_a_stopped_import_is_noted_then_discarded_and_the_period_verifies(
    services, users, step4, tmp_path, monkeypatch, capsys, db
):
    from ikm_tui.cli import main

    services.importer.commit(step4, _first(tmp_path), None, users["staf"])
    _start_and_kill(services, users, step4, _csv(tmp_path, "b.csv", 2500), monkeypatch)
    [running] = services.importer.unfinished(step4)
    with pytest.raises(ValidationError, match="masih berjalan"):
        services.importer.discard(step4, running.run_id, users["staf"])
    later = START + dt.timedelta(seconds=module.STALE_SECONDS + 1)
    services.importer.clock = services.verify.clock = lambda: later
    findings, notes, _ = _forms(services.verify.run())
    assert findings == [] and "yang terhenti" in notes[0] and "F8" in notes[0]
    # the CLI prints the note under an OK line (its clock is today's: long stale)
    db_module.close()
    main(["--db", db.database, "verify"])  # (its other checks need an office set up by init)
    out = capsys.readouterr().out
    assert "[OK   ] Formulir responden: 1.003 formulir; 1.000 di antaranya" in out
    assert "        Catatan: 1.000 formulir dari impor b.csv yang terhenti" in out
    db_module.connect(db.database)

    with pytest.raises(PermissionDenied):
        services.importer.discard(step4, running.run_id, users["camat"])
    assert services.importer.discard(step4, running.run_id, users["staf"]) == 1000
    assert RespondentRow.select().count() == 3 and respondents.counted(step4) == 3
    assert services.importer.unfinished(step4) == []
    assert services.entry.progress(step4).next_nomor == 4  # the reserved numbers are free
    entry = AuditRow.select().order_by(AuditRow.id.desc()).first()
    assert entry.action == "impor_batal" and "dibuang pengguna" in entry.detail
    assert _forms(services.verify.run())[:2] == ([], ())
    with pytest.raises(ValidationError, match="sudah dibuang"):
        services.importer.discard(step4, running.run_id, users["staf"])


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_postgres)])
def office(request, clock) -> tuple[Services, dict[str, UserRecord], int]:
    """Services, users and a period at step 4 on SQLite (file) or PostgreSQL."""
    request.getfixturevalue("db" if request.param == "sqlite" else "pg_db")
    services = Services(clock)
    users = make_users(services)
    period = make_period(services, users["staf"])
    walk_to(services, users, period.id, 4)
    return services, users, period.id


def test_verify_reads_one_snapshot_while_forms_are_saved(office, monkeypatch):
    """A form saved by another user between verify's reading of the audit log and of the forms
    is seen in neither (one read snapshot: not "dibuat di luar aplikasi"), and the save does
    not wait for verify (no write lock held)."""
    services, users, period_id = office
    layout = services.entry.layout(period_id)
    form = respondents.FormData(
        service_type_id=layout.service_id("A"),
        tanggal_survei=dt.date(2026, 9, 14),
        sesi="08.00-12.00",
        batch="B1",
        answers=dict.fromkeys(layout.unsur_keys, 4),
    )
    services.entry.save_form(period_id, form, users["staf"])
    original = respondents.stored_form_hashes

    def with_a_save_first() -> respondents.StoredHashes:
        def save() -> None:
            try:
                services.entry.save_form(period_id, form, users["staf"])
            finally:
                db_module.close()

        other = threading.Thread(target=save)
        other.start()
        other.join(timeout=60)
        assert not other.is_alive(), "the save waited for verify"
        return original()

    monkeypatch.setattr(respondents, "stored_form_hashes", with_a_save_first)
    report = services.verify.run()
    assert _forms(report)[0] == [] and _forms(report)[2] == "1 formulir"
    monkeypatch.undo()
    assert _forms(services.verify.run())[2] == "2 formulir"


def test_an_import_killed_while_being_switched_on_says_how_many_count_and_discards_whole(
    services, users, step4, tmp_path, monkeypatch
):
    monkeypatch.setattr(module, "FLIP_CHUNK", 1000)  # 2,500 forms: switched on in three steps
    services.importer.commit(step4, _first(tmp_path), None, users["staf"])
    finish, flips = respondents.finish_pending, []

    def flip_once(period_id, first, last):
        flips.append(first)
        if len(flips) == 2:
            raise Killed
        return finish(period_id, first, last)

    with monkeypatch.context() as patch:
        patch.setattr(respondents, "finish_pending", flip_once)
        patch.setattr(module.ImportService, "_undo", lambda *args: 0)
        with pytest.raises(Killed):
            services.importer.commit(step4, _csv(tmp_path, "b.csv", 2500), None, users["staf"])
    assert respondents.counted(step4) == 1003
    services.importer.clock = lambda: START + dt.timedelta(seconds=module.STALE_SECONDS + 1)
    [item] = services.importer.unfinished(step4)
    assert item.counted == 1000 and item.abandoned
    assert "2.500 dari 2.500 formulir tersimpan sementara (nomor 4-2503), 1.000 di antaranya " in (
        item.text
    )
    assert services.importer.discard(step4, item.run_id, users["staf"]) == 2500
    assert respondents.counted(step4) == 3 and services.importer.unfinished(step4) == []
    assert _forms(services.verify.run())[:2] == ([], ())
