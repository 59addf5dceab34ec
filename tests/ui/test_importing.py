"""Pilot tests of the import screen: preview and detected mapping, rejected rows listed with
nothing stored, mapping edits re-checked, and a commit with the progress bar completed."""

from __future__ import annotations

from textual.widgets import DataTable, Input, ProgressBar, Select, Static

from ikm_tui.domain import sop
from ikm_tui.persistence.models import RespondentRow
from ikm_tui.ui.screens.importing import IGNORE_VALUE, ImportScreen
from tests.ui.conftest import PASSWORD, log_in, settle

HEADER = "Nama;U1;U2;U3;U4;U5;U6;U7;U8;Kolom9"


def _approve(office) -> int:
    services, users = office.services, office.users
    document = services.signoff.latest(office.period.id, sop.KUESIONER)
    services.signoff.submit(document.id, users["sari"], PASSWORD)
    services.signoff.approve(document.id, users["budi"], PASSWORD)
    services.signoff.approve(document.id, users["camat"], PASSWORD)
    return office.period.id


async def _open(pilot, app, period_id: int, path) -> None:
    await log_in(pilot, "sari")
    app.push_screen(ImportScreen(period_id))
    await settle(pilot)
    app.screen.query_one("#import-path", Input).value = str(path)
    await pilot.press("enter")
    await settle(pilot)


async def test_preview_mapping_edit_and_commit(office, tmp_path):
    period_id = _approve(office)
    rows = "\n".join(f"Ani{i};4;3;Sangat cepat;4;3;4;4;3;{i % 4 + 1}" for i in range(1500))
    path = tmp_path / "jawaban.csv"
    path.write_text(HEADER + "\n" + rows + "\n", encoding="utf-8")
    app = office.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app, period_id, path)
        screen = app.screen
        assert "1.500 baris data" in str(screen.query_one("#import-info", Static).render())
        assert screen.query_one("#import-preview", DataTable).row_count == 10
        assert screen.query_one("#map-1", Select).value == "persyaratan"
        assert screen.query_one("#map-9", Select).value == IGNORE_VALUE
        summary = screen.query_one("#check-summary", Static)
        assert "U9 Penanganan" in str(summary.render())
        await pilot.press("f5")  # refused: an unsur is not mapped
        await settle(pilot)
        assert RespondentRow.select().count() == 0
        screen.query_one("#map-9", Select).value = "pengaduan"
        await settle(pilot)
        assert "Siap diimpor: 1.500 baris baru" in str(summary.render())
        await pilot.press("f5")
        await settle(pilot)
        bar = screen.query_one("#import-progress", ProgressBar)
        assert (bar.progress, bar.total) == (1500, 1500)
        assert "1.500 formulir disimpan (nomor 1-1500) dari jawaban.csv" in str(
            screen.query_one("#import-info", Static).render()
        )
        assert "(1.500 responden tersimpan)" in str(screen.query_one("#import-title").render())
        await pilot.press("f5")  # a second F5 stores nothing more
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert "Semua 1.500 baris berkas ini sudah ada" in str(summary.render())
        # the next download of the same survey: ten more rows at its end
        more = "\n".join(
            f"Ani{i};4;3;Sangat cepat;4;3;4;4;3;{i % 4 + 1}" for i in range(1500, 1510)
        )
        path.write_text(HEADER + "\n" + rows + "\n" + more + "\n", encoding="utf-8")
        screen.query_one("#import-path", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        screen.query_one("#map-9", Select).value = "pengaduan"
        await settle(pilot)
        assert "1.500 baris sudah ada, 10 baris baru" in str(summary.render())
        await pilot.press("f5")
        await settle(pilot)
        assert "1.500 baris sudah ada, 10 baris baru disimpan (nomor 1501-1510)" in str(
            screen.query_one("#import-info", Static).render()
        )
    assert RespondentRow.select().count() == 1510
    assert RespondentRow.get(RespondentRow.nomor == 7).source == "impor"


async def test_rejected_rows_are_listed_and_nothing_is_stored(office, tmp_path):
    period_id = _approve(office)
    path = tmp_path / "jawaban.csv"
    path.write_text(
        "U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,4,4,4,4,4,4,4,4\n4,9,4,4,4,4,4,4,4\n"
        "4,4,4,4,4,4,4,4,Luar biasa\n",
        encoding="utf-8",
    )
    app = office.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app, period_id, path)
        screen = app.screen
        lines = str(screen.query_one("#rejected", Static).render()).split("Baris ")[1:]
        assert len(lines) == 2
        assert lines[0].startswith("3, kolom U2 (B): '9' bukan nilai 1-4")
        assert lines[1].startswith("4, kolom U9 (I): 'Luar biasa' bukan nilai 1-4")
        assert "2 baris ditolak" in str(screen.query_one("#check-summary", Static).render())
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
    assert RespondentRow.select().count() == 0


