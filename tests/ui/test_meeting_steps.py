"""Pilot walk of steps 6, 8 and 9 by the screens, from a period whose laporan is approved: the
Staf records the meeting (a bad time refused in Bahasa Indonesia first), starts a PTPP from the
weakest unsur, Staf / Sekretaris Camat / Camat sign it and the Camat's approval of that last
PTPP finishes step 8 (no key to press), the notulen is drafted from the meeting and signed by all
three (the Camat's signature finishes step 9), exports are written by a worker; then the closed
loop: the next period's data beside the PTPP, verified not effective, and the follow-up PTPP
appears. A meeting that needs no PTPP: the Camat finishes step 8 with a reason. At 80x24."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable, Input, Select, Static, TextArea

from ikm_tui.domain import sop
from ikm_tui.ui.dialogs.fields import FieldsDialog
from ikm_tui.ui.dialogs.ptpp_form import FindingPickDialog, PtppFormScreen, VerifyDialog
from ikm_tui.ui.dialogs.signoff import SignOffDialog
from ikm_tui.ui.screens.meeting import MeetingScreen
from ikm_tui.ui.screens.minutes import MinutesScreen
from ikm_tui.ui.screens.period import PeriodScreen
from ikm_tui.ui.screens.ptpp import PtppScreen
from ikm_tui.ui.widgets.marks import MarkedSelectionList
from tests.services.ptpp_helpers import NEXT, WEAK, answer_forms
from tests.ui.conftest import PASSWORD, log_in, settle

SIZE = (80, 24)


def at_meeting(office) -> int:
    """The office's period with answered forms, collection closed, laporan approved."""
    services, users = office.services, office.users
    period_id = office.period.id
    kuesioner = services.signoff.latest(period_id, sop.KUESIONER)
    for name, action in (("sari", "submit"), ("budi", "approve"), ("camat", "approve")):
        getattr(services.signoff, action)(kuesioner.id, users[name], PASSWORD)
    answer_forms(period_id, WEAK)
    services.workflow.close_collection(period_id, users["sari"])
    laporan = services.signoff.create(
        period_id, sop.LAPORAN, "Laporan SKM Semester II 2026", {"ikm": "x"}, users["sari"]
    )
    for name, action in (("sari", "submit"), ("budi", "approve"), ("camat", "approve")):
        getattr(services.signoff, action)(laporan.id, users[name], PASSWORD)
    assert services.periods.get(period_id).current_step == sop.action_step("rapat")
    return period_id


async def open_current_step(pilot, app, period_id: int) -> None:
    """From the period screen: Enter on the current step (the cursor starts there)."""
    app.open_period(period_id)
    await settle(pilot)
    assert isinstance(app.screen, PeriodScreen)
    await pilot.press("enter")
    await settle(pilot)


async def sign(pilot, app) -> None:
    assert isinstance(app.screen, SignOffDialog), app.screen
    await pilot.press(*PASSWORD, "ctrl+s")
    await settle(pilot)


async def type_into(pilot, widget, text: str) -> None:
    widget.focus()
    await pilot.pause()
    await pilot.press(*text)


async def record_meeting(office, period_id: int) -> None:
    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "sari")
        await open_current_step(pilot, app, period_id)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        mulai = screen.query_one("#field-mulai", Input)
        mulai.value = ""
        await type_into(pilot, mulai, "25.99")
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = str(screen.query_one("#error", Static).render())
        assert "Waktu mulai harus berbentuk jam.menit" in error
        mulai.value = "09.00"
        await type_into(pilot, screen.query_one("#field-tempat", Input), "Aula Kecamatan")
        users = office.users
        for key, name in (("ketua", "camat"), ("sekretaris", "budi"), ("pencatat", "sari")):
            screen.query_one(f"#officer-{key}", Select).value = users[name].id
        attendees = screen.query_one("#attendees", MarkedSelectionList)
        attendees.focus()
        attendees.highlighted = 0
        await pilot.press("space", "down", "space")  # the first two users attend
        guests = screen.query_one("#guests", TextArea)
        guests.focus()
        await pilot.press(*"Kepala Desa Jetis | Kepala Desa | 197001011990031001")
        findings = screen.query_one("#findings", MarkedSelectionList)
        assert findings.option_count == 2 and len(findings.selected) == 2  # waktu and sarana
        findings.focus()
        findings.highlighted = 0
        await pilot.press("down", "space")  # drop sarana
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert str(screen.query_one("#error", Static).render()) == ""
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(app.screen, PeriodScreen)
    meeting = office.services.meeting.latest(period_id)
    assert meeting is not None and meeting.tempat == "Aula Kecamatan"
    assert [(f.ref, f.accepted) for f in meeting.findings] == [("waktu", True), ("sarana", False)]
    assert "Kepala Desa Jetis" in [p.nama for p in meeting.people]
    assert meeting.ketua is not None and meeting.ketua.user_id == office.users["camat"].id


