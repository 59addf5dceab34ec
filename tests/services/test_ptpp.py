"""Tests steps 6, 8 and 9 through the services: the meeting and its findings, PTPP numbering,
parts 1-3, the Camat's approval, overdue tasks of the PIC, the closed loop against the next
period's NRR with its follow-up PTPP, and the notulen drafted from the meeting."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace

import pytest

from ikm_tui.domain import ptpp as rules
from ikm_tui.domain import sop
from ikm_tui.errors import PermissionDenied, ValidationError, WorkflowError
from ikm_tui.persistence import db as db_module
from ikm_tui.persistence.models import ComplaintRow
from ikm_tui.persistence.records import PersonRecord, PtppRecord, UserRecord
from ikm_tui.services.meeting import MeetingInput
from ikm_tui.services.ptpp import PtppInput
from ikm_tui.services.registry import Services
from tests.services.conftest import PASSWORD, START, MovingClock, make_users, sign_through
from tests.services.ptpp_helpers import NEXT, WEAK, answer_forms, period_at_meeting

MEETING_DAY = dt.date(2026, 9, 16)


def meeting_input(services: Services, users: dict[str, UserRecord], period_id: int) -> MeetingInput:
    return MeetingInput(
        acara="Pembahasan Hasil Pengukuran Kepuasan Pelanggan",
        tanggal=MEETING_DAY,
        waktu_mulai="9.00",
        waktu_selesai="11.30",
        tempat="Ruang Rapat Kecamatan",
        undangan_nomor="000.8.3.4/12/VI.01/2026",
        undangan_tanggal=dt.date(2026, 9, 14),
        ketua_id=users["camat"].id,
        sekretaris_id=users["sekcam"].id,
        pencatat_id=users["staf"].id,
        agenda=("Paparan hasil", "Penetapan PTPP"),
        attendee_user_ids=(users["staf"].id,),
        guests=(PersonRecord("Kepala Desa Jetis", "Kepala Desa", "197001011990031001"),),
        findings=tuple(services.meeting.suggested_findings(period_id)),
    )


def filled(draft: PtppInput, pic: UserRecord, target: dt.date) -> PtppInput:
    return replace(
        draft,
        analisis_penyebab="Satu loket untuk semua layanan",
        koreksi="Loket kedua dibuka",
        tindakan_perbaikan="Nomor antrean dan petugas tambahan",
        tindakan_pencegahan="Jadwal piket loket bulanan",
        pic=pic.jabatan,
        pic_user_id=pic.id,
        target_selesai=target,
    )


@pytest.fixture
def at_ptpp(services: Services, users: dict[str, UserRecord]):
    """Periode I with a weak waktu and sarana, its meeting recorded, standing at step 8."""
    period = period_at_meeting(services, users, "Periode I 2026", dt.date(2026, 1, 5), WEAK)
    meeting = services.meeting.save(
        period.id, users["staf"], meeting_input(services, users, period.id)
    )
    services.workflow.advance(period.id, sop.action_step("rapat"), users["camat"])
    return period, meeting


def create_from(services, users, period_id, finding_id, target=dt.date(2026, 10, 30)) -> PtppRecord:
    draft = services.ptpp.from_finding(period_id, finding_id)
    return services.ptpp.create(period_id, users["staf"], filled(draft, users["sekcam"], target))


def test_meeting_offers_the_weak_unsur_complaints_and_due_ptpps(services, users):
    period = period_at_meeting(services, users, "Periode I 2026", dt.date(2026, 1, 5), WEAK)
    ComplaintRow.create(
        nomor="KLH/2026/001",
        received_at=dt.datetime(2026, 2, 10, 10),
        saluran="Kotak saran",
        uraian="Antrean panjang",
        unsur_key="waktu",
        status="baru",
    )
    ComplaintRow.create(
        nomor="KLH/2026/002",
        received_at=dt.datetime(2026, 3, 1, 10),
        saluran="Langsung",
        uraian="Antrean lagi",
        unsur_key="waktu",
        status="selesai",
    )
    offered = services.meeting.suggested_findings(period.id)
    assert [(f.kind, f.ref) for f in offered] == [
        ("unsur", "waktu"),
        ("unsur", "sarana"),
        ("keluhan", "waktu"),
    ]
    assert "NRR 2,500 (nilai konversi 62,50, mutu D)" in offered[0].uraian
    assert offered[2].uraian == (
        "2 keluhan pelanggan unsur U3 Waktu Penyelesaian (KLH/2026/001, KLH/2026/002, "
        "1 belum selesai)."
    )
    assert offered[2].accepted


def test_meeting_record_holds_the_notula_header_and_validates(services, users, at_ptpp):
    period, meeting = at_ptpp
    assert meeting.waktu_mulai == "09.00" and meeting.waktu_selesai == "11.30"
    assert meeting.ketua is not None and meeting.ketua.nama == users["camat"].full_name
    assert meeting.pencatat is not None and meeting.pencatat.nip == users["staf"].nip
    assert meeting.undangan_nomor == "000.8.3.4/12/VI.01/2026"
    assert meeting.agenda == ("Paparan hasil", "Penetapan PTPP")
    names = [p.nama for p in meeting.people]
    assert names[0] == users["staf"].full_name and "Kepala Desa Jetis" in names
    assert users["camat"].full_name in names  # the chair is on the daftar hadir
    assert [f.ref for f in meeting.findings] == ["waktu", "sarana"]


@pytest.mark.parametrize(
    "change,message",
    [
        ({"acara": "  "}, "Acara rapat wajib diisi"),
        ({"waktu_mulai": "9"}, "Waktu mulai harus berbentuk jam.menit"),
        ({"waktu_selesai": "08.00"}, "Waktu selesai harus sesudah waktu mulai"),
        ({"undangan_tanggal": dt.date(2026, 9, 17)}, "Tanggal surat undangan"),
        ({"guests": (PersonRecord("Tamu", "Warga", "123"),)}, "NIP Tamu harus 18 angka"),
        ({"guests": (PersonRecord(" ", "Warga"),)}, "Nama tamu wajib diisi"),
    ],
)
def test_meeting_form_errors_are_in_bahasa_indonesia(services, users, change, message):
    period = period_at_meeting(services, users, "Periode I 2026", dt.date(2026, 1, 5), WEAK)
    data = replace(meeting_input(services, users, period.id), **change)
    with pytest.raises(ValidationError, match=message):
        services.meeting.save(period.id, users["staf"], data)


def test_ptpp_from_an_unsur_carries_its_figures_and_numbers_per_year(services, users, at_ptpp):
    period, meeting = at_ptpp
    first = create_from(services, users, period.id, meeting.findings[0].id)
    second = create_from(services, users, period.id, meeting.findings[1].id)
    assert (first.nomor, second.nomor) == ("001/PTPP/2026", "002/PTPP/2026")
    assert first.document is not None and first.document.title == "PTPP 001/PTPP/2026"
    figures = first.document.content["unsur"]
    assert figures == {
        "kode": "U3",
        "key": "waktu",
        "nama": "Waktu Penyelesaian",
        "nrr": "2,500",
        "konversi": "62,50",
        "mutu": "D",
        "periode": "Periode I 2026",
    }
    assert first.sumber == rules.SURVEI and first.finding_id == meeting.findings[0].id
    found = services.meeting.get(meeting.id).findings
    assert [f.ptpp_nomor for f in found] == ["001/PTPP/2026", "002/PTPP/2026"]
    assert [p.nomor for p in services.ptpp.list(period.id, "terbuka")] == [
        "001/PTPP/2026",
        "002/PTPP/2026",
    ]


def test_incomplete_ptpp_cannot_be_submitted(services, users, at_ptpp):
    period, meeting = at_ptpp
    draft = services.ptpp.from_finding(period.id, meeting.findings[0].id)
    created = services.ptpp.create(period.id, users["staf"], draft)
    assert created.document is not None
    with pytest.raises(ValidationError, match="PTPP belum lengkap: Analisis penyebab"):
        services.signoff.submit(created.document.id, users["staf"], PASSWORD)
    with pytest.raises(ValidationError, match="Uraian ketidaksesuaian wajib diisi"):
        services.ptpp.create(period.id, users["staf"], replace(draft, uraian=" "))
    with pytest.raises(PermissionDenied):
        services.ptpp.create(period.id, users["camat"], draft)
    updated = services.ptpp.update(
        created.id, users["staf"], filled(draft, users["sekcam"], dt.date(2026, 10, 1))
    )
    assert updated.pic == "Sekretaris Camat" and updated.target_selesai == dt.date(2026, 10, 1)
    assert updated.document is not None
    sign_through(services, users, updated.document.id)
    assert services.ptpp.get(created.id).approved


def test_camat_sets_the_ptpps_and_step_8_finishes(services, users, at_ptpp):
    """Step 8 finishes by itself with the Camat's approval of the last PTPP, once every
    finding the meeting accepted has its PTPP; nothing by hand."""
    period, meeting = at_ptpp
    step = sop.action_step("ptpp")
    created = create_from(services, users, period.id, meeting.findings[0].id)
    assert created.document is not None
    sign_through(services, users, created.document.id)
    assert services.periods.get(period.id).current_step == step  # sarana has no PTPP yet
    second = create_from(services, users, period.id, meeting.findings[1].id)
    assert second.document is not None
    with pytest.raises(WorkflowError, match="PTPP belum disetujui Camat: PTPP 002/PTPP/2026"):
        services.workflow.advance(period.id, step, users["camat"], reason="cukup")
    sign_through(services, users, second.document.id)
    assert services.periods.get(period.id).current_step == sop.next_step(step)
    with pytest.raises(WorkflowError):
        create_from(services, users, period.id, meeting.findings[1].id)


def test_numbers_are_unique_when_staf_create_at_once(tmp_path, services, users, at_ptpp):
    period, meeting = at_ptpp
    path = tmp_path / "t.db"
    numbers: list[str] = []
    errors: list[Exception] = []
    barrier = threading.Barrier(4)

    def racer() -> None:
        db_module.connect(str(path))
        try:
            barrier.wait()
            numbers.append(create_from(services, users, period.id, meeting.findings[0].id).nomor)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            db_module.close()

    threads = [threading.Thread(target=racer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [rules.format_nomor(i, 2026) for i in range(1, 5)]


def test_overdue_ptpp_is_a_task_of_its_pic_until_verified(db, tmp_path):
    clock = MovingClock(START)
    services = Services(clock)
    users = make_users(services)
    services.periods.add_service_type("01", "KTP elektronik", users["staf"])
    period = period_at_meeting(services, users, "Periode I 2026", dt.date(2026, 1, 5), WEAK)
    meeting = services.meeting.save(
        period.id, users["staf"], meeting_input(services, users, period.id)
    )
    services.workflow.advance(period.id, sop.action_step("rapat"), users["camat"])
    created = create_from(services, users, period.id, meeting.findings[0].id, dt.date(2026, 9, 30))
    assert created.document is not None
    sign_through(services, users, created.document.id)

    def overdue_tasks(user: UserRecord) -> list[str]:
        return [t.text for t in services.workflow.my_tasks(user) if "PTPP 001" in t.text]

    assert overdue_tasks(users["sekcam"]) == []
    clock.advance(days=16)  # 1 October: past the target of 30 September
    assert services.ptpp.list(period.id, "terlambat")[0].nomor == "001/PTPP/2026"
    tasks = overdue_tasks(users["sekcam"])
    assert tasks == [
        "Selesaikan PTPP 001/PTPP/2026 (target 30 September 2026) dan minta verifikasi"
    ]
    assert overdue_tasks(users["staf"]) == []  # only the PIC's
    late = [t for t in services.workflow.my_tasks(users["sekcam"]) if "PTPP" in t.text][0]
    assert late.late and late.step_no == sop.action_step("ptpp")
    assert [p.nomor for p in services.ptpp.overdue()] == ["001/PTPP/2026"]
    services.ptpp.verify(created.id, users["sekcam"], rules.EFEKTIF, "Antrean diamati")
    assert overdue_tasks(users["sekcam"]) == []
    assert services.ptpp.list(period.id, "terverifikasi")[0].status == rules.TERTUTUP


def test_closed_loop_efektif_and_a_follow_up_when_not(services, users, at_ptpp):
    period, meeting = at_ptpp
    waktu = create_from(services, users, period.id, meeting.findings[0].id)
    sarana = create_from(services, users, period.id, meeting.findings[1].id)
    with pytest.raises(WorkflowError, match="belum ditetapkan"):
        services.ptpp.verify(waktu.id, users["sekcam"], rules.EFEKTIF, "dini")
    for item in (waktu, sarana):
        assert item.document is not None
        sign_through(services, users, item.document.id)
    assert services.ptpp.comparison(services.ptpp.get(waktu.id)) is None  # no next period yet
    following = services.periods.create(
        "Periode II 2026", users["staf"], start_date=dt.date(2026, 6, 1)
    )
    answer_forms(following.id, NEXT)
    before_close = services.ptpp.comparison(services.ptpp.get(waktu.id))
    assert before_close is not None and before_close.provisional
    assert services.ptpp.due_for_verification(following.id)[0].nomor == waktu.nomor

    comparison = services.ptpp.comparison(services.ptpp.get(waktu.id))
    assert comparison is not None
    assert (comparison.before_nrr, comparison.after_nrr) == ("2,500", "3,500")
    assert (comparison.before_mutu, comparison.after_mutu) == ("D", "B")
    assert comparison.suggestion == rules.EFEKTIF
    verified = services.ptpp.verify(waktu.id, users["sekcam"], rules.EFEKTIF, "Antrean pendek")
    assert verified.status == rules.TERTUTUP and verified.verifikasi_nrr == "3,500"
    assert verified.verifikasi_periode_id == following.id and not verified.lanjutan_nomor
    with pytest.raises(WorkflowError, match="sudah diverifikasi"):
        services.ptpp.verify(waktu.id, users["sekcam"], rules.EFEKTIF, "lagi")

    worse = services.ptpp.comparison(services.ptpp.get(sarana.id))
    assert worse is not None and worse.suggestion == rules.TIDAK_EFEKTIF
    with pytest.raises(ValidationError, match="Catatan verifikasi wajib"):
        services.ptpp.verify(sarana.id, users["sekcam"], rules.TIDAK_EFEKTIF, " ")
    closed = services.ptpp.verify(
        sarana.id, users["sekcam"], rules.TIDAK_EFEKTIF, "Kipas belum diganti"
    )
    assert closed.lanjutan_nomor == "003/PTPP/2026"
    follow = services.ptpp.by_nomor("003/PTPP/2026")
    assert follow.asal_nomor == sarana.nomor and follow.period_id == following.id
    assert follow.document is None and follow.unsur_key == "sarana"
    assert services.ptpp.as_input(follow).kepada == services.ptpp.as_input(sarana).kepada != ""
    assert [p.nomor for p in services.ptpp.list(period.id, followups=True)][-1] == follow.nomor
    assert follow.nomor not in [p.nomor for p in services.ptpp.list(period.id)]
    assert "Tindak lanjut PTPP 002/PTPP/2026" in follow.uraian
    completed = services.ptpp.update(
        follow.id,
        users["staf"],
        filled(services.ptpp.as_input(follow), users["sekcam"], dt.date(2026, 12, 1)),
    )
    assert completed.document is not None and completed.document.period_id is None
    assert completed.document.content["asal"] == sarana.nomor
    assert completed.document.content["unsur"]["nrr"] == "2,500"  # type: ignore[index]
    sign_through(services, users, completed.document.id)
    assert services.ptpp.get(follow.id).approved
    assert [p.nomor for p in services.ptpp.list(following.id)] == ["003/PTPP/2026"]


def test_notulen_is_drafted_from_the_meeting_with_the_ptpp_numbers(services, users, at_ptpp):
    period, meeting = at_ptpp
    created = create_from(services, users, period.id, meeting.findings[0].id)
    assert created.document is not None
    sign_through(services, users, created.document.id)
    services.workflow.advance(
        period.id, sop.action_step("ptpp"), users["camat"], reason="Sarana: koreksi langsung"
    )
    notulen = services.minutes.create(period.id, users["staf"])
    content = notulen.content
    assert content["hari_tanggal"] == "Rabu, 16 September 2026"
    assert content["surat_undangan"] == "Nomor 000.8.3.4/12/VI.01/2026 tanggal 14 September 2026"
    assert content["waktu"] == "09.00 - 11.30 WIB"
    assert content["acara"] == ["Paparan hasil", "Penetapan PTPP"]
    assert content["ketua"]["nama"] == users["camat"].full_name  # type: ignore[index]
    assert content["tindak_lanjut"] == [
        {
            "ptpp": "001/PTPP/2026",
            "uraian": "Nomor antrean dan petugas tambahan",
            "pic": "Sekretaris Camat",
            "target": "30 Oktober 2026",
        }
    ]
    assert content["keputusan"] == [
        "Menetapkan PTPP 001/PTPP/2026 atas unsur U3 Waktu Penyelesaian (NRR 2,500; mutu D)."
    ]
    assert services.meeting.get(meeting.id).minutes_document_id == notulen.id
    edited = services.minutes.update(
        notulen.id, users["staf"], {"pembahasan": ["Antrean dibahas.", " "]}, notulen.content_hash
    )
    assert edited.content["pembahasan"] == ["Antrean dibahas."]
    with pytest.raises(ValidationError, match="tidak boleh kosong"):
        services.minutes.update(notulen.id, users["staf"], {"keputusan": [" "]})
    sign_through(services, users, edited.id)
    assert services.periods.get(period.id).current_step == sop.next_step(
        sop.steps_of_kind(sop.NOTULEN)[0]
    )


def _complaints(services, users) -> tuple[int, int]:
    """Two waktu complaints received in Periode I (one open), recorded through the service."""
    from ikm_tui.domain.complaints import ComplaintInput

    ids = []
    for day, uraian in (
        (dt.datetime(2026, 2, 10, 10), "Antrean panjang"),
        (dt.datetime(2026, 3, 1, 10), "Antrean lagi"),
    ):
        ids.append(
            services.complaints.record(
                ComplaintInput(
                    received_at=day, saluran="Datang langsung", uraian=uraian, unsur_key="waktu"
                ),
                users["staf"],
            ).id
        )
    return ids[0], ids[1]


def test_a_ptpp_from_a_complaint_finding_links_the_complaints(services, users):
    """The meeting's complaint finding raises a PTPP: each complaint of the group gets its
    number (register status "PTPP No. ...", its form and the register document), audited, in
    the PTPP's own transaction."""
    from ikm_tui.persistence.models import AuditRow

    period = period_at_meeting(services, users, "Periode I 2026", dt.date(2026, 1, 5), WEAK)
    first, second = _complaints(services, users)
    meeting = services.meeting.save(
        period.id, users["staf"], meeting_input(services, users, period.id)
    )
    services.workflow.advance(period.id, sop.action_step("rapat"), users["camat"])
    finding = next(f for f in meeting.findings if f.kind == "keluhan")
    created = create_from(services, users, period.id, finding.id)
    assert created.document is not None
    assert created.document.content["keluhan"] == "KLH/2026/001, KLH/2026/002"
    for complaint_id in (first, second):
        record = services.complaints.get(complaint_id)
        assert record.ptpp_nomor == "001/PTPP/2026"
        assert record.ptpp_document_id == created.document.id
    linked = AuditRow.select().where(AuditRow.action == "keluhan_ptpp").count()
    assert linked == 2
    data = services.complaints.document_data("register-keluhan", period.id)
    rows = data.context["baris"]  # type: ignore[index]
    assert all(row["status"].startswith("Baru; PTPP No. 001/PTPP/2026") for row in rows)
    assert len(rows) == 2
    form = services.complaints.document_data("keluhan", first)
    assert form.context["k"]["ptpp"] == "001/PTPP/2026"  # type: ignore[index]