async def test_period_screen_key_i_opens_the_import_screen(office):
    period_id = _approve(office)
    app = office.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "sari")
        app.open_period(period_id)
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        title = str(app.screen.query_one("#import-title").render())
        assert "SKM Semester II 2026 (0 responden tersimpan)" in title
        assert app.screen.focused is app.screen.query_one("#import-path", Input)


async def test_unreadable_file_is_reported_without_crashing(office, tmp_path):
    period_id = _approve(office)
    app = office.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app, period_id, tmp_path / "tidak-ada.csv")
        assert "tidak ditemukan" in str(app.screen.query_one("#import-info", Static).render())
        assert isinstance(app.screen, ImportScreen)


def _stopped_import(office, period_id: int, tmp_path, monkeypatch, stale: bool = True) -> None:
    """Three forms imported, then an import of 2,500 rows killed after 1,000 (its run stays
    `berjalan`, its forms pending); `stale`: its last chunk was stored ten minutes ago."""
    import datetime as dt

    import pytest

    from ikm_tui.persistence.models import ImportRunRow
    from ikm_tui.services import importer as module

    staf = office.users["sari"]
    first = tmp_path / "awal.csv"
    first.write_text(
        "U1,U2,U3,U4,U5,U6,U7,U8,U9\n" + "\n".join(",".join([str(v)] * 9) for v in (1, 2, 3)),
        encoding="utf-8",
    )
    office.services.importer.commit(period_id, first, None, staf)
    rows = "\n".join(",".join(str((i + j) % 4 + 1) for j in range(9)) for i in range(2500))
    path = tmp_path / "besar.csv"
    path.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n" + rows + "\n", encoding="utf-8")

    class Killed(BaseException):
        """Stands for SIGKILL: the undo is switched off."""

    def die(done: int, total: int) -> None:
        if done >= 1000:
            raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(module.ImportService, "_undo", lambda *args: 0)
        with pytest.raises(Killed):
            office.services.importer.commit(period_id, path, None, staf, die)
    if stale:
        beat = office.services.clock() - dt.timedelta(minutes=10)
        ImportRunRow.update(updated_at=beat).execute()


async def test_f8_discards_a_stopped_import_after_a_confirmation(office, tmp_path, monkeypatch):
    from ikm_tui.persistence import respondents
    from ikm_tui.persistence.models import AuditRow
    from ikm_tui.ui.dialogs.confirm import ConfirmDialog

    period_id = _approve(office)
    _stopped_import(office, period_id, tmp_path, monkeypatch)
    assert RespondentRow.select().count() == 1003
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "sari")
        app.push_screen(ImportScreen(period_id))
        await settle(pilot)
        info = app.screen.query_one("#import-info", Static)
        assert str(info.render()) == (
            "Impor besar.csv terhenti: 1.000 formulir sementara (nomor 4-2503) belum "
            "dihitung. F8 membuangnya."
        )
        await pilot.press("f8")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question.startswith("Buang 1.000 formulir sementara dari berkas besar.csv?")
        assert "(nomor 4-2503)" in dialog.question and "jejak audit" in dialog.question
        await pilot.press("n")  # Batal: nothing removed
        await settle(pilot)
        assert RespondentRow.select().count() == 1003
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        assert "1.000 formulir sementara dari impor besar.csv yang terhenti dibuang." in str(
            info.render()
        )
        assert "(3 responden tersimpan)" in str(app.screen.query_one("#import-title").render())
        await pilot.press("f8")  # nothing left: said so, no dialog
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
    assert RespondentRow.select().count() == 3 and respondents.counted(period_id) == 3
    assert office.services.importer.unfinished(period_id) == []
    entry = AuditRow.select().order_by(AuditRow.id.desc()).first()
    assert entry.action == "impor_batal" and entry.username == "sari"


async def test_f8_leaves_a_running_import_alone(office, tmp_path, monkeypatch):
    period_id = _approve(office)
    _stopped_import(office, period_id, tmp_path, monkeypatch, stale=False)
    app = office.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "sari")
        app.push_screen(ImportScreen(period_id))
        await settle(pilot)
        notified = []
        monkeypatch.setattr(app, "notify", lambda message, **kw: notified.append(message))
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        assert "sedang berjalan" in notified[0]
        assert "Hanya impor yang terhenti yang dapat dibuang." in notified[0]
    assert RespondentRow.select().count() == 1003
