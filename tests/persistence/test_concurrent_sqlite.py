"""Several users writing one SQLite file at once: every write lands, the audit chain holds."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from ikm_tui.persistence.audit_log import verify_chain
from ikm_tui.persistence.db import connect
from ikm_tui.persistence.models import AuditRow

WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from ikm_tui.persistence.db import connect
    from ikm_tui.persistence import audit_log
    connect(sys.argv[1])
    for i in range(int(sys.argv[3])):
        audit_log.append(dt.datetime.now(), None, sys.argv[2], "uji_bersamaan", "x", i, {})
    """
)


def test_four_processes_append_without_database_is_locked(tmp_path: Path) -> None:
    """Deferred transactions fail at once with SQLITE_BUSY when they upgrade to a write lock;
    BEGIN IMMEDIATE makes the second writer wait for the first instead."""
    path = str(tmp_path / "shared.db")
    connect(path)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, path, f"pengguna{k}", "60"],
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(4)
    ]
    errors = [proc.communicate(timeout=120)[1] for proc in writers]
    assert [proc.returncode for proc in writers] == [0, 0, 0, 0], errors
    assert AuditRow.select().where(AuditRow.action == "uji_bersamaan").count() == 240
    assert verify_chain() is None
