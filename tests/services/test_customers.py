"""Tests CustomerService: typed and imported populations, and sample targets for both regimes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ikm_tui.domain.regimes import KEPMENPAN_2004, PERMENPANRB_2017
from ikm_tui.errors import InputFileError, PermissionDenied, ValidationError, WorkflowError
from ikm_tui.persistence.models import (
    AuditRow,
    CustomerRow,
    PeriodRow,
    PeriodServiceRow,
    ServiceTypeRow,
)
from ikm_tui.services.customers import CustomerService
from tests.concept_helpers import SERVICES, add_signers


@pytest.fixture
def setup(db, clock):
    """Three signers and a period (rows made directly) with three jenis layanan."""
    users = add_signers(clock)

    def make(regime_id: str = PERMENPANRB_2017) -> int:
        period = PeriodRow.create(
            name="Uji",
            regime_id=regime_id,
            start_date=dt.date(2026, 9, 1),
            end_date=dt.date(2026, 12, 31),
            current_step=1,
            created_at=clock(),
        )
        for order, (kode, nama) in enumerate(SERVICES):
            service, _ = ServiceTypeRow.get_or_create(
                kode=kode, defaults={"nama": nama, "sort_order": order}
            )
            PeriodServiceRow.create(period=period.id, service_type=service.id)
        return period.id

    return users, make, CustomerService(clock)


def _ids(service: CustomerService, period_id: int) -> dict[str, int]:
    return {p.kode: p.service_type_id for p in service.populations(period_id)}


def test_typed_populations_give_krejcie_morgan_targets(setup):
    users, make, service = setup
    period_id = make()
    ids = _ids(service, period_id)
    assert service.targets(period_id).overall is None  # nothing known yet
    service.set_population(period_id, ids["01"], 600, users["staf"])
    service.set_population(period_id, ids["02"], 300, users["staf"])
    targets = service.targets(period_id)
    assert not targets.complete
    service.set_population(period_id, ids["03"], 100, users["staf"])
    targets = service.targets(period_id)
    assert targets.complete and targets.total_population == 1000
    assert targets.overall == 278  # Krejcie & Morgan N=1000
    assert targets.for_service(ids["01"]) == 234  # N=600
    assert targets.for_service(ids["03"]) == 80  # N=100
    assert "Krejcie" in targets.method
    assert AuditRow.select().where(AuditRow.action == "populasi_ubah").count() == 3


def test_2004_targets_are_fixed_overall_with_proportional_shares(setup):
    users, make, service = setup
    period_id = make(KEPMENPAN_2004)
    ids = _ids(service, period_id)
    assert service.targets(period_id).overall == 150  # (14 + 1) x 10, population not needed
    for kode, n in (("01", 500), ("02", 300), ("03", 200)):
        service.set_population(period_id, ids[kode], n, users["staf"])
    targets = service.targets(period_id)
    assert targets.overall == 150
    assert [t.minimum for t in targets.services] == [75, 45, 30]
    assert "(jumlah unsur + 1) x 10" in targets.method


def test_set_population_refuses_other_roles_bad_values_and_closed_periods(setup):
    users, make, service = setup
    period_id = make()
    first = _ids(service, period_id)["01"]
    with pytest.raises(PermissionDenied):
        service.set_population(period_id, first, 10, users["camat"])
    with pytest.raises(ValidationError):
        service.set_population(period_id, first, -1, users["staf"])
    PeriodRow.update(current_step=5).where(PeriodRow.id == period_id).execute()
    with pytest.raises(WorkflowError):
        service.set_population(period_id, first, 10, users["staf"])
    assert service.populations(period_id)[0].population is None


def test_import_counts_from_csv_by_kode_or_nama(setup, tmp_path: Path):
    users, make, service = setup
    period_id = make()
    path = tmp_path / "populasi.csv"
    path.write_text("Jenis Layanan;Jumlah\n01;1.200\nKartu keluarga;300\n3;50\n", encoding="utf-8")
    summary = service.import_file(period_id, path, users["staf"])
    assert summary.populations == {"01": 1200, "02": 300, "03": 50}
    assert [p.population for p in service.populations(period_id)] == [1200, 300, 50]
    assert service.targets(period_id).overall == 308  # N=1550 (table: 1500 -> 306, 1600 -> 310)


def test_import_customer_list_from_xlsx_counts_per_service(setup, tmp_path: Path):
    import openpyxl

    users, make, service = setup
    period_id = make()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Nama", "Alamat", "Jenis layanan", "Tanggal"])
    sheet.append(["Siti", "Duren", "01", dt.datetime(2026, 1, 5)])
    sheet.append(["Agus", "Jetis", "KTP elektronik", "06-01-2026"])
    sheet.append(["Rina", "Kenteng", "03", None])
    path = tmp_path / "pelanggan.xlsx"
    book.save(path)
    summary = service.import_file(period_id, path, users["staf"])
    assert summary.customers == 3
    assert summary.populations == {"01": 2, "02": 0, "03": 1}
    dates = sorted(str(r.tanggal_layanan) for r in CustomerRow.select())
    assert dates == ["2026-01-05", "2026-01-06", "None"]


def test_bad_file_names_row_and_column_and_stores_nothing(setup, tmp_path: Path):
    users, make, service = setup
    period_id = make()
    path = tmp_path / "populasi.csv"
    path.write_text("jenis layanan,jumlah\n01,100\n09,5\n02,dua puluh\n02,12.5\n", encoding="utf-8")
    audit_before = AuditRow.select().count()
    with pytest.raises(InputFileError) as caught:
        service.import_file(period_id, path, users["staf"])
    message = caught.value.message
    assert "populasi.csv, baris 3, kolom jenis layanan (A)" in message and "09" in message
    assert "baris 4, kolom jumlah (B)" in message and "baris 5, kolom jumlah (B)" in message
    assert [p.population for p in service.populations(period_id)] == [None, None, None]
    assert AuditRow.select().count() == audit_before


def test_unreadable_or_unknown_files_are_input_errors(setup, tmp_path: Path):
    users, make, service = setup
    period_id = make()
    wrong = tmp_path / "x.csv"
    wrong.write_text("a,b\n1,2\n", encoding="utf-8")
    broken = tmp_path / "y.xlsx"
    broken.write_bytes(b"bukan zip")
    for path, words in (
        (wrong, "kolom"),
        (broken, "tidak dapat dibaca"),
        (tmp_path / "tidak-ada.csv", "tidak ditemukan"),
    ):
        with pytest.raises(InputFileError) as caught:
            service.import_file(period_id, path, users["staf"])
        assert words in caught.value.message
