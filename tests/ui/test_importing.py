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
