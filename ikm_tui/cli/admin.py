"""Provides the administrator's subcommands: `init`, `user add|list|disable|enable|passwd`, `verify`."""

from __future__ import annotations

import argparse
import getpass
import sys

from ikm_tui.errors import AuditChainError, ValidationError

OFFICE_FLAGS = (
    ("--pemerintah", "pemerintah", "baris pertama kop"),
    ("--unit", "nama_unit", "nama unit, mis. KECAMATAN BANDUNGAN"),
    ("--alamat", "alamat", "alamat kantor"),
    ("--telepon", "telepon", "telepon"),
    ("--faks", "faks", "faks"),
    ("--kota", "kota", "kota di atas tanda tangan"),
)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    """Add `init`, `user` and `verify`."""
    init = subparsers.add_parser("init", help="buat basis data kantor dan Admin pertama")
    init.add_argument("--username", help="nama pengguna Admin")
    init.add_argument("--nama", help="nama lengkap Admin")
    init.add_argument(
        "--password-stdin",
        action="store_true",
        help="baca kata sandi dari baris pertama masukan standar",
    )
    for flag, dest, text in OFFICE_FLAGS:
        init.add_argument(flag, dest=dest, help=f"{text} (bawaan: Kecamatan Bandungan)")
    init.set_defaults(handler=run_init)

    user = subparsers.add_parser("user", help="kelola pengguna (tambah, daftar, nonaktifkan)")
    actions = user.add_subparsers(dest="user_command", metavar="AKSI", required=True)
    add = actions.add_parser("add", help="tambah pengguna")
    add.add_argument("username")
    add.add_argument("--nama", required=True, help="nama lengkap dengan gelar")
    add.add_argument("--nip", default="", help="NIP 18 angka (boleh kosong hanya untuk Admin)")
    add.add_argument("--jabatan", default="")
    add.add_argument("--pangkat", default="", help="pangkat/golongan")
    add.add_argument("--peran", required=True, help="staf,sekcam,camat,admin (dipisah koma)")
    add.add_argument("--password-stdin", action="store_true")
    add.set_defaults(handler=run_user_add)
    actions.add_parser("list", help="daftar pengguna").set_defaults(handler=run_user_list)
    for name, text in (("disable", "nonaktifkan pengguna"), ("enable", "aktifkan pengguna")):
        sub = actions.add_parser(name, help=text)
        sub.add_argument("username")
        sub.set_defaults(handler=run_user_toggle)
    passwd = actions.add_parser("passwd", help="ganti kata sandi pengguna")
    passwd.add_argument("username")
    passwd.add_argument("--password-stdin", action="store_true")
    passwd.set_defaults(handler=run_user_passwd)

    verify = subparsers.add_parser("verify", help="periksa jejak audit dan keutuhan basis data")
    verify.set_defaults(handler=run_verify)


def read_new_password(args: argparse.Namespace) -> str:
    """From stdin's first line with --password-stdin, else a hidden prompt typed twice."""
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise ValidationError("Kata sandi kosong pada masukan standar.")
        return password
    first = getpass.getpass("Kata sandi baru: ")
    if getpass.getpass("Ulangi kata sandi: ") != first:
        raise ValidationError("Kedua kata sandi tidak sama.")
    return first


def _ask(value: str | None, prompt: str) -> str:
    return value if value is not None else input(prompt).strip()


def run_init(args: argparse.Namespace) -> int:
    from ikm_tui.cli.common import open_db
    from ikm_tui.services.registry import Services
    from ikm_tui.services.setup import OfficeIdentity

    open_db(args)
    setup = Services().setup
    setup.require_empty()  # refuse before asking anything
    overrides = {
        dest: getattr(args, dest) for _, dest, _ in OFFICE_FLAGS if getattr(args, dest) is not None
    }
    office = OfficeIdentity(**overrides)
    username = _ask(args.username, "Nama pengguna Admin: ")
    full_name = _ask(args.nama, "Nama lengkap Admin: ")
    admin = setup.initialise(office, username, full_name, read_new_password(args))
    print(f"Basis data {office.nama_unit} siap. Admin: {admin.username}.")
    print("Tambahkan Staf, Sekretaris Camat dan Camat dengan `ikm-tui user add`.")
    return 0


def run_user_add(args: argparse.Namespace) -> int:
    from ikm_tui.cli.common import open_db
    from ikm_tui.services.registry import Services

    open_db(args)
    roles = [r for r in args.peran.split(",") if r.strip()]
    password = read_new_password(args)
    user = Services().users.add(
        args.username, args.nama, args.nip, args.jabatan, args.pangkat, roles, password, None
    )
    print(f"Pengguna {user.username} ({_roles(user.roles)}) ditambahkan.")
    return 0


def _roles(roles: frozenset[str]) -> str:
    from ikm_tui.domain.sop import ROLE_NAMES, ROLES

    return ", ".join(ROLE_NAMES[r] for r in ROLES if r in roles)


def run_user_list(args: argparse.Namespace) -> int:
    from ikm_tui.cli.common import open_db
    from ikm_tui.services.registry import Services

    open_db(args)
    users = Services().users.list()
    if not users:
        print("Belum ada pengguna. Jalankan `ikm-tui init`.")
        return 0
    rows = [("Nama pengguna", "Nama lengkap", "NIP", "Jabatan", "Peran", "Status")]
    rows += [
        (
            u.username,
            u.full_name,
            u.nip or "-",
            u.jabatan or "-",
            _roles(u.roles),
            "nonaktif" if u.disabled else "aktif",
        )
        for u in users
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    return 0


def run_user_toggle(args: argparse.Namespace) -> int:
    from ikm_tui.cli.common import open_db
    from ikm_tui.services.registry import Services

    open_db(args)
    users = Services().users
    if args.user_command == "disable":
        users.disable(args.username, None)
        print(f"Pengguna {args.username} dinonaktifkan.")
    else:
        users.enable(args.username, None)
        print(f"Pengguna {args.username} diaktifkan kembali.")
    return 0


def run_user_passwd(args: argparse.Namespace) -> int:
    from ikm_tui.cli.common import open_db
    from ikm_tui.services.registry import Services

    open_db(args)
    users = Services().users
    users.get(args.username)  # NotFound before asking for a password
    users.set_password(args.username, read_new_password(args), None)
    print(f"Kata sandi {args.username} diganti.")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from peewee import SqliteDatabase

    from ikm_tui.cli.common import open_db
    from ikm_tui.persistence import audit_log

    database = open_db(args)
    if isinstance(database, SqliteDatabase):
        result = database.execute_sql("PRAGMA integrity_check").fetchall()
        if [row[0] for row in result] != ["ok"]:
            detail = "; ".join(str(row[0]) for row in result[:5])
            raise AuditChainError(f"Pemeriksaan keutuhan SQLite gagal: {detail}")
    problem = audit_log.verify_chain()
    if problem is not None:
        raise AuditChainError(f"Jejak audit rusak pada entri {problem.entry_id}: {problem.reason}.")
    print(f"Jejak audit utuh: {audit_log.entry_count()} entri.")
    return 0