def test_a_ptpp_from_one_complaint_links_it_or_is_not_created(
    services, users, at_ptpp, monkeypatch
):
    period, _ = at_ptpp
    first, second = _complaints(services, users)
    draft = services.ptpp.from_complaint(period.id, second)
    assert draft.sumber == rules.KELUHAN and draft.unsur_key == "waktu"
    assert draft.uraian == "Keluhan KLH/2026/002: Antrean lagi"

    def broken(*args: object) -> None:
        raise WorkflowError("Keluhan diubah pengguna lain; buka lagi.")

    monkeypatch.setattr(services.complaints, "link_ptpp", broken)
    with pytest.raises(WorkflowError):
        services.ptpp.create(period.id, users["staf"], filled(draft, users["sekcam"], MEETING_DAY))
    assert services.ptpp.list(period.id) == []  # nothing half-made: no number, no document
    assert services.signoff.latest(period.id, sop.PTPP) is None
    monkeypatch.undo()
    created = services.ptpp.create(
        period.id, users["staf"], filled(draft, users["sekcam"], dt.date(2026, 10, 30))
    )
    assert created.nomor == "001/PTPP/2026" and created.complaint_id == second
    assert services.complaints.get(second).ptpp_nomor == "001/PTPP/2026"
    assert services.complaints.get(first).ptpp_nomor == ""
