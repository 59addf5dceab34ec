"""Provides race tests of the sign-off and the SOP transitions, with real threads and real
processes, on SQLite and on PostgreSQL.

Each racer runs the use case as the UI calls it (with the content hash and state it showed);
a barrier holds every racer at the start of its write transaction (`database.atomic()` called
by the use case) until all have arrived, so each has done every check and read it makes
outside the transaction, from the same state, before any of them writes. Only the re-check on
rows re-read inside the write transaction (and the conditional UPDATE) then keeps it sound:
    - two Sekretaris Camat checking at once: exactly one signature, one DocumentChanged;
    - the Camat approving while the Staf saves an edit: the approval or the edit, never both
      and never an approval whose hash differs from the stored content;
    - two Staf closing collection at once: one close.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from peewee import DatabaseProxy

from ikm_tui.clock import fixed_clock
from ikm_tui.domain import sop
from ikm_tui.errors import DocumentChanged, IkmError
from ikm_tui.persistence import audit_log, db
from ikm_tui.persistence import documents as document_rows
from ikm_tui.persistence.models import (
    AuditRow,
    DocumentRow,
    SignatureRow,
    StepRecordRow,
    database_proxy,
)
from ikm_tui.persistence.records import UserRecord
from ikm_tui.services.registry import Services
from tests.persistence.pg_fixture import needs_postgres, pg_fresh_url, pg_server  # noqa: F401
from tests.services.conftest import (
    PASSWORD,
    START,
    add_respondents,
    make_period,
    make_users,
    walk_to,
)

BACKENDS = ["sqlite", pytest.param("postgresql", marks=needs_postgres)]
CHANGED = "Isi dokumen berubah sejak Anda membukanya; periksa lagi."
# the use cases whose write transaction a racer is held at
HELD_AT = frozenset({"approve", "update_content", "close_collection"})


@pytest.fixture(params=BACKENDS)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
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
    """Users (with a second Sekretaris Camat and a second Staf) and a period at step 1."""
    services = Services(fixed_clock(START))
    users = make_users(services)
    for key, username, name, nip, roles in (
        ("sekcam2", "rina", "Rina Marlina, S.Sos", "198502022010012004", ("sekcam",)),
        ("staf2", "dewi", "Dewi Lestari", "199202022016032002", ("staf",)),
    ):
        users[key] = services.users.add(
            username, name, nip, "", "", roles, PASSWORD, users["admin"]
        )
    return services, users, make_period(services, users["staf"]).id


# -- racers ----------------------------------------------------------------------------------


def act(services: Services, users: dict[str, UserRecord], job: dict[str, Any]) -> object:
    """One racer's use case, called as the UI calls it (the hash and state it showed)."""
    user = users[job["user"]]
    if job["kind"] == "approve":
        return services.signoff.approve(
            job["document"], user, PASSWORD, job["shown_hash"], job["shown_state"]
        )
    if job["kind"] == "edit":
        return services.signoff.update_content(
            job["document"], job["content"], user, base_hash=job["shown_hash"]
        )
    return services.workflow.close_collection(job["period"], user)


def outcome(run: Callable[[], object]) -> dict[str, str]:
    try:
        run()
    except IkmError as exc:
        return {"refused": type(exc).__name__, "message": exc.message}
    return {"ok": "ok"}


def hold_writes(wait: Callable[[], None]) -> Callable[[], None]:
    """Make the use case's `database_proxy.atomic()` wait (once per racer) before its
    transaction begins; returns the undo."""
    original = DatabaseProxy.atomic
    held = threading.local()

    def atomic(self: DatabaseProxy, *args: Any, **kwargs: Any) -> Any:
        if sys._getframe(1).f_code.co_name in HELD_AT and not getattr(held, "done", False):
            held.done = True
            wait()
        return original(self, *args, **kwargs)

    DatabaseProxy.atomic = atomic  # type: ignore[method-assign]
    return lambda: setattr(DatabaseProxy, "atomic", original)