async def create_ptpp(office, period_id: int) -> None:
    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "sari")
        await open_current_step(pilot, app, period_id)
        assert isinstance(app.screen, PtppScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FindingPickDialog)
        await pilot.press("enter")  # the accepted waktu finding
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PtppFormScreen)
        assert "U3 Waktu Penyelesaian" in form.query_one("#text-uraian", TextArea).text
        await pilot.press("ctrl+s")  # incomplete parts 2 are saved as draft
        await settle(pilot)
        assert isinstance(app.screen, PtppScreen)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press(*PASSWORD, "ctrl+s")  # submitting an incomplete PTPP is refused
        await settle(pilot)
        assert office.services.ptpp.by_nomor("001/PTPP/2026").document.state == sop.DRAF
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PtppFormScreen)
        for key, text in (
            ("analisis_penyebab", "Satu loket"),
            ("koreksi", "Loket kedua"),
            ("tindakan_perbaikan", "Nomor antrean"),
            ("tindakan_pencegahan", "Piket loket"),
        ):
            await type_into(pilot, form.query_one(f"#text-{key}", TextArea), text)
        target = form.query_one("#field-target_selesai", Input)
        await type_into(pilot, target, "31-02-2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Target selesai harus berbentuk hh-bb-tttt" in str(
            form.query_one("#form-error", Static).render()
        )
        target.value = "30-10-2026"
        form.query_one("#pic-user", Select).value = office.users["budi"].id
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PtppScreen)
        await pilot.press("e")  # reopened, the form shows the PIC user it was saved with
        await settle(pilot)
        assert app.screen.query_one("#pic-user", Select).value == office.users["budi"].id
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PtppScreen)
        await pilot.press("d")
        await settle(pilot)
        await sign(pilot, app)
    ptpp = office.services.ptpp.by_nomor("001/PTPP/2026")
    assert ptpp.document is not None and ptpp.document.state == sop.DIAJUKAN
    assert ptpp.pic == "Sekretaris Camat" and ptpp.pic_user_id == office.users["budi"].id


async def sign_ptpp_as(office, period_id: int, username: str) -> None:
    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, username)
        await open_current_step(pilot, app, period_id)
        screen = app.screen
        assert isinstance(screen, PtppScreen)
        assert screen.check_action("finish", ()) is (None if username == "camat" else False)
        await pilot.press("d")
        await settle(pilot)
        await sign(pilot, app)
        assert isinstance(app.screen, PtppScreen)


async def minutes_as(office, period_id: int, username: str, tmp_path: Path | None = None) -> None:
    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, username)
        await open_current_step(pilot, app, period_id)
        screen = app.screen
        assert isinstance(screen, MinutesScreen)
        if username == "sari":
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert "001/PTPP/2026" in str(screen.query_one("#header", Static).render())
        await pilot.press("ctrl+t")
        await settle(pilot)
        await sign(pilot, app)
        if tmp_path is not None:
            await pilot.press("ctrl+h")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, FieldsDialog)
            dialog.query_one("#field-0", Input).value = str(tmp_path / "hadir.docx")
            await pilot.press("ctrl+s")
            await settle(pilot)
            status = str(screen.query_one("#export-status", Static).render())
            assert f"Tersimpan: {tmp_path / 'hadir.docx'}" in status
            assert (tmp_path / "hadir.docx").is_file()


