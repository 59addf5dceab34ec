"""Tests SignOffService: the Staf -> Sekcam -> Camat sequence, hash binding and every refusal."""

from __future__ import annotations

import hashlib
import json

import pytest

from ikm_tui.domain import sop
from ikm_tui.errors import AuthError, PermissionDenied, ValidationError, WorkflowError
from ikm_tui.persistence.models import AuditRow
from ikm_tui.persistence.records import DocumentRecord, PeriodRecord, UserRecord
from ikm_tui.services.registry import Services
from tests.services.conftest import PASSWORD, PEOPLE, walk_to


@pytest.fixture
def kuesioner(services: Services, period: PeriodRecord) -> DocumentRecord:
    document = services.signoff.latest(period.id, sop.KUESIONER)
    assert document is not None
    return document


@pytest.fixture
def laporan(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> DocumentRecord:
    walk_to(services, users, period.id, 5)
    return services.signoff.create(
        period.id, sop.LAPORAN, "Laporan SKM", {"ikm": "88,31"}, users["staf"]
    )


def test_signatures_bind_to_the_content_hash(
    services: Services, users: dict[str, UserRecord], laporan: DocumentRecord
) -> None:
    expected = hashlib.sha256(
        json.dumps({"ikm": "88,31"}, separators=(",", ":")).encode()
    ).hexdigest()
    assert laporan.content_hash == expected and laporan.state == "draf"
    assert laporan.watermark == "DRAF - belum disetujui" and not laporan.is_final
    signoff = services.signoff
    signoff.submit(laporan.id, users["staf"], PASSWORD)
    signoff.approve(laporan.id, users["sekcam"], PASSWORD)
    final = signoff.approve(laporan.id, users["camat"], PASSWORD)
    assert final.state == "disetujui" and final.state_text == "Disetujui" and final.frozen
    assert final.is_final and final.watermark == ""
    assert [(s.stage, s.full_name, s.content_hash) for s in final.signatures] == [
        (stage, PEOPLE[role][1], expected)
        for stage, role in (("dibuat", "staf"), ("diperiksa", "sekcam"), ("disetujui", "camat"))
    ]
    assert final.signature("diperiksa").nip == PEOPLE["sekcam"][2]  # type: ignore[union-attr]


def test_editing_after_a_signature_voids_it(
    services: Services, users: dict[str, UserRecord], laporan: DocumentRecord
) -> None:
    signoff = services.signoff
    signoff.submit(laporan.id, users["staf"], PASSWORD)
    signoff.approve(laporan.id, users["sekcam"], PASSWORD)
    changed = signoff.update_content(laporan.id, {"ikm": "90,00"}, users["staf"])
    assert changed.state == "draf" and changed.version == 1
    assert all(s.voided for s in changed.signatures) and len(changed.signatures) == 2
    with pytest.raises(WorkflowError, match="belum diajukan oleh Staf"):
        signoff.approve(laporan.id, users["camat"], PASSWORD)
    same = signoff.update_content(laporan.id, {"ikm": "90,00"}, users["staf"])
    assert same.updated_at == changed.updated_at  # unchanged content: nothing happens
    signoff.submit(laporan.id, users["staf"], PASSWORD)
    signoff.approve(laporan.id, users["sekcam"], PASSWORD)
    final = signoff.approve(laporan.id, users["camat"], PASSWORD)
    assert final.is_final and sum(not s.voided for s in final.signatures) == 3


def test_edit_of_submitted_questionnaire_sends_period_back(
    services: Services,
    users: dict[str, UserRecord],
    period: PeriodRecord,
    kuesioner: DocumentRecord,
) -> None:
    services.signoff.submit(kuesioner.id, users["staf"], PASSWORD)
    content = dict(kuesioner.content, judul="KUESIONER SKM 2026")
    services.signoff.update_content(kuesioner.id, content, users["staf"])
    assert services.periods.get(period.id).current_step == 1


def test_frozen_document_refuses_edits(
    services: Services,
    users: dict[str, UserRecord],
    period: PeriodRecord,
    kuesioner: DocumentRecord,
) -> None:
    walk_to(services, users, period.id, 4)
    with pytest.raises(WorkflowError, match="sudah disetujui Camat dan dibekukan"):
        services.signoff.update_content(kuesioner.id, {"x": 1}, users["staf"])
    assert "ubah" not in services.signoff.allowed_actions(kuesioner.id, users["staf"])


def test_wrong_role_and_wrong_order(
    services: Services, users: dict[str, UserRecord], kuesioner: DocumentRecord
) -> None:
    signoff = services.signoff
    with pytest.raises(PermissionDenied, match="hanya Staf yang dapat"):
        signoff.submit(kuesioner.id, users["camat"], PASSWORD)
    with pytest.raises(WorkflowError, match="belum diajukan oleh Staf"):
        signoff.approve(kuesioner.id, users["camat"], PASSWORD)
    signoff.submit(kuesioner.id, users["staf"], PASSWORD)
    with pytest.raises(
        PermissionDenied, match="menunggu pemeriksaan Sekretaris Camat; hanya Sekretaris Camat"
    ):
        signoff.approve(kuesioner.id, users["camat"], PASSWORD)
    with pytest.raises(WorkflowError, match="sudah diajukan dan menunggu pemeriksaan"):
        signoff.submit(kuesioner.id, users["staf"], PASSWORD)
    with pytest.raises(PermissionDenied):
        signoff.return_document(kuesioner.id, users["camat"], PASSWORD, "salah")
    with pytest.raises(PermissionDenied):
        signoff.approve(kuesioner.id, users["admin"], PASSWORD)
    with pytest.raises(PermissionDenied):
        signoff.update_content(kuesioner.id, {"x": 1}, users["sekcam"])


def test_signing_twice_is_refused(
    services: Services, users: dict[str, UserRecord], kuesioner: DocumentRecord
) -> None:
    signoff = services.signoff
    signoff.submit(kuesioner.id, users["staf"], PASSWORD)
    signoff.approve(kuesioner.id, users["sekcam"], PASSWORD)
    signoff.approve(kuesioner.id, users["camat"], PASSWORD)
    with pytest.raises(WorkflowError, match="sudah disetujui Camat; tidak ada lagi"):
        signoff.approve(kuesioner.id, users["camat"], PASSWORD)
    assert signoff.allowed_actions(kuesioner.id, users["camat"]) == set()


def test_one_person_cannot_sign_two_places(
    services: Services, users: dict[str, UserRecord], kuesioner: DocumentRecord
) -> None:
    both = services.users.add(
        "rina",
        "Rina, S.Sos",
        "198502022010012004",
        "Kasi Pelayanan",
        "Penata / III-c",
        ["sekcam", "camat"],
        PASSWORD,
        users["admin"],
    )
    signoff = services.signoff
    signoff.submit(kuesioner.id, users["staf"], PASSWORD)
    signoff.approve(kuesioner.id, both, PASSWORD)
    assert "setujui" not in signoff.allowed_actions(kuesioner.id, both)
    with pytest.raises(
        WorkflowError,
        match='sebagai "Diperiksa oleh"; satu orang tidak boleh '
        "menandatangani dua tempat. Camat lain",
    ):
        signoff.approve(kuesioner.id, both, PASSWORD)
    assert signoff.get(kuesioner.id).state == "diperiksa"


def test_wrong_password_refuses_and_counts(
    services: Services, users: dict[str, UserRecord], kuesioner: DocumentRecord
) -> None:
    with pytest.raises(AuthError, match="Kata sandi salah."):
        services.signoff.submit(kuesioner.id, users["staf"], "bukan-sandinya")
    document = services.signoff.get(kuesioner.id)
    assert document.state == "draf" and document.signatures == ()
    failures = (
        AuditRow.select()
        .where((AuditRow.action == "login_gagal") & (AuditRow.username == "sari"))
        .count()
    )
    assert failures == 1


def test_return_keeps_version_and_new_version_is_made(
    services: Services,
    users: dict[str, UserRecord],
    period: PeriodRecord,
    kuesioner: DocumentRecord,
) -> None:
    signoff = services.signoff
    signoff.submit(kuesioner.id, users["staf"], PASSWORD)
    with pytest.raises(ValidationError, match="Catatan pengembalian wajib diisi"):
        signoff.return_document(kuesioner.id, users["sekcam"], PASSWORD, "  ")
    returned = signoff.return_document(kuesioner.id, users["sekcam"], PASSWORD, "Judul salah")
    assert returned.state == "dikembalikan" and returned.return_note == "Judul salah"
    assert returned.state_text == "Dikembalikan ke Staf"
    assert signoff.allowed_actions(kuesioner.id, users["staf"]) == {"ubah", "ajukan"}
    fixed = signoff.update_content(
        kuesioner.id, dict(kuesioner.content, judul="BENAR"), users["staf"]
    )
    assert (fixed.version, fixed.state, fixed.id != kuesioner.id) == (2, "draf", True)
    assert [d.version for d in signoff.versions(period.id, sop.KUESIONER)] == [1, 2]
    assert signoff.get(kuesioner.id).content["judul"] == kuesioner.content["judul"]
    assert signoff.latest(period.id, sop.KUESIONER).id == fixed.id  # type: ignore[union-attr]
    with pytest.raises(WorkflowError, match="digantikan versi yang lebih baru"):
        signoff.update_content(kuesioner.id, {"x": 2}, users["staf"])
    signoff.submit(fixed.id, users["staf"], PASSWORD)
    assert services.periods.get(period.id).current_step == 2


def test_allowed_actions_per_role(
    services: Services, users: dict[str, UserRecord], kuesioner: DocumentRecord
) -> None:
    allowed = services.signoff.allowed_actions
    assert allowed(kuesioner.id, users["staf"]) == {"ubah", "ajukan"}
    assert allowed(kuesioner.id, users["sekcam"]) == set()
    services.signoff.submit(kuesioner.id, users["staf"], PASSWORD)
    assert allowed(kuesioner.id, users["sekcam"]) == {"setujui", "kembalikan"}
    assert allowed(kuesioner.id, users["camat"]) == set()
    assert allowed(kuesioner.id, users["staf"]) == {"ubah"}
    services.signoff.approve(kuesioner.id, users["sekcam"], PASSWORD)
    assert allowed(kuesioner.id, users["camat"]) == {"setujui", "kembalikan"}


def test_create_refusals(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    with pytest.raises(WorkflowError, match="sudah ada"):
        services.signoff.create(period.id, sop.KUESIONER, "Lagi", {}, users["staf"])
    with pytest.raises(PermissionDenied):
        services.signoff.create(period.id, sop.KUESIONER, "Lagi", {}, users["camat"])
    with pytest.raises(ValidationError):
        services.signoff.create(period.id, "surat", "Surat", {}, users["staf"])


def test_every_action_is_audited(
    services: Services, users: dict[str, UserRecord], kuesioner: DocumentRecord
) -> None:
    signoff = services.signoff
    signoff.submit(kuesioner.id, users["staf"], PASSWORD)
    signoff.return_document(kuesioner.id, users["sekcam"], PASSWORD, "Perbaiki")
    new = signoff.submit(kuesioner.id, users["staf"], PASSWORD)  # resubmit unchanged: version 2
    signoff.approve(new.id, users["sekcam"], PASSWORD)
    signoff.approve(new.id, users["camat"], PASSWORD)
    actions = [
        (r.action, r.username)
        for r in AuditRow.select().where(AuditRow.entity == "document").order_by(AuditRow.id)
    ]
    assert actions == [
        ("dokumen_buat", "sari"),
        ("dokumen_ajukan", "sari"),
        ("dokumen_kembalikan", "budi"),
        ("dokumen_versi_baru", "sari"),
        ("dokumen_ajukan", "sari"),
        ("dokumen_periksa", "budi"),
        ("dokumen_setujui", "agus"),
    ]
