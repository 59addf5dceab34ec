"""Provides service-test fixtures: a file DB, one user per role (made through UserService),
services on a frozen or movable clock, a period at step 1, and helpers to walk the SOP.

Fixtures (all function-scoped, building on `db` and `clock` from tests/conftest.py):
    services -> Services(clock) on the frozen clock (15 Sep 2026 09.30)
    users    -> {"admin", "staf", "sekcam", "camat"}: UserRecord, password PASSWORD
    period   -> a PeriodRecord at step 1 with its draft kuesioner (one jenis layanan "01")
    moving   -> a MovingClock; `moving_services` are Services on it (for deadlines, lockouts)
    pg_db    -> the same schema on a throwaway PostgreSQL database (tests marked needs_postgres;
                $IKM_TEST_PG_URL names an existing server, else initdb starts one per session)
Helpers: approve_questionnaire(services, users, period_id), add_respondents(period_id, n),
    walk_to(services, users, period_id, step_no) brings a period to a step,
    sign_through(services, users, document_id) runs the three signatures,
    tamper(db_path, sql) edits the file through the sqlite3 module (audit tests).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import os
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from peewee import Database

from ikm_tui.domain import sop
from ikm_tui.persistence import db as db_module
from ikm_tui.persistence.models import RespondentRow
from ikm_tui.persistence.records import PeriodRecord, UserRecord
from ikm_tui.services.registry import Services

PASSWORD = "rahasia-kantor-1"
START = dt.datetime(2026, 9, 15, 9, 30)  # a Tuesday; the frozen clock of tests/conftest.py
PEOPLE = {
    "admin": ("admin", "Admin Kecamatan", "", "Pengelola Aplikasi", "", ("admin",)),
    "staf": (
        "sari",
        "Sari Wulandari, S.AP",
        "199001012015032001",
        "Pelaksana",
        "Penata Muda / III-a",
        ("staf",),
    ),
    "sekcam": (
        "budi",
        "Drs. Budi Santoso, M.Si",
        "197505052000031002",
        "Sekretaris Camat",
        "Pembina / IV-a",
        ("sekcam",),
    ),
    "camat": (
        "agus",
        "Agus Prasetyo, S.STP, M.Si",
        "198003032002121003",
        "Camat",
        "Pembina Tingkat I / IV-b",
        ("camat",),
    ),
}


class MovingClock:
    """A clock tests move forward by hand: `clock.advance(minutes=16)`."""

    def __init__(self, now: dt.datetime = START) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def make_users(services: Services) -> dict[str, UserRecord]:
    users: dict[str, UserRecord] = {}
    for role, (username, name, nip, jabatan, pangkat, roles) in PEOPLE.items():
        users[role] = services.users.add(
            username, name, nip, jabatan, pangkat, roles, PASSWORD, users.get("admin")
        )
    return users


def make_period(services: Services, staf: UserRecord) -> PeriodRecord:
    services.periods.add_service_type("01", "KTP elektronik", staf)
    return services.periods.create("SKM Semester II 2026", staf, start_date=dt.date(2026, 9, 1))


@pytest.fixture
def services(db, clock) -> Services:
    return Services(clock)


@pytest.fixture
def users(services: Services) -> dict[str, UserRecord]:
    return make_users(services)


@pytest.fixture
def period(services: Services, users: dict[str, UserRecord]) -> PeriodRecord:
    return make_period(services, users["staf"])


@pytest.fixture
def at_step4(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> PeriodRecord:
    """The period with its kuesioner approved: step 4 (survey, entry and import) is current."""
    walk_to(services, users, period.id, 4)
    return period


@pytest.fixture
def step4(at_step4: PeriodRecord) -> int:
    """The id of the period at step 4 (see `at_step4`)."""
    return at_step4.id


@pytest.fixture
def moving(db) -> MovingClock:
    return MovingClock()


@pytest.fixture
def moving_services(moving: MovingClock) -> Services:
    return Services(moving)


def approve_questionnaire(services: Services, users: dict[str, UserRecord], period_id: int) -> None:
    """Staf submits, Sekretaris Camat checks, Camat approves the latest kuesioner."""
    document = services.signoff.latest(period_id, sop.KUESIONER)
    assert document is not None
    services.signoff.submit(document.id, users["staf"], PASSWORD)
    services.signoff.approve(document.id, users["sekcam"], PASSWORD)
    services.signoff.approve(document.id, users["camat"], PASSWORD)


def add_respondents(period_id: int, count: int, now: dt.datetime = START) -> None:
    """Counted respondents written straight to the table (entry has its own tests)."""
    for number in range(1, count + 1):
        RespondentRow.create(period=period_id, nomor=number, created_at=now, updated_at=now)


def sign_through(services: Services, users: dict[str, UserRecord], document_id: int) -> None:
    services.signoff.submit(document_id, users["staf"], PASSWORD)
    services.signoff.approve(document_id, users["sekcam"], PASSWORD)
    services.signoff.approve(document_id, users["camat"], PASSWORD)


def complete_ptpp(**changes: object) -> object:
    """A PtppInput with parts 1 and 2 filled in (free text finding)."""
    from dataclasses import replace

    from ikm_tui.services.ptpp import PtppInput

    base = PtppInput(
        sumber="lain",
        persyaratan="Standar pelayanan kecamatan",
        uraian="Antrean KTP panjang pada hari Senin",
        batas_waktu=dt.date(2026, 9, 22),
        analisis_penyebab="Satu loket untuk semua layanan",
        koreksi="Loket kedua dibuka hari Senin",
        tindakan_perbaikan="Nomor antrean dan petugas tambahan",
        tindakan_pencegahan="Jadwal piket loket bulanan",
        pic="Sekretaris Camat",
        target_selesai=dt.date(2026, 10, 30),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def walk_to(services: Services, users: dict[str, UserRecord], period_id: int, step_no: int) -> None:
    """Bring a period at step 1 to `step_no` (4, 5, 6, 8, 9) along the happy path."""
    approve_questionnaire(services, users, period_id)
    if step_no == 4:
        return
    add_respondents(period_id, 3)
    services.workflow.close_collection(period_id, users["staf"])
    if step_no == 5:
        return
    laporan = services.signoff.create(
        period_id, sop.LAPORAN, "Laporan SKM Semester II 2026", {"ikm": "88,31"}, users["staf"]
    )
    sign_through(services, users, laporan.id)
    if step_no == 6:
        return
    services.meeting.record(
        period_id,
        users["staf"],
        acara="Pembahasan hasil SKM",
        tanggal=dt.date(2026, 9, 16),
        attendee_user_ids=[u.id for u in users.values()],
    )
    services.workflow.advance(period_id, 6, users["camat"])
    if step_no == 8:
        return
    services.workflow.advance(period_id, 8, users["camat"], reason="Semua unsur bermutu A.")


def tamper(path: Path, sql: str, *params: object) -> None:
    """Change the database behind the app's back, as someone with the sqlite3 shell would."""
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(sql, params)
    connection.close()