async def verify_not_effective(office, period_id: int) -> None:
    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "camat")
        app.open_period(period_id)  # step 8 is finished: F still opens it to verify
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PtppScreen)
        detail = str(screen.query_one("#detail", Static).render())
        assert "Pembanding: Sebelum: NRR 2,500" in detail and "SKM Semester I 2027" in detail
        await pilot.press("v")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, VerifyDialog)
        hasil = dialog.query_one("#hasil", Input)
        assert hasil.value == "e"  # waktu rose to mutu B: the suggestion
        hasil.value = "t"
        await type_into(pilot, dialog.query_one("#catatan", Input), "Antrean masih panjang")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PtppScreen)
        await pilot.press("f")  # filter: terbuka: only the follow-up, reachable from here
        await settle(pilot)
        assert [p.nomor for p in screen.data.items] == ["002/PTPP/2026"]  # type: ignore[union-attr]
        assert "lanjutan dari 001/PTPP/2026" in str(screen.query_one("#detail", Static).render())


async def test_steps_6_8_9_and_the_closed_loop_by_the_screens(office, tmp_path):
    services, users = office.services, office.users
    period_id = at_meeting(office)
    await record_meeting(office, period_id)
    assert services.periods.get(period_id).current_step == sop.action_step("ptpp")
    await create_ptpp(office, period_id)
    await sign_ptpp_as(office, period_id, "budi")
    assert services.periods.get(period_id).current_step == sop.action_step("ptpp")
    await sign_ptpp_as(office, period_id, "camat")  # the last PTPP approved: step 8 done
    assert services.ptpp.by_nomor("001/PTPP/2026").approved
    assert services.periods.get(period_id).current_step == sop.action_step("notulen")
    step8 = next(
        s for s in services.workflow.steps(period_id) if s.number == sop.action_step("ptpp")
    )
    assert step8.finished_by_name == users["camat"].full_name
    await minutes_as(office, period_id, "sari")
    await minutes_as(office, period_id, "budi")
    await minutes_as(office, period_id, "camat", tmp_path)
    notulen = services.minutes.current(period_id)
    assert notulen is not None and notulen.is_final
    assert notulen.content["tindak_lanjut"][0]["ptpp"] == "001/PTPP/2026"  # type: ignore[index]
    assert services.periods.get(period_id).current_step == sop.next_step(sop.action_step("notulen"))
    following = services.periods.create(
        "SKM Semester I 2027", users["sari"], start_date=dt.date(2027, 1, 4)
    )
    answer_forms(following.id, NEXT)
    await verify_not_effective(office, period_id)
    verified = services.ptpp.by_nomor("001/PTPP/2026")
    assert verified.verifikasi_hasil == "tidak efektif" and verified.lanjutan_nomor
    follow = services.ptpp.by_nomor(verified.lanjutan_nomor)
    assert follow.asal_nomor == "001/PTPP/2026" and follow.period_id == following.id


async def test_a_meeting_without_ptpp_is_finished_by_the_camat_with_a_reason(office):
    """No finding kept: the Staf has nothing to raise and no key to finish; the Camat's Ctrl+F
    asks for the reason (an empty one refused in Bahasa Indonesia), audited; step 9 starts."""
    from ikm_tui.persistence.models import AuditRow
    from ikm_tui.ui.dialogs.correction import ReasonDialog

    services, users = office.services, office.users
    period_id = at_meeting(office)
    services.meeting.record(period_id, users["sari"], acara="Rapat", tanggal=dt.date(2026, 9, 15))
    services.workflow.advance(period_id, sop.action_step("rapat"), users["camat"])
    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "sari")
        await open_current_step(pilot, app, period_id)
        assert isinstance(app.screen, PtppScreen)
        assert app.screen.check_action("finish", ()) is False  # the Camat's decision
    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "camat")
        await open_current_step(pilot, app, period_id)
        screen = app.screen
        assert isinstance(screen, PtppScreen)
        assert "belum ada PTPP" in str(screen.query_one("#status", Static).render())
        await pilot.press("ctrl+f")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReasonDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert "Alasan wajib diisi" in str(dialog.query_one("#error", Static).render())
        await type_into(pilot, dialog.query_one("#reason", Input), "Semua unsur bermutu B")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PeriodScreen)
    assert services.periods.get(period_id).current_step == sop.action_step("notulen")
    detail = AuditRow.select().where(AuditRow.action == "ptpp_tidak_ada").get().detail
    assert '"alasan":"Semua unsur bermutu B"' in detail


