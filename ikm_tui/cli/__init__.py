"""Provides the `ikm-tui` command: global options, subcommands, and starting the UI.

Subcommands live in sibling modules, each with `register(subparsers)`; their handlers take
the parsed arguments and return an exit status. The UI (Textual) is imported only when it
starts, so headless commands stay fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ikm_tui import __version__
from ikm_tui.errors import IkmError, InputFileError, ValidationError

# (module, description) of every subcommand module, in help order.
COMMAND_MODULES = (
    "ikm_tui.cli.scoring",  # score, sample-size
    "ikm_tui.cli.periods",  # demo, periods
    "ikm_tui.cli.admin",  # init, user, verify
    "ikm_tui.cli.data",  # import, export
    "ikm_tui.cli.settings",  # layanan, kantor
    "ikm_tui.cli.documents",  # verify-doc, template
    "ikm_tui.cli.backup",  # backup, restore
    "ikm_tui.cli.archive",  # arsip
)

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_INPUT = 2
TRACEBACK_VAR = "IKM_TUI_TRACEBACK"  # set: an unexpected error shows its traceback


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The whole parser; without `commands`, only the global options (enough to start the UI,
    and about 40 ms faster: no subcommand module is imported)."""
    import importlib

    from ikm_tui.cli.parser import IndonesianParser

    parser = IndonesianParser(
        prog="ikm-tui",
        description="Pengukuran Kepuasan Pelanggan (IKM/SKM) kantor kecamatan.",
    )
    parser.add_argument("--version", action="version", version=f"ikm-tui {__version__}")
    parser.add_argument(
        "--db", metavar="PATH_ATAU_URL", help="berkas basis data SQLite atau URL postgresql://"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="pakai basis data demo (dibuat bila belum ada), juga untuk PERINTAH",
    )
    parser.add_argument(
        "--reset-demo",
        action="store_true",
        help="dengan --demo: buat ulang basis data demo dari awal",
    )
    if not commands:
        return parser
    subparsers = parser.add_subparsers(dest="command", metavar="PERINTAH")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """Global options alone (starting the UI) are parsed without importing any subcommand;
    anything else (a subcommand, --help) with the whole parser."""
    if not {"-h", "--help"} & set(argv):
        args, rest = build_parser(commands=False).parse_known_args(argv)
        if not rest:
            return args
    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status.

    Output cut short by its reader (`ikm-tui periods --json | head -1`) ends the command
    quietly: the rest of stdout goes to /dev/null, as the Python docs advise for SIGPIPE."""
    try:
        try:
            return _run(argv)
        finally:
            sys.stdout.flush()  # a closed pipe shows here at the latest (also after --help)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_ERROR
    except OSError as exc:  # stdout itself cannot be written (a full disk)
        from ikm_tui.files import os_reason

        _silence_stdout()
        print(f"ikm-tui: keluaran tidak dapat ditulis: {os_reason(exc)}.", file=sys.stderr)
        return EXIT_ERROR


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so Python's own flush at exit finds no closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (captured in tests)
        pass


def _run(argv: Sequence[str] | None) -> int:
    args = parse_arguments(sys.argv[1:] if argv is None else list(argv))
    try:
        from ikm_tui.cli.common import os_user
        from ikm_tui.persistence.origin import origin

        handler = getattr(args, "handler", None)
        with origin(os=os_user(), lewat="cli" if handler is not None else "tui"):
            if handler is not None:
                return int(handler(args))
            from ikm_tui.cli.start import start_ui

            return start_ui(args)
    except IkmError as exc:
        print(f"ikm-tui: {exc.message}", file=sys.stderr)
        return EXIT_INPUT if isinstance(exc, (InputFileError, ValidationError)) else EXIT_ERROR
    except EOFError:  # stdin ended before a prompt (input, getpass) was answered
        print("ikm-tui: masukan berakhir sebelum semua pertanyaan dijawab.", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        raise
    except OSError as exc:  # a file the command reads or writes: no permission, disk full, ...
        from ikm_tui.files import os_error_text

        print(f"ikm-tui: {os_error_text(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:
        import sqlite3

        from peewee import PeeweeException

        if isinstance(exc, (PeeweeException, sqlite3.Error)):
            from ikm_tui.persistence.db import storage_error

            print(f"ikm-tui: {storage_error(exc).message}", file=sys.stderr)
            return EXIT_ERROR
        if os.environ.get(TRACEBACK_VAR):
            raise
        print(
            f"ikm-tui: Terjadi kesalahan tak terduga ({type(exc).__name__}: {exc}). Data yang "
            "sudah tersimpan tetap aman; bila berulang, hubungi Admin (rincian teknis: "
            f"jalankan lagi dengan {TRACEBACK_VAR}=1).",
            file=sys.stderr,
        )
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("ikm-tui: dibatalkan.", file=sys.stderr)
        return 130
