"""Step 10 archive: the plan with its defaults, archiving all or none with the files stored in
the database, archived documents frozen, verify finding altered content, export, retention."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from ikm_tui.domain import archive as rules
from ikm_tui.domain import sop
from ikm_tui.errors import PermissionDenied, ValidationError, WorkflowError
from ikm_tui.persistence import archive as store
from ikm_tui.persistence.records import PeriodRecord, UserRecord
from ikm_tui.services.registry import Services
from tests.services.conftest import PASSWORD, sign_through, tamper, walk_to


def at_step_10(services: Services, users: dict[str, UserRecord], period_id: int) -> None:
    walk_to(services, users, period_id, 9)
    notulen = services.signoff.create(
        period_id, sop.NOTULEN, "Notulen rapat", {"isi": "x"}, users["staf"]
    )
    sign_through(services, users, notulen.id)


@pytest.fixture
def db_path(db, tmp_path: Path) -> Path:
    return tmp_path / "t.db"


def placed(drafts: list[rules.ArchiveDraft]) -> list[rules.ArchiveDraft]:
    return [d.edited(lokasi_simpan="Lemari arsip 1", rak="2", boks="7") for d in drafts]


def test_plan_proposes_each_approved_document_and_the_daftar_hadir(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    at_step_10(services, users, period.id)
    drafts = services.archive.plan(period.id)
    assert [d.jenis for d in drafts] == ["laporan", "notulen", rules.DAFTAR_HADIR]
    first = drafts[0]
    assert first.kode_klasifikasi == "000.8.3.4"
    assert (first.retensi_aktif, first.retensi_inaktif, first.nasib_akhir) == (2, 3, "permanen")
    assert first.kurun_waktu == "2026" and first.tingkat_perkembangan == "asli"
    assert first.uraian == "Laporan hasil survei kepuasan masyarakat SKM Semester II 2026"


def test_archiving_stores_every_file_and_finishes_step_10(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord, db_path: Path
) -> None:
    at_step_10(services, users, period.id)
    drafts = placed(services.archive.plan(period.id))
    drafts[0] = drafts[0].edited(kode_klasifikasi="000.8.3", retensi_aktif=5, jumlah="2 berkas")
    items = services.archive.archive_period(period.id, drafts, users["staf"])
    assert [i.nomor_berkas for i in items] == ["2026/001", "2026/002", "2026/003"]
    assert (items[0].kode_klasifikasi, items[0].retensi_aktif, items[0].jumlah) == (
        "000.8.3",
        5,
        "2 berkas",
    )
    assert items[0].lokasi_text == "Lemari arsip 1, rak 2, boks 7"
    for item in items:
        data = services.archive.content(item.id)
        assert len(data) == item.file_size and hashlib.sha256(data).hexdigest() == item.sha256
    assert services.periods.get(period.id).current_step == sop.DONE
    assert services.archive.plan(period.id) == []
    assert store.problems() == []


def test_scan_file_replaces_the_rendered_content(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord, tmp_path: Path
) -> None:
    at_step_10(services, users, period.id)
    scan = tmp_path / "laporan-ttd.pdf"
    scan.write_bytes(b"%PDF-1.4 scan laporan")
    drafts = placed(services.archive.plan(period.id))
    drafts[0] = drafts[0].edited(berkas=str(scan))
    item = services.archive.archive_period(period.id, drafts, users["staf"])[0]
    assert (item.file_name, item.file_size) == ("laporan-ttd.pdf", 21)
    assert services.archive.content(item.id) == scan.read_bytes()
    assert services.archive.file_matches(item.id, scan)
    scan.write_bytes(b"%PDF-1.4 diubah")
    assert not services.archive.file_matches(item.id, scan)


def test_archiving_is_all_or_none_and_checks_the_fields(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    at_step_10(services, users, period.id)
    drafts = services.archive.plan(period.id)
    with pytest.raises(ValidationError, match="lokasi simpan"):
        services.archive.archive_period(period.id, drafts, users["staf"])
    bad = placed(drafts)
    bad[1] = bad[1].edited(kode_klasifikasi="abc", kurun_waktu="semester dua")
    with pytest.raises(ValidationError, match="kode klasifikasi") as refused:
        services.archive.archive_period(period.id, bad, users["staf"])
    assert "kurun waktu harus memuat tahun" in refused.value.message
    with pytest.raises(PermissionDenied):
        services.archive.archive_period(period.id, placed(drafts), users["camat"])
    assert services.archive.list(period.id) == []
    assert services.periods.get(period.id).current_step == 10


def test_archive_needs_step_10(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    walk_to(services, users, period.id, 6)
    laporan = services.signoff.latest(period.id, sop.LAPORAN)
    assert laporan is not None
    draft = rules.ArchiveDraft("laporan", laporan.id, "L", "Laporan", "2026", lokasi_simpan="L1")
    with pytest.raises(WorkflowError, match="belum dapat dilakukan"):
        services.archive.archive_period(period.id, [draft], users["staf"])


def test_archived_document_can_no_longer_change(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    at_step_10(services, users, period.id)
    items = services.archive.archive_period(
        period.id, placed(services.archive.plan(period.id)), users["staf"], finish=False
    )
    laporan = services.signoff.latest(period.id, sop.LAPORAN)
    assert laporan is not None
    with pytest.raises(WorkflowError, match="sudah diarsipkan \\(berkas 2026/001\\)"):
        services.signoff.update_content(laporan.id, {"ikm": "99,00"}, users["staf"])
    with pytest.raises(WorkflowError, match="sudah diarsipkan"):
        services.signoff.return_document(laporan.id, users["camat"], PASSWORD, "ubah")
    with pytest.raises(ValidationError, match="sudah diarsipkan sebagai berkas 2026/001"):
        services.archive.archive_period(
            period.id,
            [rules.ArchiveDraft("laporan", laporan.id, "L", "Laporan", "2026", lokasi_simpan="L")],
            users["staf"],
        )
    assert services.archive.holding_item(laporan.id) == items[0].nomor_berkas


def test_verify_names_the_item_whose_content_was_altered(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord, db_path: Path
) -> None:
    at_step_10(services, users, period.id)
    items = services.archive.archive_period(
        period.id, placed(services.archive.plan(period.id)), users["staf"]
    )
    assert store.problems() == []
    tamper(db_path, "UPDATE archive_content SET content = ? WHERE item_id = ?", b"{}", items[1].id)
    tamper(db_path, "DELETE FROM archive_content WHERE item_id = ?", items[2].id)
    problems = store.problems()
    assert [(p.nomor_berkas, p.reason.split(" (")[0]) for p in problems] == [
        ("2026/002", f"berkas digital {items[1].file_name} berubah"),
        ("2026/003", f"berkas digital {items[2].file_name} hilang dari basis data"),
    ]
    with pytest.raises(WorkflowError, match="2026/002 hilang atau berubah"):
        services.archive.content(items[1].id)
    tamper(
        db_path,
        "UPDATE document SET content_hash = ? WHERE id = ?",
        "0" * 64,
        items[0].document_id,
    )
    assert store.problems()[0].reason == "isi dokumen yang diarsipkan berubah setelah diarsipkan"


def test_export_writes_copies(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord, tmp_path: Path
) -> None:
    at_step_10(services, users, period.id)
    with pytest.raises(WorkflowError, match="belum memiliki berkas arsip"):
        services.archive.export(period.id, tmp_path / "out")
    items = services.archive.archive_period(
        period.id, placed(services.archive.plan(period.id)), users["staf"]
    )
    written = services.archive.export(period.id, tmp_path / "out")
    assert [p.name for p in written] == [
        f"{i.nomor_berkas.replace('/', '-')} {i.file_name}" for i in items
    ]
    assert all(services.archive.file_matches(i.id, p) for i, p in zip(items, written, strict=True))


def test_retention_lists_items_past_active_retention(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    at_step_10(services, users, period.id)
    drafts = placed(services.archive.plan(period.id))
    drafts[1] = drafts[1].edited(retensi_aktif=0, retensi_inaktif=0, nasib_akhir="musnah")
    items = services.archive.archive_period(period.id, drafts, users["staf"])
    assert services.archive.retention_due(dt.date(2026, 12, 31)) == []
    due = services.archive.retention_due(dt.date(2027, 1, 1))
    assert [(d.item.nomor_berkas, d.stage) for d in due] == [(items[1].nomor_berkas, "nasib akhir")]
    assert "nasib akhir (musnah)" in due[0].tindakan
    later = services.archive.retention_due(dt.date(2029, 1, 1))
    assert [d.stage for d in later] == ["nasib akhir", "inaktif", "inaktif"]
    assert "pindahkan ke arsip inaktif" in later[1].tindakan


def test_retention_domain() -> None:
    span = rules.retention("Januari-Juni 2026", 2, 3)
    assert span == rules.Retention(dt.date(2028, 12, 31), dt.date(2031, 12, 31))
    assert span.stage(dt.date(2028, 12, 31)) == "aktif"
    assert span.stage(dt.date(2029, 1, 1)) == "inaktif"
    assert span.stage(dt.date(2032, 1, 1)) == "nasib akhir"
    assert rules.retention("tanpa tahun", 2, 3) is None
    assert rules.next_sequence(["2026/001", "2026/007", "2025/009"], 2026) == 8
