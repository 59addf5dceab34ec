"""Provides starting the Textual UI (imported only when the UI starts).

The login screen is painted before the database is touched: `start_ui` only works out which
database to open, then the app's start-up worker opens and migrates it (building the demo first
if asked) and checks that it has been initialised; its errors are shown on the login screen and
printed again when the user quits. On a SQLite target the PostgreSQL driver is kept out of the
process (peewee would import it with itself).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from ikm_tui.errors import IkmError, StorageError

EXIT_OK = 0
EXIT_ERROR = 1

# Database drivers peewee imports with itself when installed; none is needed for a SQLite file.
POSTGRES_DRIVERS = ("psycopg2", "psycopg", "psycopg2cffi")


def check_ready() -> None:
    """Refuse a database without any account: the Admin must run `ikm-tui init` first."""
    from ikm_tui.services.registry import Services

    if Services().users.count() == 0:
        raise StorageError(
            "Basis data belum disiapkan: belum ada pengguna. Jalankan "
            "`ikm-tui init` untuk membuat basis data dan Admin pertama."
        )


def database_opener(args: argparse.Namespace) -> Callable[[], None]:
    """What the app's start-up worker runs: build the demo if asked, open and migrate the
    database, check it is ready."""

    def open_database() -> None:
        from ikm_tui.cli.common import database_target
        from ikm_tui.persistence.db import connect

        connect(database_target(args))
        check_ready()

    return open_database


def keep_postgres_driver_out() -> None:
    """Make peewee find no PostgreSQL driver in this process (saves importing psycopg2, about
    15 ms, on a SQLite target). Only before peewee is first imported: the UI process opens one
    database for its whole life, so the driver is never needed afterwards."""
    if "peewee" in sys.modules:
        return
    for name in POSTGRES_DRIVERS:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # import raises ImportError


def start_ui(args: argparse.Namespace) -> int:
    """Run the app until the user quits; the database is opened after the first paint."""
    from ikm_tui.cli.common import database_location

    try:  # a mistyped --db, a missing database or driver is said before the UI starts
        _, is_file = database_location(args)
        if not is_file:
            from ikm_tui.persistence.db import require_postgres_driver

            require_postgres_driver()
    except IkmError as exc:
        print(f"ikm-tui: {exc.message}", file=sys.stderr)
        return EXIT_ERROR
    if is_file:
        keep_postgres_driver_out()
    from ikm_tui.services.registry import Services
    from ikm_tui.ui.app import IkmApp

    app = IkmApp(Services(), open_database=database_opener(args))
    try:
        app.run()
    finally:
        if "ikm_tui.persistence.db" in sys.modules:
            from ikm_tui.persistence.db import close

            close()
    if app.start_error is not None:
        print(f"ikm-tui: {app.start_error.message}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK
