"""Tests the SOP workflow through the services: the whole period 1 -> 10, gates, tasks, lateness."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ikm_tui.domain import sop
from ikm_tui.errors import PermissionDenied, WorkflowError
from ikm_tui.persistence.models import StepRecordRow
from ikm_tui.persistence.records import PeriodRecord, UserRecord
from ikm_tui.services.registry import Services
from tests.services.conftest import (
    PASSWORD,
    START,
    MovingClock,
    add_respondents,
    approve_questionnaire,
    complete_ptpp,
    make_period,
    make_users,
    sign_through,
    walk_to,
    write_file,
)


def current(services: Services, period_id: int) -> int:
    return services.periods.get(period_id).current_step


def test_whole_period_from_step_1_to_10(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord, tmp_path: Path
) -> None:
    staf, camat = users["staf"], users["camat"]
    assert current(services, period.id) == 1
    approve_questionnaire(services, users, period.id)
    assert current(services, period.id) == 4
    assert services.signoff.latest(period.id, sop.KUESIONER).frozen  # type: ignore[union-attr]
    add_respondents(period.id, 2)
    closed = services.workflow.close_collection(period.id, staf)
    assert closed.collection_closed_at == START and closed.current_step == 5
    laporan = services.signoff.create(period.id, sop.LAPORAN, "Laporan SKM", {"ikm": 1}, staf)
    sign_through(services, users, laporan.id)
    assert current(services, period.id) == 6
    services.meeting.record(
        period.id,
        staf,
        acara="Pembahasan hasil SKM",
        tanggal=dt.date(2026, 9, 16),
        attendee_user_ids=[camat.id],
        guests=[("Kepala Desa Banyukuning", "Kepala Desa")],
    )
    services.workflow.advance(period.id, 6, camat)
    assert current(services, period.id) == 8
    ptpp = services.ptpp.create(period.id, staf, complete_ptpp())  # type: ignore[arg-type]
    assert ptpp.nomor == "001/PTPP/2026" and ptpp.document is not None
    sign_through(services, users, ptpp.document.id)  # the Camat's approval finishes step 8
    assert current(services, period.id) == 9
    notulen = services.signoff.create(period.id, sop.NOTULEN, "Notulen rapat", {"isi": "x"}, staf)
    sign_through(services, users, notulen.id)
    assert current(services, period.id) == 10
    drafts = [d.edited(lokasi_simpan="Lemari 2") for d in services.archive.plan(period.id)]
    assert {d.jenis for d in drafts} == {sop.LAPORAN, sop.PTPP, sop.NOTULEN, "daftar_hadir"}
    services.archive.archive_period(period.id, drafts, staf, finish=False)
    services.workflow.advance(period.id, 10, staf)
    assert current(services, period.id) == sop.DONE
    steps = services.workflow.steps(period.id)
    assert [s.number for s in steps] == list(sop.STEP_NUMBERS)
    assert all(s.finished_at == START and s.finished_by_name for s in steps)
    assert not any(s.is_current for s in steps)
    assert services.workflow.my_tasks(staf) == []


def test_steps_report_who_and_deadlines(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    services.signoff.submit(
        services.signoff.latest(period.id, sop.KUESIONER).id,  # type: ignore[union-attr]
        users["staf"],
        PASSWORD,
    )
    first, second = services.workflow.steps(period.id)[:2]
    assert (first.started_by_name, first.finished_by_name) == ("Sari Wulandari, S.AP",) * 2
    assert first.deadline == dt.datetime(2026, 9, 16, 9, 30)  # 1 hari kerja
    assert second.is_current and not first.is_current
    assert second.role_text == "Sekretaris Camat" and second.standard_text == "1 hari"
    assert services.workflow.steps(period.id)[5].role_text == "Camat, Sekretaris Camat atau Staf"


def test_late_step_is_flagged(moving: MovingClock, moving_services: Services) -> None:
    users = make_users(moving_services)
    period = make_period(moving_services, users["staf"])
    document = moving_services.signoff.latest(period.id, sop.KUESIONER)
    assert document is not None
    moving_services.signoff.submit(document.id, users["staf"], PASSWORD)
    moving_services.signoff.approve(document.id, users["sekcam"], PASSWORD)
    moving.advance(minutes=31)  # step 3's standard is 30 menit
    step3 = moving_services.workflow.steps(period.id)[2]
    assert step3.is_current and step3.late
    assert moving_services.workflow.my_tasks(users["camat"])[0].late
    moving_services.signoff.approve(document.id, users["camat"], PASSWORD)
    statuses = moving_services.workflow.steps(period.id)
    assert statuses[2].late and statuses[2].finished_at is not None  # finished after deadline
    assert not statuses[1].late and not statuses[3].late


def test_require_step_names_what_is_missing(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    with pytest.raises(
        WorkflowError,
        match="Entri data belum dapat dilakukan: kuesioner belum "
        r"disetujui Camat \(Staf belum mengajukan",
    ):
        services.workflow.require_step(period.id, 4)
    kuesioner = services.signoff.latest(period.id, sop.KUESIONER)
    services.signoff.submit(kuesioner.id, users["staf"], PASSWORD)  # type: ignore[union-attr]
    services.signoff.approve(kuesioner.id, users["sekcam"], PASSWORD)  # type: ignore[union-attr]
    with pytest.raises(WorkflowError) as refused:
        services.workflow.require_step(period.id, 4)
    assert refused.value.message == (
        "Entri data belum dapat dilakukan: kuesioner belum disetujui Camat."
    )
    services.signoff.approve(kuesioner.id, users["camat"], PASSWORD)  # type: ignore[union-attr]
    services.workflow.require_step(period.id, 4)
    with pytest.raises(WorkflowError, match="langkah 1 sudah selesai"):
        services.workflow.require_step(period.id, 1)
    with pytest.raises(WorkflowError, match="pengumpulan data belum ditutup oleh Staf"):
        services.workflow.require_step(period.id, 5)


def test_can_hides_wrong_role_and_dims_wrong_moment(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    workflow = services.workflow
    staf, sekcam, camat, admin = (users[r] for r in ("staf", "sekcam", "camat", "admin"))
    assert workflow.can(staf, "susun_konsep", period.id) is True
    assert workflow.can(sekcam, "susun_konsep", period.id) is False
    assert workflow.can(sekcam, "periksa_konsep", period.id) is None
    assert workflow.can(staf, "entri", period.id) is None
    assert workflow.can(camat, "entri", period.id) is False
    assert workflow.can(admin, "kelola_pengguna") is True
    assert workflow.can(staf, "kelola_pengguna") is False
    assert workflow.can(admin, "buat_periode") is False
    assert workflow.why_not(camat, "entri", period.id) == (
        "Hanya Staf yang dapat mengentri data kuesioner."
    )
    assert "Staf belum mengajukan kuesioner" in workflow.why_not(
        sekcam, "periksa_konsep", period.id
    )
    approve_questionnaire(services, users, period.id)
    assert workflow.can(staf, "entri", period.id) is True
    assert workflow.can(staf, "tutup_pengumpulan", period.id) is None
    assert "belum ada responden" in workflow.why_not(staf, "tutup_pengumpulan", period.id)
    add_respondents(period.id, 1)
    assert workflow.can(staf, "tutup_pengumpulan", period.id) is True
    assert workflow.why_not(staf, "tutup_pengumpulan", period.id) == ""


def test_my_tasks_follow_the_document(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    tasks = services.workflow.my_tasks
    kuesioner = services.signoff.latest(period.id, sop.KUESIONER)
    assert kuesioner is not None
    assert [t.text for t in tasks(users["staf"])] == [
        "Lengkapi dan ajukan kuesioner periode SKM Semester II 2026"
    ]
    assert tasks(users["sekcam"]) == [] and tasks(users["admin"]) == []
    services.signoff.submit(kuesioner.id, users["staf"], PASSWORD)
    (task,) = tasks(users["sekcam"])
    assert (task.text, task.document_id, task.step_no) == (
        "Periksa kuesioner periode SKM Semester II 2026",
        kuesioner.id,
        2,
    )
    services.signoff.return_document(kuesioner.id, users["sekcam"], PASSWORD, "Tambah layanan KK")
    assert tasks(users["sekcam"]) == []
    (task,) = tasks(users["staf"])
    assert (
        task.text.startswith("Perbaiki kuesioner yang dikembalikan")
        and "Tambah layanan KK" in task.text
    )
    assert current(services, period.id) == 1


def test_close_collection_refusals(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    with pytest.raises(WorkflowError, match="kuesioner belum disetujui Camat"):
        services.workflow.close_collection(period.id, users["staf"])
    approve_questionnaire(services, users, period.id)
    with pytest.raises(PermissionDenied):
        services.workflow.close_collection(period.id, users["camat"])
    with pytest.raises(WorkflowError, match="belum ada responden"):
        services.workflow.close_collection(period.id, users["staf"])
    assert current(services, period.id) == 4


def test_laporan_only_after_collection_closed(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    walk_to(services, users, period.id, 4)
    with pytest.raises(
        WorkflowError,
        match="Pembuatan laporan IKM belum dapat dilakukan: "
        "pengumpulan data belum ditutup oleh Staf.",
    ):
        services.signoff.create(period.id, sop.LAPORAN, "Laporan", {}, users["staf"])
    with pytest.raises(WorkflowError, match="Pembuatan notulen rapat belum dapat dilakukan"):
        services.signoff.create(period.id, sop.NOTULEN, "Notulen", {}, users["staf"])


def test_advance_refusals(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord, tmp_path: Path
) -> None:
    walk_to(services, users, period.id, 6)
    with pytest.raises(WorkflowError, match="rapat pembahasan hasil belum dicatat"):
        services.workflow.advance(period.id, 6, users["camat"])
    with pytest.raises(WorkflowError, match="selesai dengan sendirinya"):
        services.workflow.advance(period.id, 5, users["staf"])
    with pytest.raises(PermissionDenied):
        services.workflow.advance(period.id, 6, users["admin"])
    with pytest.raises(WorkflowError, match="Pengarsipan notulen dan laporan IKM belum dapat"):
        services.workflow.advance(period.id, 10, users["staf"])
    services.meeting.record(period.id, users["staf"], acara="Rapat", tanggal=dt.date(2026, 9, 16))
    services.workflow.advance(period.id, 6, users["sekcam"])
    with pytest.raises(WorkflowError, match="belum ada PTPP"):
        services.workflow.advance(period.id, 8, users["camat"])
    ptpp = services.ptpp.create(period.id, users["staf"], complete_ptpp())  # type: ignore[arg-type]
    with pytest.raises(WorkflowError, match="PTPP belum disetujui Camat: PTPP 001/PTPP/2026"):
        services.workflow.advance(period.id, 8, users["camat"], reason="tidak perlu")
    assert ptpp.document is not None
    sign_through(services, users, ptpp.document.id)
    assert current(services, period.id) == 9
    with pytest.raises(WorkflowError, match="langkah 8 sudah selesai"):
        services.workflow.advance(period.id, 8, users["camat"], reason="x")
    notulen = services.signoff.create(period.id, sop.NOTULEN, "Notulen", {"a": 1}, users["staf"])
    sign_through(services, users, notulen.id)
    laporan = services.signoff.latest(period.id, sop.LAPORAN)
    assert laporan is not None
    services.archive.archive_document(
        laporan.id, write_file(tmp_path, "l.pdf", b"L"), users["staf"], lokasi_simpan="Lemari 1"
    )
    with pytest.raises(WorkflowError, match="Notulen yang disetujui belum diarsipkan"):
        services.workflow.advance(period.id, 10, users["staf"])


def test_zero_ptpp_needs_a_recorded_reason(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    walk_to(services, users, period.id, 9)  # advances step 8 with a reason
    from ikm_tui.persistence.models import AuditRow

    reasons = [row.detail for row in AuditRow.select().where(AuditRow.action == "ptpp_tidak_ada")]
    assert reasons == ['{"alasan":"Semua unsur bermutu A.","langkah":8}']


def test_the_last_ptpp_approval_finishes_step_8(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    """Step 8 finishes by the SOP definition (BY_ALL_SIGNED): the Camat's approval that leaves
    every PTPP of the period approved, not an earlier one and not a by-hand action."""
    walk_to(services, users, period.id, 8)
    first = services.ptpp.create(period.id, users["staf"], complete_ptpp())  # type: ignore[arg-type]
    second = services.ptpp.create(
        period.id, users["staf"], complete_ptpp(uraian="Loket tanpa papan informasi")
    )  # type: ignore[arg-type]
    assert first.document is not None and second.document is not None
    sign_through(services, users, first.document.id)
    assert current(services, period.id) == 8
    assert "PTPP 002/PTPP/2026" in services.workflow.gate_problem(period.id, 8)
    services.signoff.submit(second.document.id, users["staf"], PASSWORD)
    services.signoff.approve(second.document.id, users["sekcam"], PASSWORD)
    assert current(services, period.id) == 8  # the Sekretaris Camat's signature is not it
    services.signoff.approve(second.document.id, users["camat"], PASSWORD)
    assert current(services, period.id) == 9
    step8 = next(s for s in services.workflow.steps(period.id) if s.number == 8)
    assert step8.finished_by_name == users["camat"].full_name
    assert services.workflow.my_tasks(users["camat"]) == []  # step 9: the Staf's notulen


def test_an_accepted_finding_without_ptpp_holds_step_8_until_a_reason(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    """The meeting accepted two findings: approving the one PTPP raised does not end the step
    (a second PTPP may still come); the Camat alone ends it with a reason, audited."""
    from ikm_tui.persistence.models import AuditRow
    from ikm_tui.services.meeting import FindingInput

    walk_to(services, users, period.id, 6)
    meeting = services.meeting.record(
        period.id,
        users["staf"],
        acara="Rapat",
        tanggal=dt.date(2026, 9, 16),
        findings=(
            FindingInput("lain", "", "Antrean KTP panjang"),
            FindingInput("lain", "", "Papan informasi kurang jelas"),
            FindingInput("verifikasi", "9", "Verifikasi PTPP lama"),  # answered by verifying
        ),
    )
    services.workflow.advance(period.id, 6, users["camat"])
    first = meeting.findings[0]
    ptpp = services.ptpp.create(period.id, users["staf"], complete_ptpp(finding_id=first.id))  # type: ignore[arg-type]
    assert ptpp.document is not None
    sign_through(services, users, ptpp.document.id)
    assert current(services, period.id) == 8
    problem = services.workflow.gate_problem(period.id, 8)
    assert problem.startswith("1 temuan yang diterima rapat belum ber-PTPP (Papan informasi")
    assert services.workflow.can(users["camat"], "ptpp_selesai", period.id) is True
    assert services.workflow.can(users["sekcam"], "ptpp_selesai", period.id) is False
    with pytest.raises(PermissionDenied, match="Hanya Camat yang dapat menyelesaikan langkah 8"):
        services.workflow.advance(period.id, 8, users["sekcam"], reason="cukup koreksi")
    with pytest.raises(WorkflowError, match="belum ber-PTPP"):
        services.workflow.advance(period.id, 8, users["camat"])
    services.workflow.advance(period.id, 8, users["camat"], reason="Papan diganti langsung")
    assert current(services, period.id) == 9
    detail = AuditRow.select().where(AuditRow.action == "ptpp_tidak_ada").get().detail
    assert detail == '{"alasan":"Papan diganti langsung","langkah":8}'


def test_a_pending_ptpp_is_not_finished_by_hand(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    walk_to(services, users, period.id, 8)
    assert services.workflow.can(users["camat"], "ptpp_selesai", period.id) is True
    services.ptpp.create(period.id, users["staf"], complete_ptpp())  # type: ignore[arg-type]
    assert services.workflow.can(users["camat"], "ptpp_selesai", period.id) is None
    with pytest.raises(WorkflowError, match="PTPP belum disetujui Camat: PTPP 001/PTPP/2026"):
        services.workflow.advance(period.id, 8, users["camat"], reason="tidak perlu")


def test_returned_questionnaire_reopens_step_1(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    kuesioner = services.signoff.latest(period.id, sop.KUESIONER)
    assert kuesioner is not None
    services.signoff.submit(kuesioner.id, users["staf"], PASSWORD)
    services.signoff.approve(kuesioner.id, users["sekcam"], PASSWORD)
    assert current(services, period.id) == 3
    services.signoff.return_document(kuesioner.id, users["camat"], PASSWORD, "Urutan unsur")
    assert current(services, period.id) == 1
    numbers = [r.step_no for r in StepRecordRow.select().where(StepRecordRow.period == period.id)]
    assert numbers == [1]
    step1 = services.workflow.steps(period.id)[0]
    assert step1.is_current and step1.finished_at is None


def test_meeting_needs_step_6_and_a_meeting_role(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    meeting_day = dt.date(2026, 9, 16)
    with pytest.raises(WorkflowError, match="Pembahasan hasil pengukuran belum dapat dilakukan"):
        services.meeting.record(period.id, users["staf"], acara="Rapat", tanggal=meeting_day)
    walk_to(services, users, period.id, 6)
    with pytest.raises(PermissionDenied):
        services.meeting.record(period.id, users["admin"], acara="Rapat", tanggal=meeting_day)
    meeting = services.meeting.record(
        period.id,
        users["sekcam"],
        acara="Pembahasan hasil SKM",
        tanggal=meeting_day,
        attendee_user_ids=[users["camat"].id, users["staf"].id],
        guests=[("Tamu", "Warga")],
    )
    assert meeting.attendees == ("Agus Prasetyo, S.STP, M.Si", "Sari Wulandari, S.AP", "Tamu")
    assert services.meeting.list(period.id) == [meeting]


def test_archive_keeps_the_file_hash(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord, tmp_path: Path
) -> None:
    walk_to(services, users, period.id, 9)
    notulen = services.signoff.create(period.id, sop.NOTULEN, "Notulen", {"a": 1}, users["staf"])
    path = write_file(tmp_path, "notulen.pdf", b"%PDF notulen")
    with pytest.raises(WorkflowError, match="belum disetujui Camat"):
        services.archive.archive_document(notulen.id, path, users["staf"])
    sign_through(services, users, notulen.id)
    with pytest.raises(PermissionDenied):
        services.archive.archive_document(notulen.id, path, users["camat"])
    item = services.archive.archive_document(
        notulen.id, path, users["staf"], lokasi_simpan="Lemari arsip 2, rak 1"
    )
    assert (item.nomor_berkas, item.file_name, item.file_size) == ("2026/001", "notulen.pdf", 12)
    assert item.uraian == (
        "Notulen rapat pembahasan hasil survei kepuasan masyarakat SKM Semester II 2026"
    )
    assert services.archive.file_matches(item.id, path)
    path.write_bytes(b"%PDF diubah")
    assert not services.archive.file_matches(item.id, path)