def write_file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _pg_tool(name: str) -> str | None:
    found = shutil.which(name)
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found or (candidates[-1] if candidates else None)


needs_postgres = pytest.mark.skipif(
    (_pg_tool("initdb") is None or shutil.which("psql") is None)
    and not os.environ.get("CI")
    and not os.environ.get("IKM_TEST_PG_URL"),
    reason="PostgreSQL (initdb, psql) tidak terpasang",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A PostgreSQL server URL without a database name; started with initdb unless given."""
    if os.environ.get("IKM_TEST_PG_URL"):
        yield os.environ["IKM_TEST_PG_URL"].rstrip("/")
        return
    initdb, pg_ctl = _pg_tool("initdb"), _pg_tool("pg_ctl")
    assert initdb and pg_ctl, "initdb/pg_ctl tidak ditemukan"
    base = Path(tempfile.mkdtemp(prefix="ikm-pg-"))
    as_root = os.geteuid() == 0  # PostgreSQL refuses to run as root: use its own account

    def run(*command: str) -> None:
        argv = ["su", "postgres", "-c", shlex.join(command)] if as_root else list(command)
        subprocess.run(argv, check=True, capture_output=True, timeout=120)

    if as_root:
        shutil.chown(base, "postgres")
    port, data = _free_port(), str(base / "data")
    run(initdb, "-D", data, "-A", "trust", "-U", "postgres")
    run(
        pg_ctl,
        "-D",
        data,
        "-w",
        "-l",
        str(base / "log"),
        "-o",
        f"-p {port} -k {base} -c listen_addresses=127.0.0.1",
        "start",
    )
    server_pid = int((base / "data" / "postmaster.pid").read_text().split()[0])
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        _stop_server(run, pg_ctl, data, server_pid)
        shutil.rmtree(base, ignore_errors=True)


def _stop_server(run: Callable[..., None], pg_ctl: str, data: str, server_pid: int) -> None:
    """pg_ctl stop; should that fail, end the server this fixture started, by its own pid."""
    try:
        run(pg_ctl, "-D", data, "-m", "immediate", "stop")
    except subprocess.CalledProcessError:
        with contextlib.suppress(ProcessLookupError):
            os.kill(server_pid, signal.SIGQUIT)  # PostgreSQL's "immediate shutdown" signal


def _admin_sql(server: str, sql: str) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{server}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


@pytest.fixture
def pg_db(pg_server: str) -> Iterator[Database]:
    """A fresh, migrated PostgreSQL database, dropped afterwards."""
    name = f"ikm_test_{uuid.uuid4().hex[:10]}"
    _admin_sql(pg_server, f"CREATE DATABASE {name}")
    database = db_module.connect(f"{pg_server}/{name}")
    yield database
    db_module.close()
    _admin_sql(pg_server, f"DROP DATABASE {name} WITH (FORCE)")
