"""Provides `pg_url` and `pg_fresh_url`: empty PostgreSQL databases for a session or a test.

The server itself is `pg_server` from tests/services/conftest.py (a throwaway cluster started
with initdb as the `postgres` account when running as root, on a free 127.0.0.1 port, stopped
at session end; or the server named by $IKM_TEST_PG_URL). Import both names into the test
module so pytest sees them:

    from tests.persistence.pg_fixture import needs_postgres, pg_server, pg_url  # noqa: F401

Tests marked `needs_postgres` skip when PostgreSQL is missing, unless $CI is set: then the
fixture fails loudly instead.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.services.conftest import _admin_sql, needs_postgres, pg_server

__all__ = ["fresh_database", "needs_postgres", "pg_fresh_url", "pg_server", "pg_url"]


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
