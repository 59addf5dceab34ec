"""Tests the Admin's office settings: the kop, the office's jenis layanan and a period's list."""

from __future__ import annotations

from pathlib import Path

import pytest

from ikm_tui.domain import sop
from ikm_tui.errors import PermissionDenied, ValidationError, WorkflowError
from ikm_tui.persistence.models import AuditRow, CustomerRow, OfficeRow
from ikm_tui.persistence.records import PeriodRecord, UserRecord
from ikm_tui.services import demo_data
from ikm_tui.services.office import OfficeService
from ikm_tui.services.registry import Services
from tests.services.conftest import PASSWORD


def last_audit() -> AuditRow:
    return AuditRow.select().order_by(AuditRow.id.desc()).get()


def services_in_draft(services: Services, period_id: int) -> list[dict[str, str]]:
    document = services.signoff.latest(period_id, sop.KUESIONER)
    assert document is not None
    return list(document.content["services"])  # type: ignore[call-overload]


# -- the kop ----------------------------------------------------------------------------------


def test_admin_updates_kop_and_it_is_audited(
    services: Services, users: dict[str, UserRecord], tmp_path: Path
) -> None:
    office = OfficeService(services.clock)
    assert office.get() is None
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG")
    saved = office.update(
        users["admin"],
        pemerintah="PEMERINTAH KABUPATEN SEMARANG",
        nama_unit="KECAMATAN AMBARAWA",
        alamat="Jl. Jend. Sudirman 1",
        kota="Ambarawa",
        kode_pos="50611",
        email="kec@ambarawa.go.id",
        logo_path=str(logo),
        paper_size="f4",
    )
    assert saved == office.get()
    assert (saved.nama_unit, saved.paper_size, saved.logo_path) == (
        "KECAMATAN AMBARAWA",
        "F4",
        str(logo),
    )
    assert last_audit().action == "kantor_ubah" and last_audit().username == "admin"
    office.update(users["admin"], telepon=" (0298)  591234 ")
    row = OfficeRow.get()
    assert (row.telepon, row.kota, row.alamat) == (
        "(0298) 591234",
        "Ambarawa",
        "Jl. Jend. Sudirman 1",
    )
    assert '"telepon":"(0298) 591234"' in last_audit().detail
    assert OfficeRow.select().count() == 1


def test_kop_refusals(services: Services, users: dict[str, UserRecord]) -> None:
    OfficeRow.create(**demo_data.load("office.json"))  # the SOP office's kop
    office = OfficeService(services.clock)
    before = AuditRow.select().count()
    with pytest.raises(PermissionDenied, match="Hanya Admin"):
        office.update(users["staf"], nama_unit="KECAMATAN X")
    cases = [
        ({"nama_unit": "  "}, "Nama unit kantor wajib diisi"),
        ({"paper_size": "Letter"}, "Ukuran kertas LETTER tidak dikenal"),
        ({"email": "bukan-email"}, "email bukan-email tidak valid"),
        ({"kode_pos": "5066"}, "Kode pos harus 5 angka"),
        ({"logo_path": "/tidak/ada/logo.png"}, "logo /tidak/ada/logo.png tidak ditemukan"),
        ({"warna": "merah"}, "tidak dikenal: warna"),
    ]
    for fields, message in cases:
        with pytest.raises(ValidationError, match=message):
            office.update(users["admin"], **fields)
    assert OfficeRow.get().nama_unit == "KECAMATAN BANDUNGAN"
    assert AuditRow.select().count() == before


# -- the office's jenis layanan -----------------------------------------------------------------


def test_admin_renames_deactivates_and_reorders_service_types(
    services: Services, users: dict[str, UserRecord]
) -> None:
    periods, admin = services.periods, users["admin"]
    ktp = periods.add_service_type("01", "KTP elektronik", admin)
    kk = periods.add_service_type("02", "Kartu Keluarga", admin)
    imb = periods.add_service_type("03", "Rekomendasi IMB", admin)
    renamed = periods.update_service_type(kk.id, admin, nama="  Kartu   Keluarga baru ")
    assert (renamed.kode, renamed.nama) == ("02", "Kartu Keluarga baru")
    assert last_audit().action == "layanan_ubah"
    with pytest.raises(ValidationError, match="Kode jenis layanan 01 sudah dipakai"):
        periods.update_service_type(kk.id, admin, kode="01")
    assert periods.set_service_type_active(imb.id, False, admin).active is False
    assert [s.kode for s in periods.service_types()] == ["01", "02"]
    assert periods.set_service_type_active(imb.id, True, admin).active is True
    order = periods.move_service_type(imb.id, -1, admin)
    assert [s.kode for s in order] == ["01", "03", "02"]
    assert [s.kode for s in periods.move_service_type(ktp.id, -1, admin)] == ["01", "03", "02"]
    assert [s.kode for s in periods.move_service_type(ktp.id, 5, admin)] == ["03", "02", "01"]
    assert last_audit().action == "layanan_urutan"