def race_threads(
    services: Services, users: dict[str, UserRecord], jobs: list[dict[str, Any]]
) -> list[dict[str, str]]:
    """Every job in its own thread (own connection), pre-checks held open by one barrier."""
    barrier = threading.Barrier(len(jobs), timeout=60)
    results: list[dict[str, str]] = [{} for _ in jobs]
    undo = hold_writes(barrier.wait)

    def run(index: int, job: dict[str, Any]) -> None:
        try:
            results[index] = outcome(lambda: act(services, users, job))
        except BaseException as exc:  # noqa: BLE001 (an unexpected error fails the test)
            results[index] = {"crash": repr(exc)}
        finally:
            database_proxy.obj.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(jobs)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        undo()
    return results


RACER = textwrap.dedent(
    """
    import json, os, sys, time
    from ikm_tui.clock import fixed_clock
    from ikm_tui.persistence import db
    from tests.persistence import test_signoff_races as races
    from tests.services.conftest import START
    from ikm_tui.services.registry import Services

    target, gate, parties, job = sys.argv[1], sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4])
    db.connect(target)
    services = Services(fixed_clock(START))
    users = {key: services.users.get(name) for key, name in job["users"].items()}

    def wait():  # a barrier across processes: one file per racer that passed its check
        open(os.path.join(gate, str(os.getpid())), "w").close()
        deadline = time.monotonic() + 60
        while len(os.listdir(gate)) < parties:
            if time.monotonic() > deadline:
                raise SystemExit("barrier timeout")
            time.sleep(0.01)

    races.hold_writes(wait)
    print(json.dumps(races.outcome(lambda: races.act(services, users, job))))
    db.close()
    """
)


def race_processes(
    target: str, users: dict[str, UserRecord], jobs: list[dict[str, Any]], gate: Path
) -> list[dict[str, str]]:
    """Every job in its own Python process on the same database."""
    gate.mkdir()
    names = {key: user.username for key, user in users.items()}
    db.close()  # the racers own the database while they run
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                RACER,
                target,
                str(gate),
                str(len(jobs)),
                json.dumps(dict(job, users=names)),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        for job in jobs
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    db.connect(target)
    return results


RUNNERS = ["threads", "processes"]


@pytest.fixture(params=RUNNERS)
def race(
    request: pytest.FixtureRequest, target: str, office: Any, tmp_path: Path
) -> Callable[[list[dict[str, Any]]], list[dict[str, str]]]:
    services, users, _ = office

    def run(jobs: list[dict[str, Any]]) -> list[dict[str, str]]:
        if request.param == "threads":
            return race_threads(services, users, jobs)
        return race_processes(target, users, jobs, tmp_path / "gate")

    return run


# -- what must hold afterwards -------------------------------------------------------------


def assert_signatures_match_content(document_id: int) -> None:
    """Every valid signature is of the stored content; an approved document was approved on it."""
    row = DocumentRow.get_by_id(document_id)
    valid = list(
        SignatureRow.select().where(
            (SignatureRow.document == document_id)
            & (SignatureRow.action == "sign")
            & SignatureRow.voided_at.is_null()
        )
    )
    assert all(sig.content_hash == row.content_hash for sig in valid)
    stages = [sig.stage for sig in valid]
    assert len(stages) == len(set(stages)), stages  # one signature per place
    if row.state == sop.DISETUJUI_STATE:
        assert stages == [sop.DIBUAT, sop.DIPERIKSA, sop.DISETUJUI]
    assert audit_log.verify_chain() is None


def _refusals(results: list[dict[str, str]]) -> list[dict[str, str]]:
    assert not [r for r in results if "crash" in r], results
    return [r for r in results if "refused" in r]


# -- the races -------------------------------------------------------------------------------


def test_two_sekretaris_camat_checking_at_once_sign_once(office, race) -> None:
    services, users, period_id = office
    kuesioner = services.signoff.latest(period_id, sop.KUESIONER)
    assert kuesioner is not None
    shown = services.signoff.submit(kuesioner.id, users["staf"], PASSWORD)
    job = {
        "kind": "approve",
        "document": shown.id,
        "shown_hash": shown.content_hash,
        "shown_state": shown.state,
    }
    results = race([dict(job, user="sekcam"), dict(job, user="sekcam2")])
    refused = _refusals(results)
    assert len(refused) == 1, results
    assert refused[0] == {"refused": "DocumentChanged", "message": CHANGED}
    checks = SignatureRow.select().where(
        (SignatureRow.document == shown.id) & (SignatureRow.stage == sop.DIPERIKSA)
    )
    assert checks.count() == 1
    assert services.signoff.get(shown.id).state == sop.DIPERIKSA_STATE
    assert services.periods.get(period_id).current_step == 3
    assert AuditRow.select().where(AuditRow.action == "dokumen_periksa").count() == 1
    assert_signatures_match_content(shown.id)