async def test_an_overdue_ptpp_shows_on_the_dashboard_and_opens_from_the_pics_tasks(office):
    """Past its target and not verified: a dashboard line for everyone, a late task for its PIC
    that opens the PTPP screen."""
    from dataclasses import replace

    from ikm_tui.persistence import ptpp as store
    from ikm_tui.ui.screens.dashboard import DashboardScreen
    from ikm_tui.ui.widgets.tables import TaskTable
    from tests.services.conftest import complete_ptpp

    services, users = office.services, office.users
    period_id = at_meeting(office)
    services.meeting.record(period_id, users["sari"], acara="Rapat", tanggal=dt.date(2026, 9, 15))
    services.workflow.advance(period_id, sop.action_step("rapat"), users["camat"])
    draft = replace(complete_ptpp(), pic_user_id=users["budi"].id)  # type: ignore[type-var]
    created = services.ptpp.create(period_id, users["sari"], draft)
    store.update(created.id, target_selesai=dt.date(2026, 9, 1))  # the target has passed
    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "budi")
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        warning = str(dashboard.query_one("#overdue-complaints", Static).render())
        assert "1 PTPP melewati target selesai (001/PTPP/2026)" in warning
        tasks = dashboard.query_one(TaskTable)
        texts = [task.text for task in dashboard.data.tasks]  # type: ignore[union-attr]
        row = next(i for i, t in enumerate(texts) if "PTPP 001/PTPP/2026" in t)
        assert "target 1 September 2026" in texts[row]
        tasks.focus()
        tasks.move_cursor(row=row)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PtppScreen)
        cells = app.screen.query_one("#ptpps", DataTable).get_row_at(0)
        assert [str(cell) for cell in cells][-1] == "Terlambat"


async def test_a_ptpp_raised_from_the_complaint_screen_is_linked_to_the_complaint(office):
    """Register opened from a period at step 8 (O): T on a complaint opens the PTPP form filled
    from it; saving it numbers the PTPP and the complaint shows "PTPP No. ..." at once. From
    the dashboard's register (no period) T says where to go instead."""
    from ikm_tui.domain.complaints import ComplaintInput
    from ikm_tui.ui.screens.complaints import ComplaintsScreen

    services, users = office.services, office.users
    period_id = at_meeting(office)
    complaint = services.complaints.record(
        ComplaintInput(
            received_at=dt.datetime(2026, 9, 14, 10),
            saluran="Datang langsung",
            uraian="Antrean KTP lama",
            unsur_key="waktu",
        ),
        users["sari"],
    )
    services.meeting.record(period_id, users["sari"], acara="Rapat", tanggal=dt.date(2026, 9, 15))
    services.workflow.advance(period_id, sop.action_step("rapat"), users["camat"])
    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "sari")
        await pilot.press("k")  # the dashboard's register: every complaint, no period
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComplaintsScreen)
        assert screen.check_action("raise_ptpp", ()) is None
        await pilot.press("escape")
        await settle(pilot)
        app.open_period(period_id)
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComplaintsScreen)
        await pilot.press("t")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PtppFormScreen)
        assert (
            "Keluhan KLH/2026/001: Antrean KTP lama"
            in form.query_one("#text-uraian", TextArea).text
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        detail = str(screen.query_one("#complaint-detail", Static).render())
        assert "PTPP No. 001/PTPP/2026" in detail
    ptpp = services.ptpp.by_nomor("001/PTPP/2026")
    assert ptpp.complaint_id == complaint.id and ptpp.sumber == "keluhan"
    assert ptpp.document is not None and ptpp.document.content["keluhan"] == "KLH/2026/001"
    assert services.complaints.get(complaint.id).ptpp_nomor == "001/PTPP/2026"
