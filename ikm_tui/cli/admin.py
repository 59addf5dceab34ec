"""Provides the administrator's subcommands: `init`, `user add|list|disable|enable|passwd|recover`,
`verify`. Every command that changes a user needs `--as ADMIN` and that Admin's password
(see cli/common.py); a lost Admin password is recovered with the code `init` printed."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ikm_tui.persistence.records import UserRecord
    from ikm_tui.services.registry import Services

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
    from ikm_tui.cli.common import add_actor_arguments

    init = subparsers.add_parser(
        "init", help="buat basis data kantor (kosong) dan Admin pertama; mencetak kode pemulihan"
    )
    init.add_argument("--username", help="nama pengguna Admin")
    init.add_argument("--nama", help="nama lengkap Admin")
    init.add_argument(
        "--password-stdin",
        action="store_true",
        help="baca kata sandi Admin dari baris pertama masukan standar",
    )
    for flag, dest, text in OFFICE_FLAGS:
        init.add_argument(flag, dest=dest, help=f"{text} (bawaan: Kecamatan Bandungan)")
    init.set_defaults(handler=run_init)

    user = subparsers.add_parser("user", help="kelola pengguna (Admin; --as ADMIN)")
    actions = user.add_subparsers(dest="user_command", metavar="AKSI", required=True)
    add = actions.add_parser("add", help="tambah pengguna")
    add.add_argument("username")
    add.add_argument("--nama", required=True, help="nama lengkap dengan gelar")
    add.add_argument("--nip", default="", help="NIP 18 angka (boleh kosong hanya untuk Admin)")
    add.add_argument("--jabatan", default="")
    add.add_argument("--pangkat", default="", help="pangkat/golongan")
    add.add_argument("--peran", required=True, help="staf,sekcam,camat,admin (dipisah koma)")
    add_actor_arguments(add)
    add.set_defaults(handler=run_user_add)
    actions.add_parser("list", help="daftar pengguna").set_defaults(handler=run_user_list)
    for name, text in (("disable", "nonaktifkan pengguna"), ("enable", "aktifkan pengguna")):
        sub = actions.add_parser(name, help=text)
        sub.add_argument("username")
        add_actor_arguments(sub)
        sub.set_defaults(handler=run_user_toggle)
    passwd = actions.add_parser(
        "passwd", help="ganti kata sandi (Admin untuk siapa pun, pengguna untuk dirinya)"
    )
    passwd.add_argument("username")
    add_actor_arguments(passwd)
    passwd.set_defaults(handler=run_user_passwd)
    recover = actions.add_parser(
        "recover", help="Admin lupa kata sandi: setel kata sandi baru dengan kode pemulihan"
    )
    recover.add_argument("username", help="nama pengguna Admin")
    recover.add_argument(
        "--recovery-code-stdin",
        action="store_true",
        help="baca kode pemulihan (baris pertama) dan kata sandi baru (baris kedua) "
        "dari masukan standar",
    )
    recover.set_defaults(handler=run_user_recover)

    verify = subparsers.add_parser(
        "verify",
        help="periksa jejak audit, formulir, pengguna, dokumen, tanda tangan dan langkah",
    )
    verify.add_argument("--json", action="store_true", help="laporan sebagai JSON")
    verify.add_argument(
        "--against",
        metavar="CADANGAN",
        help="berkas cadangan (`ikm-tui backup`): jejak audit harus masih memuat kepalanya",
    )
    verify.add_argument(
        "--kepala",
        action="append",
        default=[],
        metavar="NOMOR:SIDIK",
        help="kepala jejak audit yang tercetak di dokumen bertanda tangan (mis. 123:ab12cd34); "
        "boleh berulang",
    )
    verify.set_defaults(handler=run_verify)


SHOWN_FINDINGS = 20  # per check in the text report; --json lists every finding


def _ask(value: str | None, prompt: str) -> str:
    return value if value is not None else input(prompt).strip()


def _print_recovery_code(code: str) -> None:
    print(f"KODE PEMULIHAN ADMIN: {code}")
    print(
        "Catat kode ini di kertas dan simpan di lemari terkunci Camat. Kode hanya ditampilkan "
        "sekali; dengan kode ini Admin yang lupa kata sandi memulihkan aksesnya "
        "(`ikm-tui user recover`)."
    )


def run_init(args: argparse.Namespace) -> int:
    from ikm_tui.cli.common import open_db, read_new_password
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
    done = setup.initialise(office, username, full_name, read_new_password(args))
    print(f"Basis data {office.nama_unit} siap. Admin: {done.admin.username}.")
    _print_recovery_code(done.recovery_code)
    print(f"Sidik kunci kantor: {done.office_key}")
    if done.site_config is not None:
        print(f"Sidik kunci kantor dicatat di {done.site_config}.")
    else:
        from ikm_tui.paths import OFFICE_KEY_SECTION, site_config_file

        print(
            f"Konfigurasi situs {site_config_file()} tidak dapat ditulis pengguna ini. Sebagai "
            f'root tambahkan:\n  [{OFFICE_KEY_SECTION}]\n  sidik = ["{done.office_key}"]'
        )
    print(
        "Tambahkan Staf, Sekretaris Camat dan Camat dengan "
        f"`ikm-tui user add ... --as {done.admin.username}`."
    )
    return 0


def _admin(args: argparse.Namespace, task: str) -> tuple[Services, UserRecord]:
    from ikm_tui.cli.common import authenticate, open_db
    from ikm_tui.domain.sop import ADMIN
    from ikm_tui.services.registry import Services

    open_db(args)
    services = Services()
    return services, authenticate(args, services, ADMIN, task)


def run_user_add(args: argparse.Namespace) -> int:
    from ikm_tui.cli.common import read_new_password

    services, actor = _admin(args, "mengelola pengguna")
    roles = [r for r in args.peran.split(",") if r.strip()]
    password = read_new_password(args)
    user = services.users.add(
        args.username, args.nama, args.nip, args.jabatan, args.pangkat, roles, password, actor
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
    services, actor = _admin(args, "mengelola pengguna")
    if args.user_command == "disable":
        services.users.disable(args.username, actor)
        print(f"Pengguna {args.username} dinonaktifkan.")
    else:
        services.users.enable(args.username, actor)
        print(f"Pengguna {args.username} diaktifkan kembali.")
    return 0


def run_user_passwd(args: argparse.Namespace) -> int:
    from ikm_tui.cli.common import authenticate, open_db, read_new_password
    from ikm_tui.domain.sop import ADMIN
    from ikm_tui.services.registry import Services

    open_db(args)
    services = Services()
    users = services.users
    users.get(args.username)  # NotFound before asking for a password
    own = args.as_user.strip().lower() == args.username.strip().lower()
    actor = authenticate(args, services, None if own else ADMIN, "mengganti kata sandi orang lain")
    users.set_password(args.username, read_new_password(args), actor)
    print(f"Kata sandi {args.username} diganti.")
    return 0


def run_user_recover(args: argparse.Namespace) -> int:
    from ikm_tui.cli.common import open_db, read_new_password, read_secret
    from ikm_tui.services.registry import Services

    open_db(args)
    setup = Services().setup
    code = read_secret(args, "Kode pemulihan: ", flag="recovery_code_stdin")
    password = read_new_password(args, flag="recovery_code_stdin")
    done = setup.recover(args.username, code, password)
    print(
        f"Kata sandi Admin {done.admin.username} diganti; kode pemulihan lama tidak berlaku lagi."
    )
    _print_recovery_code(done.recovery_code)
    return 0


def _heads(values: list[str]) -> tuple[tuple[int, str], ...]:
    from ikm_tui.errors import ValidationError

    heads = []
    for value in values:
        seq, _, prefix = value.partition(":")
        if (
            not seq.isdigit()
            or len(prefix) < 4
            or any(c not in "0123456789abcdefABCDEF" for c in prefix)
        ):
            raise ValidationError(f"--kepala {value}: tulis NOMOR:SIDIK, mis. 123:ab12cd34.")
        heads.append((int(seq), prefix))
    return tuple(heads)


def run_verify(args: argparse.Namespace) -> int:
    """Every check of services/verify.py; the report on stdout (or JSON), each finding also on
    stderr; exit 1 when anything does not hold."""
    import json
    import sys
    from pathlib import Path

    from ikm_tui.cli.common import open_db
    from ikm_tui.services.registry import Services

    open_db(args)
    against = Path(args.against).expanduser() if args.against else None
    report = Services().verify.run(against=against, heads=_heads(args.kepala))
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        for result in report.results:
            mark = "OK   " if result.ok else "GAGAL"
            print(f"[{mark}] {result.title}: {result.summary}")
            for finding in result.findings[:SHOWN_FINDINGS]:
                print(f"        - {finding}")
            if len(result.findings) > SHOWN_FINDINGS:
                hidden = len(result.findings) - SHOWN_FINDINGS
                print(f"        ... dan {hidden} temuan lain (lihat --json)")
        seq, last_hash = report.audit_head
        print(f"Kepala jejak audit: entri {seq}, {last_hash}")
        if against is not None:
            print(f"Dibandingkan dengan cadangan {against}.")
    if report.ok:
        return 0
    for result in report.failed():
        more = len(result.findings) - SHOWN_FINDINGS
        shown = [str(f) for f in result.findings[:SHOWN_FINDINGS]]
        if more > 0:
            shown.append(f"dan {more} temuan lain")
        print(f"ikm-tui: {result.title}: {'; '.join(shown)}", file=sys.stderr)
    return 1
