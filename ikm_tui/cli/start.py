"""Provides starting the Textual UI (imported only when the UI starts)."""

from __future__ import annotations

import argparse
import sys

from ikm_tui.errors import IkmError, StorageError

EXIT_OK = 0
EXIT_ERROR = 1


def check_ready() -> None:
    """Refuse a database without any account: the Admin must run `ikm-tui init` first."""
    from ikm_tui.services.registry import Services

    if Services().users.count() == 0:
        raise StorageError(
            "Basis data belum disiapkan: belum ada pengguna. Jalankan "
            "`ikm-tui init` untuk membuat basis data dan Admin pertama."
        )


def start_ui(args: argparse.Namespace) -> int:
    """Open the database (demo or real), then run the app until the user quits."""
    from ikm_tui.cli.common import database_target
    from ikm_tui.persistence.db import close, connect

    try:
        target = database_target(args)
        connect(target)
        check_ready()
    except IkmError as exc:
        print(f"ikm-tui: {exc.message}", file=sys.stderr)
        return EXIT_ERROR
    from ikm_tui.services.registry import Services
    from ikm_tui.ui.app import IkmApp

    try:
        IkmApp(Services()).run()
    finally:
        close()
    return EXIT_OK
