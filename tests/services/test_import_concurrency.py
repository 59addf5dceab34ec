"""Provides the test that an import never blocks paper entry: a large import runs in one
process while four other processes log in and save paper forms into the same SQLite file
(processes, not threads, as in tests/persistence/test_concurrent_sqlite.py); no failure reaches
them, every form lands, the import's numbers stay one block, and verify finds nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from ikm_tui.persistence import audit_log, respondents
from ikm_tui.persistence.models import RespondentRow
from tests.services.conftest import PASSWORD, walk_to

ROWS = 20_000
WRITERS = 4

COMMON = """
import datetime as dt, json, sys, time
from pathlib import Path
from ikm_tui.clock import fixed_clock
from ikm_tui.persistence.db import connect
from ikm_tui.services.registry import Services
connect(sys.argv[1])
services = Services(fixed_clock(dt.datetime(2026, 9, 15, 10, 0)))
period_id, flags = int(sys.argv[2]), Path(sys.argv[3])
"""

IMPORTER = COMMON + textwrap.dedent(
    """
    user = services.auth.login("sari", sys.argv[5])
    def progress(done, total):
        (flags / "berjalan").touch()  # the writers start once the first chunk is stored
        if done < total:
            time.sleep(0.05)  # stretch the import so that it overlaps the writers' work
    result = services.importer.commit(period_id, sys.argv[4], None, user, progress)
    (flags / "selesai").touch()
    print(json.dumps([result.stored, result.first_nomor, result.last_nomor]))
    """
)

WRITER = COMMON + textwrap.dedent(
    """
    from ikm_tui.persistence.respondents import FormData
    deadline = time.monotonic() + 120
    while not (flags / "berjalan").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    saved, logins, slowest, during = [], 0, 0.0, 0
    while time.monotonic() < deadline and (len(saved) < 15 or not (flags / "selesai").exists()):
        began = time.monotonic()
        if len(saved) % 5 == 0:  # a login writes too (its audit entry)
            user = services.auth.login("sari", sys.argv[4])
            logins += 1
        answers = {key: (len(saved) + i) % 4 + 1 for i, key in enumerate(sys.argv[5].split(","))}
        saved.append(services.entry.save_form(period_id, FormData(answers=answers), user).nomor)
        slowest = max(slowest, time.monotonic() - began)
        during += not (flags / "selesai").exists()
        time.sleep(0.02)
    print(json.dumps({"nomor": saved, "logins": logins, "slowest": slowest, "during": during}))
    """
)


def test_an_import_runs_while_four_processes_save_paper_forms(
    services, users, period, tmp_path: Path
) -> None:
    walk_to(services, users, period.id, 4)
    keys = [u.key for u in services.importer.context(period.id).regime.unsur]
    path = tmp_path / "unduhan.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Stempel waktu,Usia," + ",".join(f"U{i}" for i in range(1, 10)) + "\n")
        for i in range(ROWS):
            answers = ",".join(str((i + j) % 4 + 1) for j in range(9))
            handle.write(f"2026/09/14 {8 + i // 3600 % 8:02d}:{i // 60 % 60:02d}:{i % 60:02d},")
            handle.write(f"{18 + i % 60},{answers}\n")
    db_path = str(tmp_path / "t.db")
    flags = tmp_path / "tanda"
    flags.mkdir()
    args = [db_path, str(period.id), str(flags)]
    importer = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, *args, str(path), PASSWORD],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, *args, PASSWORD, ",".join(keys)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(WRITERS)
    ]
    results = [proc.communicate(timeout=300) for proc in [importer, *writers]]
    assert [proc.returncode for proc in [importer, *writers]] == [0] * 5, [
        err for _, err in results
    ]
    stored, first, last = json.loads(results[0][0])
    assert stored == ROWS
    paper = [json.loads(out) for out, _ in results[1:]]
    numbers = [nomor for item in paper for nomor in item["nomor"]]
    assert all(item["logins"] >= 3 for item in paper)
    # each writer logged in and saved forms while the import was running
    assert all(item["during"] >= 3 for item in paper), paper
    # the import's numbers are one block no paper form entered
    assert last - first + 1 == ROWS and not [n for n in numbers if first <= n <= last]
    assert len(set(numbers)) == len(numbers)
    assert respondents.counted(period.id) == ROWS + len(numbers)
    assert RespondentRow.select().where(RespondentRow.excluded == True).count() == 0  # noqa: E712
    assert audit_log.verify_chain() is None
    from ikm_tui.services.verify import AuditHistory, check_forms

    assert check_forms(AuditHistory.load(None)).findings == ()
