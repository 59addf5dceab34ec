"""PostgreSQL for a kabupaten, against the real server: the application role reads and writes
but can neither change nor remove audit entries; `migrate-db` copies an office's SQLite
database into PostgreSQL and verifies the copy."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from ikm_tui.cli import main
from ikm_tui.persistence import db as db_module
from tests.persistence.pg_fixture import needs_postgres, pg_fresh_url, pg_server  # noqa: F401
from tests.services.conftest import _admin_sql

pytestmark = needs_postgres


def as_role(url: str, role: str, password: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{role}:{password}@{rest.split('@', 1)[1]}"


@pytest.fixture
def app_role(pg_server: str, pg_fresh_url: str) -> Iterator[str]:  # noqa: F811
    import psycopg2

    role = f"ikm_app_{uuid.uuid4().hex[:8]}"
    _admin_sql(pg_server, f"CREATE ROLE {role} LOGIN PASSWORD 'sandi-aplikasi'")
    yield role
    db_module.close()
    connection = psycopg2.connect(pg_fresh_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {role}")
    connection.close()
    _admin_sql(pg_server, f"DROP ROLE {role}")


def test_the_app_role_cannot_change_or_remove_audit_entries(
    pg_fresh_url: str,  # noqa: F811
    app_role: str,
    capsys: pytest.CaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import psycopg2

    from ikm_tui.services.registry import Services
    from tests.services.conftest import PASSWORD, make_period, make_users

    db_module.connect(pg_fresh_url)  # the owner creates the schema
    services = Services()
    users = make_users(services)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
    admin = ["--as", users["admin"].username, "--password-stdin"]
    assert main(["--db", pg_fresh_url, "pg-grant", app_role, *admin]) == 0
    assert "tidak dapat diubah atau dihapus" in capsys.readouterr().out
    db_module.close()

    app_url = as_role(pg_fresh_url, app_role, "sandi-aplikasi")
    db_module.connect(app_url)  # the office's everyday login works as usual
    make_period(services, users["staf"])
    db_module.close()
    assert main(["--db", app_url, "verify"]) == 0

    connection = psycopg2.connect(app_url)
    try:
        for statement in (
            "UPDATE audit SET action = 'diubah' WHERE id = 1",
            "DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)",
            "TRUNCATE audit",
        ):
            with (
                pytest.raises(psycopg2.errors.InsufficientPrivilege),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement)
            connection.rollback()
        with connection.cursor() as cursor:  # but every other table is the app's to write
            cursor.execute("UPDATE period SET name = name")
        connection.rollback()
    finally:
        connection.close()


def test_migrate_db_copies_sqlite_into_postgres_and_verifies(
    pg_fresh_url: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    admin = ["--as", "admin", "--password-stdin"]
    monkeypatch.setattr("sys.stdin", io.StringIO("admin2026\n" * 3))
    source = tmp_path / "kantor.db"
    assert main(["--db", str(source), "demo"]) == 0
    capsys.readouterr()
    assert main(["--db", str(source), "migrate-db", "--to", pg_fresh_url, *admin]) == 0
    out = capsys.readouterr().out
    assert "cocok" in out and "578 responden" in out
    db_module.close()
    assert main(["--db", pg_fresh_url, "verify"]) == 0
    assert main(["--db", pg_fresh_url, "periods", "--json"]) == 0
    assert "Periode II 2026" in capsys.readouterr().out

    # new rows continue after the copied ids (sequences moved past them)
    from ikm_tui.services.registry import Services

    db_module.connect(pg_fresh_url)
    services = Services()
    services.periods.add_service_type("99", "Layanan baru", services.users.get("admin"))
    db_module.close()

    # a second copy into a database that is no longer empty is refused
    assert main(["--db", str(source), "migrate-db", "--to", pg_fresh_url, *admin]) == 1
    assert "kosong" in capsys.readouterr().err


def test_migrate_db_refuses_a_non_postgres_target(tmp_path: Path, capsys, monkeypatch) -> None:
    source = tmp_path / "kantor.db"
    assert main(["--db", str(source), "demo"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("admin2026\n"))
    target = ["--to", str(tmp_path / "lain.db"), "--as", "admin", "--password-stdin"]
    assert main(["--db", str(source), "migrate-db", *target]) == 1
    assert "postgresql://" in capsys.readouterr().err