def test_only_admin_manages_service_types(services: Services, users: dict[str, UserRecord]) -> None:
    ktp = services.periods.add_service_type("01", "KTP elektronik", users["admin"])
    for role in ("staf", "sekcam", "camat"):
        with pytest.raises(PermissionDenied, match="Hanya Admin yang dapat mengelola jenis"):
            services.periods.update_service_type(ktp.id, users[role], nama="X")
        with pytest.raises(PermissionDenied):
            services.periods.set_service_type_active(ktp.id, False, users[role])
        with pytest.raises(PermissionDenied):
            services.periods.move_service_type(ktp.id, 1, users[role])
    assert services.periods.service_types() == [ktp]


# -- the jenis layanan of a period ------------------------------------------------------------


def test_staf_adds_and_removes_period_services_and_the_draft_follows(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    staf, periods = users["staf"], services.periods
    kk = periods.add_service_type("02", "Kartu Keluarga", users["admin"])
    ktp = periods.service_types()[0]
    assert services_in_draft(services, period.id) == [{"kode": "01", "nama": "KTP elektronik"}]
    listed = periods.add_period_service(period.id, kk.id, staf)
    assert [s.kode for s in listed] == ["01", "02"]
    assert services_in_draft(services, period.id)[-1] == {"kode": "02", "nama": "Kartu Keluarga"}
    assert "Kartu Keluarga" in services.questionnaire.preview_text(period.id)
    with pytest.raises(ValidationError, match="sudah ada di periode ini"):
        periods.add_period_service(period.id, kk.id, staf)
    assert [s.kode for s in periods.remove_period_service(period.id, ktp.id, staf)] == ["02"]
    assert services_in_draft(services, period.id) == [{"kode": "02", "nama": "Kartu Keluarga"}]
    assert last_audit().action == "dokumen_ubah"
    actions = [r.action for r in AuditRow.select().order_by(AuditRow.id)]
    assert actions.count("periode_layanan_tambah") == 1
    assert actions.count("periode_layanan_hapus") == 1


def test_period_services_refusals(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    periods, staf = services.periods, users["staf"]
    kk = periods.add_service_type("02", "Kartu Keluarga", users["admin"])
    ktp = periods.service_types()[0]
    with pytest.raises(PermissionDenied, match="Hanya Staf"):
        periods.add_period_service(period.id, kk.id, users["admin"])
    periods.set_service_type_active(kk.id, False, users["admin"])
    with pytest.raises(ValidationError, match="nonaktif"):
        periods.add_period_service(period.id, kk.id, staf)
    periods.set_service_type_active(kk.id, True, users["admin"])
    CustomerRow.create(period=period.id, service_type=ktp.id, nama="Warga")
    with pytest.raises(ValidationError, match="Data pelanggan"):
        periods.remove_period_service(period.id, ktp.id, staf)
    CustomerRow.delete().execute()
    document = services.signoff.latest(period.id, sop.KUESIONER)
    assert document is not None
    services.signoff.submit(document.id, staf, PASSWORD)
    with pytest.raises(WorkflowError):
        periods.add_period_service(period.id, kk.id, staf)
    with pytest.raises(WorkflowError):
        periods.remove_period_service(period.id, ktp.id, staf)
    assert [s.kode for s in periods.period_service_types(period.id)] == ["01"]
    assert services_in_draft(services, period.id) == [{"kode": "01", "nama": "KTP elektronik"}]


def test_returned_questionnaire_gets_a_new_version_with_the_service(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    periods, staf = services.periods, users["staf"]
    kk = periods.add_service_type("02", "Kartu Keluarga", users["admin"])
    document = services.signoff.latest(period.id, sop.KUESIONER)
    assert document is not None
    services.signoff.submit(document.id, staf, PASSWORD)
    services.signoff.return_document(document.id, users["sekcam"], PASSWORD, "Tambah KK")
    periods.add_period_service(period.id, kk.id, staf)
    latest = services.signoff.latest(period.id, sop.KUESIONER)
    assert latest is not None and latest.version == document.version + 1
    assert [s["kode"] for s in latest.content["services"]] == ["01", "02"]  # type: ignore[attr-defined]
    assert services.signoff.get(document.id).state == sop.DIKEMBALIKAN
