"""Pilot tests of the complaint register: a complaint recorded by keyboard, disposed and closed
within its deadline; one received earlier closed past it (marked late); filters and search; the
dashboard's warning; the saran screen of a period."""

from __future__ import annotations

import datetime as dt

from ikm_tui.domain import complaints as rules
from ikm_tui.persistence.models import RespondentRow
from ikm_tui.ui.screens.complaints import ComplaintsScreen, ComplaintTable
from ikm_tui.ui.screens.saran import SaranScreen, SaranTable
from tests.ui.conftest import Office, log_in, settle


def rows(screen: ComplaintsScreen) -> list[dict[str, str]]:
    """The rows as shown, by column label (at 80 columns "Diterima" is left out)."""
    table = screen.query_one(ComplaintTable)
    labels = [str(column.label) for column in table.ordered_columns]
    return [
        dict(zip(labels, map(str, table.get_row_at(i)), strict=True))
        for i in range(table.row_count)
    ]


async def record(pilot, day: str, uraian: str, pelapor: str = "") -> None:  # type: ignore[no-untyped-def]
    """The record dialog typed through: date, time kept, channel 1, name, service, text, U3."""
    await pilot.press("n")
    await settle(pilot)
    await pilot.press(*day, "enter", "enter", "1", "enter", "enter", *pelapor, "enter")
    await pilot.press("enter", "enter", *"01", "enter", *uraian, "enter", "enter", "enter")
    await pilot.press(*"U3", "enter", "enter", "enter")
    await settle(pilot)


async def test_record_dispose_and_close_within_and_past_the_deadline(office: Office) -> None:
    office.services.periods.add_service_type("01", "KTP elektronik", office.users["sari"])
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "sari")
        await pilot.press("k")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComplaintsScreen)
        await record(pilot, "15-09-2026", "Antrean KTP lama", "Ibu Rina")
        first = office.services.complaints.by_nomor("KLH/2026/001")
        assert (first.pelapor_nama, first.saluran, first.unsur_key) == (
            "Ibu Rina",
            "Datang langsung",
            "waktu",
        )
        assert first.service_name == "KTP elektronik" and first.batas_waktu == dt.date(2026, 10, 5)
        await record(pilot, "03-08-2026", "Kipas angin rusak")  # anonymous, weeks ago
        second = rows(screen)[1]
        assert (second["No. keluhan"], second["Pelapor"]) == ("KLH/2026/002", "Anonim")
        assert second["Status"] == "Terlambat"  # due 21-08-2026, still open on 15-09-2026
        received = office.services.complaints.by_nomor("KLH/2026/002").received_at
        assert received.date() == dt.date(2026, 8, 3)
        await pilot.press("up", "d")
        await settle(pilot)
        await pilot.press("1", "enter", *"segera", "enter")
        await settle(pilot)
        disposed = office.services.complaints.get(first.id)
        assert disposed.status == rules.DIPROSES and disposed.disposisi_name
        await pilot.press("c")
        await settle(pilot)
        await pilot.press(*"Loket kedua dibuka", "enter", "enter", *"Ditelepon, puas", "enter")
        await settle(pilot)
        closed = office.services.complaints.get(first.id)
        assert closed.status == rules.SELESAI and closed.konfirmasi == "Ditelepon, puas"
        assert not closed.overdue and rows(screen)[0]["Status"] == "Selesai"
        await pilot.press("down", "c")
        await settle(pilot)
        await pilot.press(*"Kipas diganti", "enter", "enter", *"Diumumkan di papan", "enter")
        await settle(pilot)
        late = office.services.complaints.by_nomor("KLH/2026/002")
        assert late.status == rules.SELESAI and late.overdue
        assert rows(screen)[1]["Status"] == "Terlambat"
        await pilot.press("o")  # only the late ones
        await settle(pilot)
        assert [r["No. keluhan"] for r in rows(screen)] == ["KLH/2026/002"]
        await pilot.press("o", "slash", *"rina", "enter")
        await settle(pilot)
        assert [r["No. keluhan"] for r in rows(screen)] == ["KLH/2026/001"]


async def test_dashboard_warns_of_overdue_complaints(office: Office) -> None:
    services = office.services
    services.complaints.record(
        rules.ComplaintInput(dt.datetime(2026, 8, 3, 9, 0), "Surat", "Berkas hilang"),
        office.users["sari"],
    )
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "budi")
        warning = str(app.screen.query_one("#overdue-complaints").render())
        assert "1 keluhan melewati batas waktu (KLH/2026/001)" in warning


async def test_period_screen_opens_its_complaints_and_saran(office: Office) -> None:
    services, period = office.services, office.period
    services.complaints.record(
        rules.ComplaintInput(dt.datetime(2026, 8, 3, 9, 0), "Surat", "Sebelum periode"),
        office.users["sari"],
    )
    services.complaints.record(
        rules.ComplaintInput(dt.datetime(2026, 9, 14, 9, 0), "Surat", "Dalam periode"),
        office.users["sari"],
    )
    now = dt.datetime(2026, 9, 15, 9, 0)
    for nomor, (saran, source) in enumerate(
        [("Tambah kursi", "kertas"), ("Antrean online", "impor"), ("", "kertas")], start=1
    ):
        RespondentRow.create(
            period=period.id,
            nomor=nomor,
            saran=saran,
            source=source,
            created_at=now,
            updated_at=now,
        )
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "sari")
        await pilot.press("enter", "o")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintsScreen)
        assert [r["Uraian"] for r in rows(app.screen)] == ["Dalam periode"]
        await pilot.press("escape", "j")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SaranScreen)
        table = screen.query_one(SaranTable)
        assert table.row_count == 2
        await pilot.press("s", "s")  # kertas, then impor
        await settle(pilot)
        assert [str(table.get_row_at(i)[-1]) for i in range(table.row_count)] == ["Antrean online"]
        await pilot.press("s", "slash", *"kursi", "enter")
        await settle(pilot)
        assert [str(table.get_row_at(i)[-1]) for i in range(table.row_count)] == ["Tambah kursi"]


async def test_admin_sets_a_shorter_class_in_pengaturan(office: Office) -> None:
    from ikm_tui.ui.screens.settings_complaints import ComplaintClassTable

    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "admin")
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("6", "t")
        await settle(pilot)
        await pilot.press(*"Sederhana", "enter", "2", "enter")
        await settle(pilot)
        table = app.screen.query_one(ComplaintClassTable)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [
            "Sederhana",
            "Umum",
        ]
    quick = office.services.complaints.record(
        rules.ComplaintInput(
            dt.datetime(2026, 9, 15, 9, 0), "Surat", "Legalisasi", kelas="Sederhana"
        ),
        office.users["sari"],
    )
    assert (quick.target_hari, quick.batas_waktu) == (2, dt.date(2026, 9, 17))
