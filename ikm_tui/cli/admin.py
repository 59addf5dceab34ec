"""Provides the administrator's subcommands: `init`, `user add|list|disable|enable|passwd|recover`,
`verify`. Every command that changes a user needs `--as ADMIN` and that Admin's password
(see cli/common.py); a lost Admin password is recovered with the code `init` printed."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ikm_tui.persistence.records import UserRecord
    from ikm_tui.services.registry import Services

# The kop `init` asks for: (dest, example shown in the prompt and the help, required: those of
# services/office.py REQUIRED_FIELDS, not imported here to keep building the parser light).
# The flags and labels are `kantor set`'s (cli/settings.py KOP_FLAGS).
INIT_KOP = (
    ("pemerintah", "mis. PEMERINTAH KABUPATEN SEMARANG", True),
    ("nama_unit", "mis. KECAMATAN BANDUNGAN", True),
    ("alamat", "jalan dan nomor kantor", True),
    ("kota", "tempat di atas tanda tangan, mis. Bandungan", True),
    ("kode_pos", "5 angka", False),
    ("telepon", "", False),
    ("faks", "", False),
)


def _kop_flag(dest: str) -> tuple[str, str]:
    """The flag and label of a kop field, as `kantor set` names it."""
    from ikm_tui.cli.settings import KOP_FLAGS

    return next((flag, label) for flag, name, label in KOP_FLAGS if name == dest)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    """Add `init`, `user` and `verify`."""
    from ikm_tui.cli.common import add_actor_arguments

    init = subparsers.add_parser(
        "init",
        help="buat basis data kantor (kosong) dan Admin pertama; mencetak kode pemulihan",
        description="Buat basis data kantor: kop kantor Anda sendiri dan Admin pertama. Isian "
        "yang tidak disebut sebagai opsi ditanyakan; tanpa terminal (mis. masukan dari pipa) "
        "opsi yang wajib harus disebut. Isian kop lain (email, logo, ...) lewat `kantor set`.",
    )
    init.add_argument("--username", help="nama pengguna Admin")
    init.add_argument("--nama", help="nama lengkap Admin")
    init.add_argument(
        "--password-stdin",
        action="store_true",
        help="baca kata sandi Admin dari baris pertama masukan standar",
    )
    for dest, example, required in INIT_KOP:
        flag, label = _kop_flag(dest)
        need = "wajib" if required else "boleh kosong"
        text = f"{label.lower()}, {example}" if example else label.lower()
        init.add_argument(flag, dest=dest, metavar="TEKS", help=f"{text} ({need})")
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


def _ask(value: str | None, prompt: str, *, required: bool = True) -> str:
    """`value` when given, else the answer typed at `prompt` (asked again while empty when
    `required`)."""
    if value is not None:
        return value.strip()
    while True:
        answer = input(prompt).strip()
        if answer or not required:
            return answer


def _init_answers(args: argparse.Namespace) -> tuple[dict[str, str], str, str]:
    """The kop, the Admin's user name and full name: from the options, else asked. Without a
    terminal (stdin a pipe or the password's source) the missing required options are named
    instead of read from stdin."""
    import sys

    from ikm_tui.errors import ValidationError

    wanted = [(dest, *_kop_flag(dest), example, required) for dest, example, required in INIT_KOP]
    wanted += [
        ("username", "--username", "Nama pengguna Admin", "", True),
        ("nama", "--nama", "Nama lengkap Admin", "dengan gelar", True),
    ]
    if args.password_stdin or not sys.stdin.isatty():
        missing = [
            flag for dest, flag, _, _, needed in wanted if needed and not getattr(args, dest)
        ]
        if missing:
            raise ValidationError(
                "Tanpa terminal untuk bertanya, sebutkan sebagai opsi: "
                + ", ".join(missing)
                + " (kop kantor Anda sendiri dan Admin pertama; lihat `ikm-tui init --help`)."
            )
        answers = {dest: (getattr(args, dest) or "").strip() for dest, *_ in wanted}
    else:
        given = {dest: getattr(args, dest) for dest, *_ in INIT_KOP if getattr(args, dest)}
        problem = _kop_problem(given)
        if problem:  # an option `kantor set` would refuse: said before anything is asked
            raise ValidationError(problem)
        if any(getattr(args, dest) is None for dest, *_ in INIT_KOP):
            print("Kop kantor Anda (tercetak di setiap dokumen; dapat diubah dengan `kantor set`):")
        answers = {}
        for dest, _, label, example, needed in wanted:
            hint = example if needed else ", ".join(filter(None, [example, "boleh kosong"]))
            prompt = f"{label} ({hint}): " if hint else f"{label}: "
            answers[dest] = _ask(getattr(args, dest), prompt, required=needed)
            while dest not in ("username", "nama") and (problem := _kop_problem(answers)):
                print(problem)  # the field just typed is at fault: asked again
                answers[dest] = _ask(None, prompt, required=needed)
    username, full_name = answers.pop("username"), answers.pop("nama")
    return answers, username, full_name


def _kop_problem(kop: dict[str, str]) -> str | None:
    """What `kantor set` would refuse in the kop answered so far (required fields not yet
    answered stand in as filled), or None."""
    from ikm_tui.errors import ValidationError
    from ikm_tui.services.setup import OfficeIdentity, office_record

    filled = {dest: "-" for dest, _, required in INIT_KOP if required}
    filled |= {dest: value for dest, value in kop.items() if value}
    try:
        office_record(OfficeIdentity(**filled))
    except ValidationError as exc:
        return exc.message
    return None


def _print_recovery_code(code: str) -> None:
    print(f"KODE PEMULIHAN ADMIN: {code}")
    print(
        "Catat kode ini di kertas dan simpan di lemari terkunci Camat. Kode hanya ditampilkan "
        "sekali; dengan kode ini Admin yang lupa kata sandi memulihkan aksesnya "
        "(`ikm-tui user recover`)."
    )


def run_init(args: argparse.Namespace) -> int:
    from ikm_tui.cli.common import database_target, open_db, read_new_password
    from ikm_tui.domain.sop import ADMIN
    from ikm_tui.paths import resolve_db
    from ikm_tui.persistence.db import connect
    from ikm_tui.services.registry import Services
    from ikm_tui.services.setup import OfficeIdentity, office_record
    from ikm_tui.services.users import check_new_user

    path = None if args.demo else resolve_db(args.db).file_path
    fresh = path is not None and not path.exists()
    if not fresh:  # an existing database: refuse before asking anything when it holds data
        open_db(args)
        Services().setup.require_empty()
    kop, username, full_name = _init_answers(args)
    office = OfficeIdentity(**kop)
    office_record(office)  # a kop `kantor set` would refuse is refused before the password
    password = read_new_password(args)
    check_new_user(username, full_name, "", [ADMIN], password)
    if fresh:  # the database file is made only now, once everything is answered
        target = database_target(args, create=True)
        connect(target)
        print(f"Basis data dibuat: {target}")
    setup = Services().setup
    done = setup.initialise(office, username, full_name, password)
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
            for note in result.notes:
                print(f"        Catatan: {note}")
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
