"""Tests QuestionnaireService: edits, order, validation, return diff, freeze and export audit."""

from __future__ import annotations

from pathlib import Path

import pytest

from ikm_tui.domain.regimes import KEPMENPAN_2004
from ikm_tui.errors import PermissionDenied, ValidationError, WorkflowError
from ikm_tui.persistence.models import AuditRow, PeriodRow
from ikm_tui.services.registry import Services
from tests.concept_helpers import PASSWORD, add_office, add_period, add_signers


@pytest.fixture
def world(db, clock):
    add_office()
    users = add_signers(clock)
    period = add_period(clock, users["staf"])
    services = Services(clock)
    return users, period, services.questionnaire, services.signoff


def _keys(document) -> list[str]:
    return [q["key"] for q in document.content["questions"]]


def test_edit_wording_and_labels_keeps_the_stable_key(world):
    users, period, service, _ = world
    before = service.current(period.id)
    after = service.edit(
        period.id,
        users["staf"],
        question_key="waktu",
        pertanyaan="  Seberapa cepat   layanan kami?  ",
        labels=["Lambat", "Agak lambat", "Cepat", "Sangat cepat"],
    )
    question = next(q for q in after.content["questions"] if q["key"] == "waktu")
    assert question["pertanyaan"] == "Seberapa cepat layanan kami?"
    assert question["labels"] == ["Lambat", "Agak lambat", "Cepat", "Sangat cepat"]
    assert question["kode"] == "U3"
    assert after.content_hash != before.content_hash
    assert AuditRow.select().where(AuditRow.action == "dokumen_ubah").count() == 1


def test_move_changes_print_order_only(world):
    users, period, service, _ = world
    document = service.move(period.id, "pengaduan", -1, users["staf"])
    assert _keys(document)[7:] == ["pengaduan", "sarana"]
    document = service.move(period.id, "persyaratan", -1, users["staf"])  # already first
    assert _keys(document)[0] == "persyaratan"
    reset = service.reset_to_template(period.id, users["staf"])
    assert _keys(reset)[7:] == ["sarana", "pengaduan"]
    assert [s["kode"] for s in reset.content["services"]] == ["01", "02", "03"]


def test_invalid_edits_and_wrong_roles_are_refused(world):
    users, period, service, _ = world
    with pytest.raises(ValidationError):
        service.edit(period.id, users["staf"], question_key="waktu", pertanyaan="   ")
    with pytest.raises(ValidationError):
        service.edit(period.id, users["staf"], question_key="waktu", labels=["a", "b", "c"])
    with pytest.raises(ValidationError):
        service.edit(period.id, users["staf"], question_key="tidak_ada", pertanyaan="x")
    with pytest.raises(PermissionDenied):
        service.edit(period.id, users["sekcam"], judul="Judul lain")
    assert service.current(period.id).version == 1
    assert service.current(period.id).content["judul"] == "KUESIONER SURVEI KEPUASAN MASYARAKAT"


def test_return_then_diff_then_approval_freezes(world):
    users, period, service, signoff = world
    document = service.current(period.id)
    signoff.submit(document.id, users["staf"], PASSWORD)
    with pytest.raises(WorkflowError):  # submitted: step 2, not editable
        service.edit(period.id, users["staf"], judul="Baru")
    signoff.return_document(document.id, users["sekcam"], PASSWORD, "Perjelas pertanyaan U3.")
    assert service.return_info(period.id) == ("DHANI ARDIANTO, S. STP", "Perjelas pertanyaan U3.")
    assert service.changes_since_returned(period.id) == []
    service.edit(
        period.id,
        users["staf"],
        question_key="waktu",
        pertanyaan="Berapa lama layanan diselesaikan?",
    )
    service.move(period.id, "pengaduan", -1, users["staf"])
    current = service.current(period.id)
    assert current.version == 2
    changes = service.changes_since_returned(period.id)
    assert "U3 Waktu Penyelesaian: bunyi pertanyaan diubah." in changes
    assert "U9 Penanganan Pengaduan, Saran dan Masukan dipindah dari nomor 9 ke nomor 8." in changes
    assert service.approved(period.id) is None
    signoff.submit(current.id, users["staf"], PASSWORD)
    signoff.approve(current.id, users["sekcam"], PASSWORD)
    signoff.approve(current.id, users["camat"], PASSWORD)
    approved = service.approved(period.id)
    assert approved is not None and approved.id == current.id and approved.frozen
    assert PeriodRow.get_by_id(period.id).current_step == 4
    with pytest.raises(WorkflowError):
        service.edit(period.id, users["staf"], judul="Sesudah disetujui")
    assert service.return_info(period.id) is None


def test_export_is_audited_and_preview_matches(world, tmp_path: Path):
    users, period, service, _ = world
    documents = Services(service.clock).documents
    saved = documents.export("kuesioner", period.id, tmp_path / "draf.docx", users["staf"]).path
    assert saved.name == "draf.docx" and saved.is_file()
    entry = AuditRow.select().where(AuditRow.action == "dokumen_ekspor").get()
    assert entry.username == "budi" and '"draf":true' in entry.detail
    text = service.preview_text(period.id)
    assert "DRAF - belum disetujui" in text and "KECAMATAN BANDUNGAN" in text
    assert "Periode Semester II 2026" in text


def test_2004_period_has_fourteen_questions(db, clock):
    users = add_signers(clock)
    period = add_period(clock, users["staf"], regime_id=KEPMENPAN_2004)
    document = Services(clock).questionnaire.current(period.id)
    assert len(document.content["questions"]) == 14
