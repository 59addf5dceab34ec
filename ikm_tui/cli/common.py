"""Provides helpers shared by subcommands: opening the database named by --db and friends."""

from __future__ import annotations

import argparse

from peewee import Database

from ikm_tui.paths import resolve_db
from ikm_tui.persistence.db import connect


def open_db(args: argparse.Namespace) -> Database:
    """Open the database by precedence (--db, IKM_TUI_DB, config, default)."""
    location = resolve_db(getattr(args, "db", None))
    return connect(location.target)
