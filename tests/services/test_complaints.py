"""Complaints: numbering per year (race-safe), what a record needs, disposition and closing,
deadlines in working days and lateness, the register's filters, deadline classes, saran."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from ikm_tui.domain import complaints as rules
from ikm_tui.errors import PermissionDenied, ValidationError, WorkflowError
from ikm_tui.persistence import db as db_module
from ikm_tui.persistence.models import RespondentRow
from ikm_tui.persistence.records import PeriodRecord, UserRecord
from ikm_tui.services.complaints import ComplaintFilter
from ikm_tui.services.registry import Services
from tests.persistence.pg_fixture import needs_postgres, pg_fresh_url, pg_server  # noqa: F401
from tests.services.conftest import START, MovingClock

RECEIVED = dt.datetime(2026, 9, 15, 9, 0)  # a Tuesday


def complaint(**fields: object) -> rules.ComplaintInput:
    values: dict[str, object] = {
        "received_at": RECEIVED,
        "saluran": "Datang langsung",
        "uraian": "Antrean KTP terlalu lama.",
        "unsur_key": "waktu",
    }
    values.update(fields)
    return rules.ComplaintInput(**values)  # type: ignore[arg-type]


def test_numbers_run_per_year(moving_services: Services, moving: MovingClock) -> None:
    from tests.services.conftest import make_users

    users = make_users(moving_services)
    service = moving_services.complaints
    first = service.record(complaint(), users["staf"])
    second = service.record(complaint(pelapor_nama="Ibu Rina"), users["staf"])
    moving.now = dt.datetime(2027, 1, 4, 9, 0)
    third = service.record(complaint(received_at=moving.now), users["staf"])
    assert [first.nomor, second.nomor, third.nomor] == [
        "KLH/2026/001",
        "KLH/2026/002",
        "KLH/2027/001",
    ]
    assert first.anonim and not second.anonim
    assert service.by_nomor("klh/2026/002").id == second.id


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_postgres)])
def backend(request: pytest.FixtureRequest, tmp_path):  # type: ignore[no-untyped-def]
    url = (
        str(tmp_path / "kantor.db")
        if request.param == "sqlite"
        else request.getfixturevalue("pg_fresh_url")
    )
    db_module.connect(url)
    request.addfinalizer(db_module.close)
    return url


def test_four_petugas_at_once_get_four_numbers(backend) -> None:  # type: ignore[no-untyped-def]
    from ikm_tui.clock import fixed_clock
    from tests.services.conftest import make_users

    services = Services(fixed_clock(START))
    staf = make_users(services)["staf"]
    barrier = threading.Barrier(4)
    numbers: list[str] = []

    def record() -> None:
        barrier.wait()
        try:
            numbers.append(services.complaints.record(complaint(), staf).nomor)
        finally:
            db_module.close()

    threads = [threading.Thread(target=record) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == [f"KLH/2026/00{n}" for n in range(1, 5)]


def test_record_refusals(services: Services, users: dict[str, UserRecord]) -> None:
    with pytest.raises(ValidationError, match="nomor tiketnya"):
        services.complaints.record(complaint(saluran=rules.SP4N_LAPOR), users["staf"])
    with pytest.raises(ValidationError, match="Uraian keluhan wajib"):
        services.complaints.record(complaint(uraian="  "), users["staf"])
    with pytest.raises(ValidationError, match="Saluran harus"):
        services.complaints.record(complaint(saluran="Burung merpati"), users["staf"])
    with pytest.raises(ValidationError, match="masa depan"):
        services.complaints.record(
            complaint(received_at=START + dt.timedelta(days=1)), users["staf"]
        )
    with pytest.raises(PermissionDenied):
        services.complaints.record(complaint(), users["admin"])
    lapor = services.complaints.record(
        complaint(saluran=rules.SP4N_LAPOR, lapor_ticket="LAP-1"), users["staf"]
    )
    assert lapor.lapor_ticket == "LAP-1" and lapor.status == rules.BARU


def test_deadline_is_14_working_days_unless_a_shorter_class(
    services: Services, users: dict[str, UserRecord]
) -> None:
    record = services.complaints.record(complaint(), users["staf"])
    assert (record.kelas, record.target_hari) == ("Umum", 14)
    assert record.batas_waktu == dt.date(2026, 10, 5)  # Tue 15 Sep + 14 working days
    with pytest.raises(PermissionDenied):
        services.complaints.set_class("Sederhana", 2, users["staf"])
    with pytest.raises(ValidationError, match="1-14 hari kerja"):
        services.complaints.set_class("Lama", 30, users["admin"])
    services.complaints.set_class("Sederhana", 2, users["admin"])
    assert [(c.nama, c.hari) for c in services.complaints.classes()] == [
        ("Sederhana", 2),
        ("Umum", 14),
    ]
    quick = services.complaints.record(complaint(kelas="Sederhana"), users["staf"])
    assert (quick.target_hari, quick.batas_waktu) == (2, dt.date(2026, 9, 17))
    with pytest.raises(ValidationError, match="tidak dikenal"):
        services.complaints.record(complaint(kelas="Kilat"), users["staf"])


def test_dispose_respond_and_close_within_the_deadline(
    moving_services: Services, moving: MovingClock
) -> None:
    from tests.services.conftest import make_users

    users = make_users(moving_services)
    service = moving_services.complaints
    record = service.record(complaint(), users["staf"])
    moving.advance(hours=2)
    disposed = service.dispose(record.id, users["staf"].id, users["sekcam"], "segera")
    assert disposed.status == rules.DIPROSES
    assert disposed.disposisi_name == "Sari Wulandari, S.AP"
    assert disposed.diteruskan_ke == "Sari Wulandari, S.AP (segera)"
    with pytest.raises(ValidationError, match="Tanggapan kepada pelapor wajib"):
        service.close(record.id, users["staf"], konfirmasi="Pelapor ditelepon")
    moving.advance(days=6)  # Monday 21 Sep
    with pytest.raises(ValidationError, match="Konfirmasi ke pelapor wajib"):
        service.close(record.id, users["staf"], konfirmasi=" ", tanggapan="Loket ditambah")
    closed = service.close(
        record.id, users["staf"], konfirmasi="Pelapor ditelepon, puas", tanggapan="Loket ditambah"
    )
    assert closed.status == rules.SELESAI and closed.selesai_at == moving.now
    assert (closed.lama_hari, closed.overdue) == (4, False)
    with pytest.raises(WorkflowError, match="sudah selesai"):
        service.respond(record.id, users["staf"], tanggapan="lagi")
    moving.advance(days=60)
    assert not service.get(record.id).overdue


def test_open_complaint_past_its_deadline_is_overdue(
    moving_services: Services, moving: MovingClock
) -> None:
    from tests.services.conftest import make_users

    users = make_users(moving_services)
    service = moving_services.complaints
    record = service.record(complaint(), users["staf"])
    moving.now = dt.datetime(2026, 10, 5, 16, 0)
    assert not service.get(record.id).overdue
    assert service.overdue() == []
    moving.now = dt.datetime(2026, 10, 6, 8, 0)
    assert service.get(record.id).overdue
    assert [r.nomor for r in service.overdue()] == [record.nomor]
    late = service.close(record.id, users["staf"], konfirmasi="ditelepon", tanggapan="maaf")
    assert late.overdue and late.lama_hari == 15  # closed late stays marked in the register
    assert service.overdue() == []  # but no longer warns on the dashboard


def test_register_filters_and_search(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    ktp = services.periods.service_types()[0]
    service = services.complaints
    a = service.record(
        complaint(service_type_id=ktp.id, pelapor_nama="Bapak Slamet"), users["staf"]
    )
    b = service.record(
        complaint(received_at=dt.datetime(2026, 8, 3, 10, 0), unsur_key="sarana", uraian="Kipas"),
        users["staf"],
    )
    service.dispose(b.id, users["staf"].id, users["camat"])
    everything = service.list()
    assert [r.nomor for r in everything] == [a.nomor, b.nomor]
    in_period = service.list(service.period_filter(period.id))  # from 1 September 2026
    assert [r.nomor for r in in_period] == [a.nomor]
    assert [r.nomor for r in service.list(ComplaintFilter(status="diproses"))] == [b.nomor]
    assert [r.nomor for r in service.list(ComplaintFilter(unsur_key="sarana"))] == [b.nomor]
    assert [r.nomor for r in service.list(ComplaintFilter(service_type_id=ktp.id))] == [a.nomor]
    assert [r.service_name for r in service.list(ComplaintFilter(search="slamet"))] == [ktp.nama]
    assert [r.nomor for r in service.list(ComplaintFilter(search="KIPAS"))] == [b.nomor]
    assert [r.nomor for r in service.list(service.year_filter(2027))] == []
    assert service.counts_by_unsur(period.id) == {"waktu": 1}
    assert [r.nomor for r in service.open_complaints(period.id)] == [a.nomor]


def test_saran_of_a_period(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    ktp = services.periods.service_types()[0]
    for nomor, (text, source, excluded) in enumerate(
        [
            ("Perbanyak kursi ruang tunggu", "kertas", False),
            ("", "kertas", False),
            ("Antrean online", "impor", False),
            ("Kursi rusak", "kertas", True),
        ],
        start=1,
    ):
        RespondentRow.create(
            period=period.id,
            nomor=nomor,
            saran=text,
            source=source,
            excluded=excluded,
            service_type=ktp.id,
            created_at=START,
            updated_at=START,
        )
    assert [s.nomor for s in services.complaints.saran(period.id)] == [1, 3]
    assert [s.saran for s in services.complaints.saran(period.id, "KURSI")] == [
        "Perbanyak kursi ruang tunggu"
    ]
    assert [s.nomor for s in services.complaints.saran(period.id, source="impor")] == [3]
    assert services.complaints.saran(period.id)[0].service_name == ktp.nama
