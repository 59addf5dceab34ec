"""Provides `pg_url` and `pg_fresh_url`: empty PostgreSQL databases for a session or a test.

The server is the one tests/services/conftest.py starts (a throwaway cluster made with initdb
as the `postgres` account when running as root, on a free 127.0.0.1 port, stopped at session
end; or the server named by $IKM_TEST_PG_URL), shared here: every module importing this
`pg_server` gets the same server, started once per test process and stopped after its last
user. Import the names into the test module so pytest sees them:

    from tests.persistence.pg_fixture import needs_postgres, pg_server, pg_url  # noqa: F401

Tests marked `needs_postgres` skip when PostgreSQL is missing, unless $CI is set: then the
fixture fails loudly instead.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.services import conftest as services_conftest
from tests.services.conftest import _admin_sql, needs_postgres

__all__ = ["fresh_database", "needs_postgres", "pg_fresh_url", "pg_server", "pg_url"]


class _Shared:
    """The process's one server: its URL, the running fixture generator, how many hold it."""

    users = 0
    url = ""
    server: Iterator[str] | None = None


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """postgresql://... of the shared server (no database name); see the module docstring."""
    if _Shared.users == 0:
        _Shared.server = services_conftest.pg_server.__wrapped__()  # type: ignore[attr-defined]
        _Shared.url = next(_Shared.server)
    _Shared.users += 1
    try:
        yield _Shared.url
    finally:
        _Shared.users -= 1
        if _Shared.users == 0 and _Shared.server is not None:
            next(_Shared.server, None)  # runs the fixture's own stop and clean-up
            _Shared.server = None


@contextmanager
def fresh_database(server: str) -> Iterator[str]:
    """A new database on `server` while the block runs; dropped with its connections after."""
    name = f"ikm_pg_{uuid.uuid4().hex[:10]}"
    _admin_sql(server, f"CREATE DATABASE {name}")
    # a throwaway database need not wait for each commit to reach the disk
    _admin_sql(server, f"ALTER DATABASE {name} SET synchronous_commit = off")
    try:
        yield f"{server}/{name}"
    finally:
        from ikm_tui.persistence import db

        db.close()
        _admin_sql(server, f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def pg_url(pg_server: str) -> Iterator[str]:  # noqa: F811 (pg_server is the fixture above)
    """postgresql://... of a new database shared by the session (not migrated yet)."""
    with fresh_database(pg_server) as url:
        yield url


@pytest.fixture
def pg_fresh_url(pg_server: str) -> Iterator[str]:  # noqa: F811
    """postgresql://... of a new database for one test (not migrated yet)."""
    with fresh_database(pg_server) as url:
        yield url
