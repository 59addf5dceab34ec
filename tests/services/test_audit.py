"""Tests the hash-chained audit log: tampering through the sqlite3 module is found and named."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from peewee import Database

from ikm_tui.clock import fixed_clock
from ikm_tui.errors import AuthError
from ikm_tui.persistence import audit_log
from ikm_tui.persistence.models import AuditRow
from ikm_tui.persistence.records import UserRecord
from ikm_tui.services.registry import Services
from tests.services.conftest import (
    PASSWORD,
    START,
    make_period,
    make_users,
    needs_postgres,
    tamper,
    walk_to,
)


@pytest.fixture
def trail(services: Services, users: dict[str, UserRecord], tmp_path: Path) -> Path:
    """A database with a few logins and user changes in its audit log; its file path."""
    services.auth.login("sari", PASSWORD)
    services.users.disable("budi", users["admin"])
    services.users.enable("budi", users["admin"])
    assert AuditRow.select().count() >= 7
    return tmp_path / "t.db"


def last_id() -> int:
    return AuditRow.select(AuditRow.id).order_by(AuditRow.id.desc()).scalar()


def test_intact_chain_verifies(trail: Path) -> None:
    assert audit_log.verify_chain() is None
    assert audit_log.entry_count() == AuditRow.select().count()


def test_altered_entry_is_named(trail: Path) -> None:
    tamper(trail, "UPDATE audit SET username = 'orang-lain' WHERE id = 3")
    problem = audit_log.verify_chain()
    assert problem is not None and problem.entry_id == 3 and "diubah" in problem.reason


def test_altered_entry_with_recomputed_hash_breaks_the_next_link(trail: Path) -> None:
    tamper(trail, "UPDATE audit SET hash = ? WHERE id = 4", "f" * 64)
    problem = audit_log.verify_chain()
    assert problem is not None and problem.entry_id == 4


def test_deleted_middle_entry_is_named(trail: Path) -> None:
    tamper(trail, "DELETE FROM audit WHERE id = 5")
    problem = audit_log.verify_chain()
    assert problem is not None and problem.entry_id == 5 and "dihapus" in problem.reason


def test_deleted_first_entry_is_named(trail: Path) -> None:
    tamper(trail, "DELETE FROM audit WHERE id = 1")
    problem = audit_log.verify_chain()
    assert problem is not None and problem.entry_id == 1 and "dihapus" in problem.reason


def test_deleted_last_entry_is_named(trail: Path) -> None:
    removed = last_id()
    tamper(trail, "DELETE FROM audit WHERE id = ?", removed)
    problem = audit_log.verify_chain()
    assert problem is not None and problem.entry_id == removed and "dihapus" in problem.reason


def test_entry_added_outside_the_app_is_found(trail: Path) -> None:
    row = AuditRow.get_by_id(last_id())
    tamper(
        trail,
        "INSERT INTO audit (at, username, action, entity, entity_id, detail, "
        "prev_hash, hash) VALUES (?, 'x', 'palsu', '', '', '{}', ?, ?)",
        str(row.at),
        row.hash,
        "0" * 64,
    )
    problem = audit_log.verify_chain()
    assert problem is not None and problem.entry_id == row.id + 1


def test_appends_after_verification_keep_the_chain(services: Services, trail: Path) -> None:
    with pytest.raises(Exception, match="salah"):
        services.auth.login("sari", "bukan-sandinya")
    assert audit_log.verify_chain() is None


@needs_postgres
def test_whole_period_and_chain_on_postgresql(pg_db: Database) -> None:
    services = Services(fixed_clock(START))
    users = make_users(services)
    period = make_period(services, users["staf"])
    walk_to(services, users, period.id, 9)
    assert services.periods.get(period.id).current_step == 9
    with pytest.raises(AuthError):
        services.auth.login("sari", "bukan-sandinya")
    assert audit_log.verify_chain() is None


@needs_postgres
def test_concurrent_appends_keep_one_chain_on_postgresql(pg_db: Database) -> None:
    def write(writer: int) -> None:
        for number in range(40):
            audit_log.append(START, None, f"penulis{writer}", "uji", "x", number)
        pg_db.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert audit_log.entry_count() == 160
    assert audit_log.verify_chain() is None
