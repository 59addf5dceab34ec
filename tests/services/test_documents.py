"""Tests DocumentService and TemplateService: export records and properties, verify-doc's three
verdicts and its refusals, installed templates overriding the shipped ones, PDF without
LibreOffice."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ikm_tui.errors import InputFileError, PermissionDenied, TemplateError, ToolMissing
from ikm_tui.errors import ValidationError as IkmValidationError
from ikm_tui.export import engine
from ikm_tui.persistence.models import AuditRow, DocumentExportRow
from ikm_tui.services.documents import BERKAS_DIUBAH, COCOK, DATA_BERUBAH
from ikm_tui.services.registry import Services
from tests.concept_helpers import add_office, add_period, add_signers
from tests.export.test_engine import replace_in_part
from tests.export.test_questionnaire_docx import _all_text, approve


@pytest.fixture
def world(db, clock):
    add_office()
    users = add_signers(clock)
    services = Services(clock)
    admin = services.users.add(
        "admin", "Admin Kantor", "", "", "", ["admin"], "sandi-admin-1", None
    )
    period = add_period(clock, users["staf"])
    return users | {"admin": admin}, services, period


def test_export_is_stamped_recorded_and_audited(world, tmp_path: Path):
    users, services, period = world
    result = services.documents.export("kuesioner", period.id, tmp_path / "k.docx", users["staf"])
    properties = engine.read_properties(result.path.read_bytes())
    document = services.questionnaire.current(period.id)
    assert properties["kantor"] == "KECAMATAN BANDUNGAN" and properties["jenis"] == "kuesioner"
    assert properties["periode"] == str(period.id) and properties["dokumen_id"] == str(document.id)
    assert properties["versi"] == str(document.version) and properties["kode"] == result.code
    assert properties["hash_isi"] == engine.content_hash(result.path.read_bytes())
    record = DocumentExportRow.get()
    assert (record.code, record.content_hash, record.data_hash) == (
        result.code,
        properties["hash_isi"],
        properties["hash_data"],
    )
    assert record.draft and record.exported_by_id == users["staf"].id
    footer = _all_text(result.path)[0]
    assert result.code not in footer  # the code is in the footer, not the body
    import docx

    assert result.code in docx.Document(str(result.path)).sections[0].footer.paragraphs[0].text
    entry = AuditRow.select().where(AuditRow.action == "dokumen_ekspor").get()
    assert result.code in entry.detail and entry.username == "budi"


def test_the_same_data_exports_the_same_bytes(world, tmp_path: Path):
    users, services, period = world
    approve(services, users, period.id)
    first = services.documents.export("kuesioner", period.id, tmp_path / "a.docx")
    second = services.documents.export("kuesioner", period.id, tmp_path / "b.docx")
    assert first.code == second.code
    assert engine.content_hash(first.path.read_bytes()) == engine.content_hash(
        second.path.read_bytes()
    )


def test_verify_says_cocok_berkas_diubah_and_data_berubah(world, tmp_path: Path):
    users, services, period = world
    path = services.documents.export("kuesioner", period.id, tmp_path / "k.docx").path
    verdict = services.documents.verify(path)
    assert verdict.verdict == COCOK and verdict.ok
    assert verdict.message.startswith("Kuesioner Periode Semester II 2026 versi 1, diekspor")

    edited = tmp_path / "diubah.docx"
    edited.write_bytes(replace_in_part(path.read_bytes(), "Perempuan", "Wanita"))
    verdict = services.documents.verify(edited)
    assert verdict.verdict == BERKAS_DIUBAH and not verdict.ok
    assert "isi berkas tidak sama" in verdict.message and "Jangan pakai" in verdict.message

    services.questionnaire.edit(period.id, users["staf"], judul="KUESIONER SKM KECAMATAN")
    verdict = services.documents.verify(path)
    assert verdict.verdict == DATA_BERUBAH and "datanya (isi, tanda" in verdict.message
    fresh = services.documents.export("kuesioner", period.id, tmp_path / "baru.docx").path
    assert services.documents.verify(fresh).verdict == COCOK


def test_a_renamed_kop_is_a_change_of_data_not_a_foreign_file(world, tmp_path: Path):
    users, services, period = world
    path = services.documents.export("kuesioner", period.id, tmp_path / "k.docx").path
    services.office.update(users["admin"], nama_unit="Kecamatan Bandungan Kota")
    assert services.documents.verify(path).verdict == DATA_BERUBAH


def test_a_signature_is_a_change_of_data(world, tmp_path: Path):
    users, services, period = world
    path = services.documents.export("kuesioner", period.id, tmp_path / "k.docx").path
    approve(services, users, period.id)
    assert services.documents.verify(path).verdict == DATA_BERUBAH


def test_verify_refuses_files_it_does_not_know(world, tmp_path: Path):
    users, services, period = world
    path = services.documents.export("kuesioner", period.id, tmp_path / "k.docx").path
    plain_word = tmp_path / "biasa.docx"
    plain_word.write_bytes(engine.shipped_template("kuesioner"))
    with pytest.raises(InputFileError, match="bukan dokumen yang diekspor ikm-tui"):
        services.documents.verify(plain_word)
    text = tmp_path / "catatan.docx"
    text.write_text("bukan dokumen", encoding="utf-8")
    with pytest.raises(InputFileError, match="bukan dokumen Word"):
        services.documents.verify(text)
    with pytest.raises(InputFileError, match="tidak dapat dibaca"):
        services.documents.verify(tmp_path / "tidak-ada.docx")
    foreign = tmp_path / "lain.docx"
    foreign.write_bytes(engine.stamp(path.read_bytes(), {"kode": "AAAA-BBBB", "kantor": "X"}))
    with pytest.raises(InputFileError, match="diekspor oleh X"):
        services.documents.verify(foreign)
    unknown = tmp_path / "asing.docx"
    office = "KECAMATAN BANDUNGAN"
    unknown.write_bytes(engine.stamp(path.read_bytes(), {"kode": "AAAA-BBBB", "kantor": office}))
    with pytest.raises(InputFileError, match="AAAA-BBBB .* tidak tercatat"):
        services.documents.verify(unknown)


def test_output_must_be_docx_and_pdf_needs_libreoffice(world, tmp_path: Path, monkeypatch):
    users, services, period = world
    with pytest.raises(IkmValidationError, match=r"\.docx"):
        services.documents.export("kuesioner", period.id, tmp_path / "k.pdf")
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(ToolMissing) as raised:
        services.documents.export("kuesioner", period.id, tmp_path / "k.docx", pdf=True)
    assert (
        "LibreOffice" in raised.value.message and str(tmp_path / "k.docx") in raised.value.message
    )
    assert (tmp_path / "k.docx").is_file() and not (tmp_path / "k.pdf").exists()


def shipped_with(old: str, new: str) -> bytes:
    return replace_in_part(engine.shipped_template("kuesioner"), old, new)


def test_an_installed_template_overrides_the_shipped_one_until_reset(world, tmp_path: Path):
    users, services, period = world
    templates = services.templates
    edited = tmp_path / "kuesioner-kantor.docx"
    edited.write_bytes(shipped_with("{{ pengantar }}", "TEMPLAT KANTOR {{ pengantar }}"))
    status = templates.install("kuesioner", edited, users["admin"])
    assert status.installed and status.file_name == "kuesioner-kantor.docx"
    assert {s.kind: s.source_text for s in templates.list()}["kuesioner"] == (
        "terpasang (kuesioner-kantor.docx)"
    )
    path = services.documents.export("kuesioner", period.id, tmp_path / "a.docx").path
    assert "TEMPLAT KANTOR Dalam rangka" in _all_text(path)[0]
    assert templates.export("kuesioner", tmp_path / "keluar.docx").read_bytes() == (
        edited.read_bytes()
    )
    assert templates.reset("kuesioner", users["admin"]) is True
    assert templates.reset("kuesioner", users["admin"]) is False
    path = services.documents.export("kuesioner", period.id, tmp_path / "b.docx").path
    assert "TEMPLAT KANTOR" not in _all_text(path)[0]
    actions = [row.action for row in AuditRow.select().where(AuditRow.entity == "template")]
    assert actions == ["templat_pasang", "templat_reset"]


def test_a_broken_template_is_refused_and_only_admins_install(world, tmp_path: Path):
    users, services, period = world
    broken = tmp_path / "rusak.docx"
    broken.write_bytes(shipped_with("{{ judul }}", "{{ judull }}"))
    with pytest.raises(TemplateError, match=r"\{\{ judull \}\}"):
        services.templates.install("kuesioner", broken, users["admin"])
    assert not services.templates.status("kuesioner").installed
    with pytest.raises(TemplateError, match=r"\.docx"):
        services.templates.install("kuesioner", tmp_path / "rusak.odt", users["admin"])
    good = tmp_path / "baik.docx"
    good.write_bytes(engine.shipped_template("kuesioner"))
    with pytest.raises(PermissionDenied):
        services.templates.install("kuesioner", good, users["staf"])
    services.templates.install("kuesioner", good, None)  # the administrator's CLI
    assert services.templates.status("kuesioner").installed


@pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"),
    reason="LibreOffice (soffice) tidak terpasang",
)
def test_a_template_saved_again_by_libreoffice_installs_and_exports(world, tmp_path: Path):
    """What an Admin does: export the template, open and save it in LibreOffice Writer (which
    rewrites every run), install it; the export still fills every placeholder and verifies."""
    from ikm_tui.export.pdf import convert

    users, services, period = world
    exported = services.templates.export("kuesioner", tmp_path / "asli" / "templat.docx")
    resaved = convert(exported, "docx:MS Word 2007 XML", tmp_path)
    assert engine.content_hash(resaved.read_bytes()) != engine.content_hash(exported.read_bytes())
    services.templates.install("kuesioner", resaved, users["admin"])
    result = services.documents.export("kuesioner", period.id, tmp_path / "k.docx")
    body, header = _all_text(result.path)
    assert "{{" not in body and "KECAMATAN BANDUNGAN" in body and "DRAF" in header
    assert services.documents.verify(result.path).verdict == COCOK


@pytest.mark.skipif(
    (shutil.which("soffice") is None or shutil.which("pdftotext") is None)
    and not os.environ.get("CI"),
    reason="LibreOffice (soffice) atau pdftotext tidak terpasang",
)
def test_verify_checks_the_exported_pdf_too(world, tmp_path: Path):
    users, services, period = world
    result = services.documents.export("kuesioner", period.id, tmp_path / "k.docx", pdf=True)
    assert result.pdf_path is not None
    assert services.documents.verify(result.pdf_path).verdict == COCOK
    changed = tmp_path / "diubah.pdf"
    changed.write_bytes(result.pdf_path.read_bytes() + b"\n%% sisipan\n")
    verdict = services.documents.verify(changed)
    assert verdict.verdict == BERKAS_DIUBAH and verdict.code == result.code
    services.questionnaire.edit(period.id, users["staf"], judul="KUESIONER SKM")
    assert services.documents.verify(result.pdf_path).verdict == DATA_BERUBAH
    foreign = tmp_path / "lain.pdf"
    foreign.write_bytes(b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(InputFileError, match="tidak tercatat"):
        services.documents.verify(foreign)
