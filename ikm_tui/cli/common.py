"""Provides helpers shared by subcommands: opening the database named by --db, and the acting
user of a state-changing command (`--as USER` with that user's password).

Every command that changes the database names its user with `--as` and proves it with the
password, typed at a hidden prompt or given on standard input with `--password-stdin` (first
line; a command that also needs a new password reads it from the next line). The login goes
through `AuthService.login` (audited, slowed down and locked like the TUI's), and the services
check the user's roles exactly as for the TUI.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from ikm_tui.errors import PermissionDenied, ValidationError
from ikm_tui.paths import resolve_db

if TYPE_CHECKING:
    from peewee import Database

    from ikm_tui.persistence.records import UserRecord
    from ikm_tui.services.registry import Services

PASSWORD_STDIN_HELP = (
    "baca kata sandi akun --as dari baris pertama masukan standar "
    "(kata sandi baru, bila perlu, dari baris berikutnya)"
)


def database_location(args: argparse.Namespace, *, create: bool = False) -> tuple[str, bool]:
    """The database a command (or the UI) works on and whether it is a file (not a URL),
    checked but neither opened nor built: with --demo the demo database, else the one --db,
    IKM_TUI_DB, a config file or the default names, which must exist unless `create` (only
    `init` creates one). Cheap: the UI calls it before its first paint."""
    from ikm_tui.errors import StorageError
    from ikm_tui.paths import demo_db_path

    demo = bool(getattr(args, "demo", False))
    if getattr(args, "reset_demo", False) and not demo:
        raise StorageError("--reset-demo hanya dapat dipakai bersama --demo.")
    if demo:
        if getattr(args, "db", None):
            raise StorageError(
                "--demo dan --db tidak dapat dipakai bersama: --demo selalu memakai basis data "
                "demo. Untuk menulis data demo ke berkas lain: `ikm-tui --db BERKAS demo`."
            )
        return str(demo_db_path()), True
    location = resolve_db(getattr(args, "db", None))
    if not create:
        location = location.require_existing()
    return location.target, not location.is_url


def database_target(args: argparse.Namespace, *, create: bool = False) -> str:
    """`database_location`'s database, the demo database built first if missing (rebuilt with
    --reset-demo)."""
    target, _ = database_location(args, create=create)
    if getattr(args, "demo", False):
        from pathlib import Path

        from ikm_tui.services.demo import ensure_demo

        return str(ensure_demo(Path(target), reset=bool(getattr(args, "reset_demo", False))))
    return target


def open_db(args: argparse.Namespace) -> Database:
    """Open the database of `database_target`. peewee and the database layer are imported
    here, not with the module: every subcommand's `register` imports this module, and
    building the parser must stay light for the UI's start."""
    from ikm_tui.persistence.db import connect

    return connect(database_target(args))


FIRST_YEAR, LAST_YEAR = 1900, 2999


def year(text: str) -> int:
    """argparse type of a --tahun option: a calendar year the app can compute with."""
    value = int(text) if text.strip().isdigit() else None
    if value is None or not FIRST_YEAR <= value <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"tahun {text!r} tidak valid; tulis tahun {FIRST_YEAR}-{LAST_YEAR}, mis. 2026"
        )
    return value


def add_actor_arguments(parser: argparse.ArgumentParser) -> None:
    """`--as USERNAME` (required) and `--password-stdin` on a state-changing command."""
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USERNAME",
        required=True,
        help="akun Anda; kata sandinya ditanyakan (tercatat di jejak audit)",
    )
    parser.add_argument("--password-stdin", action="store_true", help=PASSWORD_STDIN_HELP)


def read_secret(args: argparse.Namespace, prompt: str, *, flag: str = "password_stdin") -> str:
    """One secret: the next line of standard input when `flag` is set, else a hidden prompt."""
    if getattr(args, flag, False):
        secret = sys.stdin.readline().rstrip("\r\n")
        if not secret:
            raise ValidationError("Kata sandi kosong pada masukan standar.")
        return secret
    import warnings

    try:
        with warnings.catch_warnings():  # getpass's English "input may be echoed" warning
            warnings.simplefilter("ignore", getpass.GetPassWarning)
            return getpass.getpass(prompt)
    except EOFError:  # no terminal and nothing on standard input: not a crash
        raise ValidationError(
            "Kata sandi tidak dapat dibaca (tidak ada terminal). Jalankan di terminal, atau "
            "kirim kata sandi lewat masukan standar dengan --password-stdin."
        ) from None


def authenticate(
    args: argparse.Namespace, services: Services, role: str | None = None, task: str = ""
) -> UserRecord:
    """Log the `--as` user in with their password (AuthError when wrong, audited); with `role`,
    refuse early (before any further question) a user without it. The services check roles
    again on the stored user."""
    from ikm_tui.domain.sop import ROLE_NAMES

    password = read_secret(args, f"Kata sandi {args.as_user}: ")
    user = services.auth.login(args.as_user, password)
    if role is not None and not user.has_role(role):
        raise PermissionDenied(f"Hanya {ROLE_NAMES[role]} yang dapat {task}.")
    return user


def read_new_password(args: argparse.Namespace, *, flag: str = "password_stdin") -> str:
    """A new password: the next stdin line with the flag, else a hidden prompt typed twice."""
    if getattr(args, flag, False):
        return read_secret(args, "", flag=flag)
    first = getpass.getpass("Kata sandi baru: ")
    if getpass.getpass("Ulangi kata sandi: ") != first:
        raise ValidationError("Kedua kata sandi tidak sama.")
    return first


def os_user() -> str:
    """The operating-system account running the command ("?" when it cannot be told)."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no USER/LOGNAME and no passwd entry
        return "?"
