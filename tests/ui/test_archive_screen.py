"""Pilot tests of step 10, Arsip: a completed period is archived through the screen (what gets
archived shown first, fields edited, confirmed); a reader sees the items; retention view."""

from __future__ import annotations

import datetime as dt

from ikm_tui.domain import sop
from ikm_tui.persistence.models import RespondentRow
from ikm_tui.ui.screens.archive import ArchiveScreen, ArchiveTable
from tests.ui.conftest import PASSWORD, Office, log_in, settle

NOW = dt.datetime(2026, 9, 15, 9, 30)


def sign(office: Office, document_id: int) -> None:
    signoff, users = office.services.signoff, office.users
    signoff.submit(document_id, users["sari"], PASSWORD)
    signoff.approve(document_id, users["budi"], PASSWORD)
    signoff.approve(document_id, users["camat"], PASSWORD)


def to_archiving(office: Office) -> int:
    """The office's period brought to its archiving step through the services."""
    services, users, period_id = office.services, office.users, office.period.id
    kuesioner = services.signoff.latest(period_id, sop.KUESIONER)
    assert kuesioner is not None
    sign(office, kuesioner.id)
    for number in (1, 2, 3):
        RespondentRow.create(period=period_id, nomor=number, created_at=NOW, updated_at=NOW)
    services.workflow.close_collection(period_id, users["sari"])
    laporan = services.signoff.create(
        period_id, sop.LAPORAN, "Laporan SKM Semester II 2026", {"ikm": "88,31"}, users["sari"]
    )
    sign(office, laporan.id)
    services.meeting.record(
        period_id,
        users["sari"],
        acara="Pembahasan hasil SKM",
        tanggal=dt.date(2026, 9, 15),
        attendee_user_ids=[users["camat"].id, users["sari"].id],
    )
    services.workflow.advance(period_id, sop.action_step("rapat"), users["camat"])
    services.workflow.advance(
        period_id, sop.action_step("ptpp"), users["camat"], reason="Semua unsur bermutu A."
    )
    notulen = services.signoff.create(
        period_id, sop.NOTULEN, "Notulen rapat pembahasan", {"isi": "x"}, users["sari"]
    )
    sign(office, notulen.id)
    assert services.periods.get(period_id).current_step == sop.action_step("arsip")
    return period_id


def rows(screen: ArchiveScreen) -> list[list[str]]:
    table = screen.query_one(ArchiveTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_archive_a_completed_period_through_the_screen(office: Office, tmp_path) -> None:  # type: ignore[no-untyped-def]
    period_id = to_archiving(office)
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "sari")
        await pilot.press("enter")  # the period
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArchiveScreen)
        shown = rows(screen)
        assert [r[1] for r in shown] == ["Laporan", "Notulen", "Daftar hadir"]
        assert all(r[4] == "BELUM DIISI" for r in shown)
        await pilot.press("a")  # refused: no lokasi yet
        await settle(pilot)
        assert office.services.archive.list(period_id) == []
        await pilot.press("l")
        await settle(pilot)
        await pilot.press(*"Lemari arsip 1", "enter", "2", "enter", "5", "enter")
        await settle(pilot)
        assert rows(screen)[0][4] == "Lemari arsip 1, rak 2, boks 5"
        await pilot.press("down", "e")  # the notulen: another classification, longer retention
        await settle(pilot)
        await pilot.press("enter", *"000.8.3", "enter", "enter", "enter", "enter")
        await pilot.press("5", "ctrl+s")
        await settle(pilot)
        assert rows(screen)[1][3] == "000.8.3"
        await pilot.press("a")
        await settle(pilot)
        question = str(app.screen.query_one(".dialog-body").render())
        assert "Arsipkan 3 berkas?" in question and "tidak dapat diubah lagi" in question
        await pilot.press("y")
        await settle(pilot)
        items = office.services.archive.list(period_id)
        assert [i.nomor_berkas for i in items] == ["2026/001", "2026/002", "2026/003"]
        assert (items[1].kode_klasifikasi, items[1].retensi_aktif) == ("000.8.3", 5)
        assert items[0].lokasi_text == "Lemari arsip 1, rak 2, boks 5"
        assert office.services.periods.get(period_id).current_step == sop.DONE
        assert [r[0] for r in rows(screen)] == ["2026/001", "2026/002", "2026/003"]
        assert "SHA-256" in str(screen.query_one("#archive-detail").render())
        target = tmp_path / "daftar-arsip.docx"
        await pilot.press("x")
        await settle(pilot)
        await pilot.press(*str(target), "enter", "enter")
        await settle(pilot)
        assert target.is_file() and "Tersimpan" in str(screen.query_one("#export-status").render())
        await pilot.press("v")
        await settle(pilot)
        assert "retensi aktif" in str(screen.query_one("#archive-title").render())
        assert rows(screen) == []


async def test_a_reader_sees_the_plan_but_cannot_archive(office: Office) -> None:
    to_archiving(office)
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "camat")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*(["down"] * 8), "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArchiveScreen)
        assert "Belum ada berkas arsip; pengarsipan dilakukan Staf" in str(
            screen.query_one("#archive-detail").render()
        )
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ArchiveScreen)
        assert office.services.archive.list() == []
