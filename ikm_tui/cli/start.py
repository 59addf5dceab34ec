"""Provides starting the Textual UI (imported only when the UI starts)."""

from __future__ import annotations

import argparse


def start_ui(args: argparse.Namespace) -> int:
    """Open the database (demo or real) and run the app; placeholder until the shell lands."""
    raise NotImplementedError