def test_camat_approving_while_staf_edits_gives_one_of_them(office, race) -> None:
    services, users, period_id = office
    walk_to(services, users, period_id, 5)
    laporan = services.signoff.create(
        period_id, sop.LAPORAN, "Laporan SKM", {"ikm": "88,31"}, users["staf"]
    )
    services.signoff.submit(laporan.id, users["staf"], PASSWORD)
    shown = services.signoff.approve(laporan.id, users["sekcam"], PASSWORD)
    results = race(
        [
            {
                "kind": "approve",
                "user": "camat",
                "document": shown.id,
                "shown_hash": shown.content_hash,
                "shown_state": shown.state,
            },
            {
                "kind": "edit",
                "user": "staf",
                "document": shown.id,
                "shown_hash": shown.content_hash,
                "content": {"ikm": "90,00"},
            },
        ]
    )
    approval, edit = results
    assert len(_refusals(results)) == 1, results
    final = services.signoff.get(shown.id)
    if "ok" in approval:  # the approval won: the edit was refused, the checked content stays
        assert edit["refused"] == "WorkflowError" and "dibekukan" in edit["message"], edit
        assert final.frozen and final.content == {"ikm": "88,31"}
        assert services.periods.get(period_id).current_step == 6
    else:  # the edit won: the approval of what the Camat read was refused
        assert approval == {"refused": "DocumentChanged", "message": CHANGED}
        assert final.state == sop.DRAF and final.content == {"ikm": "90,00"}
        assert all(s.voided for s in final.signatures)
        assert services.periods.get(period_id).current_step == 5
    assert_signatures_match_content(shown.id)


def test_two_closes_of_collection_close_once(office, race) -> None:
    services, users, period_id = office
    walk_to(services, users, period_id, 4)
    add_respondents(period_id, 3)
    job = {"kind": "close", "period": period_id}
    results = race([dict(job, user="staf"), dict(job, user="staf2")])
    refused = _refusals(results)
    assert len(refused) == 1, results
    assert refused[0] == {
        "refused": "WorkflowError",
        "message": "Pengumpulan data periode ini sudah ditutup.",
    }
    assert services.periods.get(period_id).current_step == 5
    assert AuditRow.select().where(AuditRow.action == "pengumpulan_tutup").count() == 1
    assert (
        StepRecordRow.select()
        .where((StepRecordRow.period == period_id) & (StepRecordRow.step_no == 5))
        .count()
        == 1
    )
    assert audit_log.verify_chain() is None


# -- the re-reads happen under the write lock ------------------------------------------------


@pytest.fixture
def lock_probe(target: str) -> Iterator[list[bool]]:
    """Records, for each document re-read, whether this connection then holds the write lock."""
    seen: list[bool] = []
    original = document_rows.get

    def get(document_id: int) -> DocumentRow:
        seen.append(_holds_write_lock(target))
        return original(document_id)

    patch = pytest.MonkeyPatch()
    patch.setattr(document_rows, "get", get)
    yield seen
    patch.undo()


def _holds_write_lock(target: str) -> bool:
    if not database_proxy.in_transaction():
        return False
    if target.startswith("postgresql"):
        return bool(
            database_proxy.execute_sql(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                "AND pid = pg_backend_pid() AND granted"
            ).fetchone()[0]
        )
    import sqlite3

    other = sqlite3.connect(target, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True  # another writer must wait: this transaction holds the lock
    other.rollback()
    return False
    # (the `other` connection is closed by garbage collection on the success path too)


def test_the_rereads_of_a_signature_hold_the_write_lock(office, lock_probe) -> None:
    services, users, period_id = office
    kuesioner = services.signoff.latest(period_id, sop.KUESIONER)
    assert kuesioner is not None
    lock_probe.clear()
    services.signoff.submit(kuesioner.id, users["staf"], PASSWORD)
    # first the quick check (no transaction), then the re-read inside the locked transaction
    assert lock_probe == [False, True]
    with pytest.raises(DocumentChanged):
        services.signoff.approve(
            kuesioner.id, users["sekcam"], PASSWORD, kuesioner.content_hash, sop.DRAF
        )
