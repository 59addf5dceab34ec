"""Provides tests of one office database shared by several users at once, on SQLite and on
PostgreSQL: simultaneous saves and imports all land with distinct form numbers, and text longer
than a column's nominal length behaves the same on both databases."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from ikm_tui.clock import fixed_clock
from ikm_tui.errors import AuthError
from ikm_tui.persistence import audit_log, db
from ikm_tui.persistence.models import AuditRow, RespondentRow, database_proxy
from ikm_tui.persistence.records import UserRecord
from ikm_tui.persistence.respondents import FormData
from ikm_tui.services.registry import Services
from tests.persistence.pg_fixture import needs_postgres, pg_fresh_url, pg_server  # noqa: F401
from tests.services.conftest import PASSWORD, START, make_period, make_users, walk_to

BACKENDS = ["sqlite", pytest.param("postgresql", marks=needs_postgres)]


@pytest.fixture(params=BACKENDS)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database of each kind (connected), closed afterwards."""
    url = (
        str(tmp_path / "kantor.db")
        if request.param == "sqlite"
        else request.getfixturevalue("pg_fresh_url")
    )
    db.connect(url)
    request.addfinalizer(db.close)
    return url


@pytest.fixture
def office(target: str) -> tuple[Services, dict[str, UserRecord], int]:
    """Two Staf and a period in data collection (step 4)."""
    services = Services(fixed_clock(START))
    users = make_users(services)
    users["staf2"] = services.users.add(
        "dewi",
        "Dewi Lestari",
        "199202022016032002",
        "Pelaksana",
        "",
        ("staf",),
        PASSWORD,
        users["admin"],
    )
    period = make_period(services, users["staf"])
    walk_to(services, users, period.id, 4)
    return services, users, period.id


def _at_once(*jobs: Callable[[], None]) -> list[BaseException]:
    """Run the jobs in threads started together; each thread has its own connection."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(jobs))

    def run(job: Callable[[], None]) -> None:
        barrier.wait()
        try:
            job()
        except BaseException as exc:  # noqa: BLE001 (reported by the test)
            errors.append(exc)
        finally:
            database_proxy.obj.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _saver(services: Services, user: UserRecord, period_id: int, count: int) -> Callable[[], None]:
    layout = services.entry.layout(period_id)

    def save() -> None:
        for number in range(count):
            answers: dict[str, int | None] = {key: number % 4 + 1 for key in layout.unsur_keys}
            form = FormData(
                service_type_id=layout.services[0][1],
                tanggal_survei=dt.date(2026, 9, 14),
                answers=answers,
            )
            services.entry.save_form(period_id, form, user)

    return save


def _numbers(period_id: int) -> list[int]:
    return sorted(r.nomor for r in RespondentRow.select().where(RespondentRow.period == period_id))


def test_two_clerks_saving_at_once_get_distinct_numbers(office) -> None:
    services, users, period_id = office
    errors = _at_once(
        _saver(services, users["staf"], period_id, 25),
        _saver(services, users["staf2"], period_id, 25),
    )
    assert errors == []
    assert _numbers(period_id) == list(range(1, 51))
    assert services.entry.progress(period_id).count == 50
    assert AuditRow.select().where(AuditRow.action == "formulir_simpan").count() == 50
    assert audit_log.verify_chain() is None


def test_an_import_while_a_clerk_saves_keeps_every_row(office, tmp_path: Path) -> None:
    services, users, period_id = office
    path = tmp_path / "daring.csv"
    rows = [",".join(str((n + u) % 4 + 1) for u in range(9)) for n in range(40)]
    path.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n" + "\n".join(rows) + "\n", encoding="utf-8")

    def import_file() -> None:
        services.importer.commit(period_id, path, None, users["staf2"])

    errors = _at_once(_saver(services, users["staf"], period_id, 15), import_file)
    assert errors == []
    assert _numbers(period_id) == list(range(1, 56))
    assert audit_log.verify_chain() is None


def test_text_beyond_a_columns_length_behaves_as_on_sqlite(office) -> None:
    services, users, period_id = office
    with pytest.raises(AuthError):
        services.auth.login("x" * 100, "bukan-sandinya")
    long_name = "Layanan " + "rekomendasi izin keramaian " * 12
    added = services.periods.add_service_type("77", long_name, users["admin"])
    assert services.periods.service_types()[-1] == added and added.nama == long_name.strip()
    assert audit_log.verify_chain() is None
