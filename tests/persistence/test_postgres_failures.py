"""Provides tests of a failing PostgreSQL server: its disk full (a trigger raising PostgreSQL's
own disk_full error) while saving a form or importing gives the Bahasa Indonesia message and
stores nothing; a dropped connection is explained and the retry works."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from peewee import PeeweeException

from ikm_tui.cli import main
from ikm_tui.clock import fixed_clock
from ikm_tui.errors import StorageError
from ikm_tui.persistence import audit_log, db
from ikm_tui.persistence.db import storage_error
from ikm_tui.persistence.models import RespondentRow
from ikm_tui.persistence.respondents import FormData
from ikm_tui.services.registry import Services
from tests.persistence.pg_fixture import needs_postgres, pg_fresh_url, pg_server  # noqa: F401
from tests.services.conftest import (
    PASSWORD,
    START,
    _admin_sql,
    make_period,
    make_users,
    walk_to,
)

pytestmark = needs_postgres

FULL_DISK = """
CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'could not extend file "base/16384/16500": No space left on device'
        USING ERRCODE = 'disk_full';
END $$;
CREATE TRIGGER disk_full BEFORE INSERT ON answer FOR EACH ROW EXECUTE FUNCTION disk_full();
"""


@pytest.fixture
def full_disk(pg_fresh_url: str) -> tuple[Services, dict, int, str]:  # noqa: F811
    """A period in data collection on a server whose disk fills at the next answer row."""
    database = db.connect(pg_fresh_url)
    services = Services(fixed_clock(START))
    users = make_users(services)
    period = make_period(services, users["staf"])
    walk_to(services, users, period.id, 4)
    database.execute_sql(FULL_DISK)
    return services, users, period.id, pg_fresh_url


def test_saving_a_form_on_a_full_server_disk_is_explained(full_disk) -> None:
    services, users, period_id, _ = full_disk
    layout = services.entry.layout(period_id)
    form = FormData(
        service_type_id=layout.services[0][1], answers={key: 3 for key in layout.unsur_keys}
    )
    with pytest.raises(StorageError, match="belum tersimpan"):  # EntryService's own words
        services.entry.save_form(period_id, form, users["staf"])
    assert RespondentRow.select().count() == 0
    assert audit_log.verify_chain() is None
    db.close()


def test_cli_import_on_a_full_server_disk_is_a_message_not_a_traceback(
    full_disk, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, period_id, url = full_disk
    db.close()
    path = tmp_path / "daring.csv"
    path.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,4,3,4,3,4,4,3,4\n", encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
    argv = ["--db", url, "import", str(path), "--period", str(period_id)]
    status = main([*argv, "--as", "sari", "--password-stdin"])
    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in err and err.startswith("ikm-tui: Disk penuh")
    db.connect(url)
    assert RespondentRow.select().count() == 0
    db.close()


def test_a_lost_server_connection_is_explained_and_a_retry_works(full_disk) -> None:
    services, _, period_id, url = full_disk
    server, name = url.rsplit("/", 1)
    _admin_sql(
        server, f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
    )
    with pytest.raises(PeeweeException) as caught:
        services.periods.get(period_id)
    assert storage_error(caught.value).message.startswith("Koneksi ke server basis data terputus")
    assert services.periods.get(period_id).current_step == 4  # "ulangi sesaat lagi" holds
    db.close()
