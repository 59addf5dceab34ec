"""Provides the migration tests: a file made with the first schema is upgraded and stays usable,
a migrated database has exactly the schema today's models declare (SQLite and PostgreSQL), and
each migration runs once.

tests/fixtures/schema_v1.db was made by tests/fixtures/make_schema_v1.py (migration 1 only).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from peewee import Database, SqliteDatabase

from ikm_tui.clock import fixed_clock
from ikm_tui.domain.regimes import PERMENPANRB_2017
from ikm_tui.persistence import db as db_module
from ikm_tui.persistence.models import ALL_TABLES
from ikm_tui.services.registry import Services
from tests.fixtures import make_schema_v1 as v1
from tests.persistence.pg_fixture import fresh_database, needs_postgres, pg_server  # noqa: F401

NOW = dt.datetime(2026, 3, 2, 10, 0)

Schema = dict[str, dict[str, Any]]


def schema_of(database: Database) -> Schema:
    """Per table: columns (type, null, primary key, default), indexes (name, columns, unique)
    and foreign keys, as the database itself reports them."""
    result: Schema = {}
    for table in database.get_tables():
        result[table] = {
            "columns": {
                c.name: (c.data_type.lower(), c.null, c.primary_key, c.default)
                for c in database.get_columns(table)
            },
            "indexes": sorted(
                (i.name, tuple(i.columns), i.unique)
                for i in database.get_indexes(table)
                if not i.name.endswith("_pkey") and not i.name.startswith("sqlite_autoindex_")
            ),
            "foreign_keys": sorted(
                (f.column, f.dest_table, f.dest_column) for f in database.get_foreign_keys(table)
            ),
        }
    return result


def declared_schema(database: Database) -> Schema:
    """The schema today's models declare: `create_tables` of them into an empty `database`."""
    with database.bind_ctx(ALL_TABLES):
        database.create_tables(ALL_TABLES)
    db_module.unbounded_text(database)  # on PostgreSQL text is unbounded by design (migration 3)
    return schema_of(database)


def _sqlite_declared(tmp_path: Path) -> Schema:
    reference = SqliteDatabase(str(tmp_path / "declared.db"))
    try:
        return declared_schema(reference)
    finally:
        reference.close()


def _upgraded_copy(tmp_path: Path) -> str:
    target = tmp_path / "kantor-lama.db"
    shutil.copyfile(v1.FIXTURE, target)
    return str(target)


def _spy_migrations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Replace MIGRATIONS by wrappers that record which versions they upgrade to."""
    ran: list[int] = []

    def spy(version: int, migration: Callable[[Database], None]) -> Callable[[Database], None]:
        def run(database: Database) -> None:
            ran.append(version)
            migration(database)

        return run

    monkeypatch.setattr(
        db_module,
        "MIGRATIONS",
        [spy(i + 1, m) for i, m in enumerate(db_module.MIGRATIONS)],
    )
    return ran


def test_the_fixture_is_a_first_schema_file() -> None:
    database = SqliteDatabase(str(v1.FIXTURE))
    try:
        from ikm_tui.persistence.models import MetaRow

        with database.bind_ctx([MetaRow]):
            assert MetaRow.get(MetaRow.key == db_module.SCHEMA_VERSION_KEY).value == "1"
        names = {i.name for i in database.get_indexes("answer")}
        assert "answerrow_respondent_id" in names  # dropped by migration 4
    finally:
        database.close()


def test_a_first_schema_file_is_upgraded_and_its_data_usable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran = _spy_migrations(monkeypatch)
    database = db_module.connect(_upgraded_copy(tmp_path))
    try:
        assert ran == list(range(2, db_module.SCHEMA_VERSION + 1))
        assert db_module.schema_version(database) == db_module.SCHEMA_VERSION
        assert schema_of(database) == _sqlite_declared(tmp_path)
        services = Services(fixed_clock(NOW))
        user = services.auth.login("lama", v1.PASSWORD)
        assert user.full_name == "Sri Lestari, S.Sos" and user.has_role("staf")
        (period,) = services.periods.list()
        assert (period.name, period.current_step) == (v1.PERIOD_NAME, 1)
        assert services.office.get().nama_unit == "KECAMATAN BANDUNGAN"
        summary = services.tabulation.summary(period.id)
        assert summary.respondents == 2  # the third form is excluded
        assert summary.score is not None
        nrr = {u.key: u.nrr for u in summary.score.unsur}
        assert (nrr["persyaratan"], nrr["waktu"], nrr["sarana"]) == (
            Fraction(7, 2),
            Fraction(5, 2),
            Fraction(3),  # the second form left it unanswered
        )
        # today's services write to the upgraded file
        (layanan,) = services.periods.period_service_types(period.id)
        created = services.periods.create(
            "Periode Baru 2026",
            user,
            regime_id=PERMENPANRB_2017,
            start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2026, 6, 30),
            service_type_ids=[layanan.id],
        )
        assert {p.name for p in services.periods.list()} == {"Periode Baru 2026", v1.PERIOD_NAME}
        assert services.signoff.latest(created.id, "kuesioner") is not None
    finally:
        db_module.close()


def test_migrations_run_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(tmp_path / "sekali.db")
    ran = _spy_migrations(monkeypatch)
    db_module.connect(path)
    db_module.close()
    assert ran == list(range(1, db_module.SCHEMA_VERSION + 1))
    ran.clear()
    database = db_module.connect(path)
    try:
        assert ran == []  # a second connect applies nothing
        assert db_module.schema_version(database) == db_module.SCHEMA_VERSION
    finally:
        db_module.close()


def test_a_new_sqlite_database_has_exactly_the_declared_schema(tmp_path: Path) -> None:
    database = db_module.connect(str(tmp_path / "baru.db"))
    try:
        migrated = schema_of(database)
    finally:
        db_module.close()
    declared = _sqlite_declared(tmp_path)
    assert set(migrated) == {t._meta.table_name for t in ALL_TABLES}
    assert migrated == declared


@needs_postgres
def test_a_new_postgres_database_has_exactly_the_declared_schema(pg_server: str) -> None:  # noqa: F811
    with fresh_database(pg_server) as url:
        database = db_module.connect(url)
        try:
            migrated = schema_of(database)
        finally:
            db_module.close()
    with fresh_database(pg_server) as url:
        from playhouse.db_url import connect as connect_url

        reference = connect_url(url)
        try:
            declared = declared_schema(reference)
        finally:
            reference.close()
    assert set(migrated) == {t._meta.table_name for t in ALL_TABLES}
    assert migrated == declared
