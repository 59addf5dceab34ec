"""Provides the administrator's settings subcommands: `layanan list|add|ubah|nonaktifkan|aktifkan`,
`kantor show|set` and `kantor libur daftar|tambah|hapus` (the office's own days off)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from ikm_tui.errors import NotFound, ValidationError

if TYPE_CHECKING:
    from ikm_tui.persistence.records import ServiceTypeRecord, UserRecord
    from ikm_tui.services.calendar import CalendarService
    from ikm_tui.services.periods import PeriodService
    from ikm_tui.services.registry import Services

LAYANAN_TASK = "mengelola jenis layanan kantor"

KOP_FLAGS = (
    ("--pemerintah", "pemerintah", "Pemerintah"),
    ("--unit", "nama_unit", "Nama unit"),
    ("--alamat", "alamat", "Alamat"),
    ("--telepon", "telepon", "Telepon"),
    ("--faks", "faks", "Faks"),
    ("--email", "email", "Email"),
    ("--website", "website", "Website"),
    ("--kota", "kota", "Kota"),
    ("--kode-pos", "kode_pos", "Kode pos"),
    ("--kode-unit", "kode_unit", "Kode unit"),
    ("--logo", "logo_path", "Logo"),
    ("--kertas", "paper_size", "Ukuran kertas"),
    ("--kunci-layar", "idle_lock_minutes", "Kunci layar (menit tanpa tombol)"),
)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    """Add `layanan` and `kantor`; the changing ones need `--as ADMIN` and its password."""
    from ikm_tui.cli.common import add_actor_arguments, year

    layanan = subparsers.add_parser("layanan", help="kelola jenis layanan kantor (Admin)")
    actions = layanan.add_subparsers(dest="layanan_command", metavar="AKSI", required=True)
    listing = actions.add_parser("list", help="daftar jenis layanan")
    listing.add_argument("--semua", action="store_true", help="termasuk yang nonaktif")
    listing.set_defaults(handler=run_layanan_list)
    add = actions.add_parser("add", help="tambah jenis layanan")
    add.add_argument("kode")
    add.add_argument("nama")
    add_actor_arguments(add)
    add.set_defaults(handler=run_layanan_add)
    rename = actions.add_parser("ubah", help="ubah nama jenis layanan")
    rename.add_argument("kode")
    rename.add_argument("nama")
    add_actor_arguments(rename)
    rename.set_defaults(handler=run_layanan_rename)
    for name, text in (
        ("nonaktifkan", "jangan tawarkan lagi untuk periode baru"),
        ("aktifkan", "aktifkan kembali"),
    ):
        toggle = actions.add_parser(name, help=text)
        toggle.add_argument("kode")
        add_actor_arguments(toggle)
        toggle.set_defaults(handler=run_layanan_toggle)

    kantor = subparsers.add_parser("kantor", help="identitas kantor pada kop dokumen (Admin)")
    kop = kantor.add_subparsers(dest="kantor_command", metavar="AKSI", required=True)
    kop.add_parser("show", help="tampilkan kop").set_defaults(handler=run_kantor_show)
    set_kop = kop.add_parser("set", help="ubah isian kop (yang tidak disebut tetap)")
    for flag, dest, label in KOP_FLAGS:
        set_kop.add_argument(flag, dest=dest, help=label.lower())
    add_actor_arguments(set_kop)
    set_kop.set_defaults(handler=run_kantor_set)
    libur = kop.add_parser(
        "libur", help="hari libur kantor di luar libur nasional dan cuti bersama"
    )
    days = libur.add_subparsers(dest="libur_command", metavar="AKSI", required=True)
    listing = days.add_parser("daftar", help="hari libur nasional, cuti bersama dan libur kantor")
    listing.add_argument("--tahun", type=year, help="tahun yang ditampilkan (bawaan: tahun ini)")
    listing.set_defaults(handler=run_libur_daftar)
    add_day = days.add_parser("tambah", help="jadikan TANGGAL hari libur kantor")
    add_day.add_argument("tanggal", metavar="TANGGAL", help="HH-BB-TTTT atau TTTT-BB-HH")
    add_day.add_argument("--keterangan", default="", help="mis. Hari jadi kabupaten")
    add_actor_arguments(add_day)
    add_day.set_defaults(handler=run_libur_tambah)
    remove_day = days.add_parser("hapus", help="jadikan TANGGAL hari kerja lagi")
    remove_day.add_argument("tanggal", metavar="TANGGAL", help="HH-BB-TTTT atau TTTT-BB-HH")
    add_actor_arguments(remove_day)
    remove_day.set_defaults(handler=run_libur_hapus)


def _periods(args: argparse.Namespace) -> PeriodService:
    from ikm_tui.cli.common import open_db
    from ikm_tui.services.registry import Services

    open_db(args)
    return Services().periods


def _as_admin(args: argparse.Namespace, task: str) -> tuple[Services, UserRecord]:
    from ikm_tui.cli.common import authenticate, open_db
    from ikm_tui.domain.sop import ADMIN
    from ikm_tui.services.registry import Services

    open_db(args)
    services = Services()
    return services, authenticate(args, services, ADMIN, task)


def _by_kode(periods: PeriodService, kode: str) -> ServiceTypeRecord:
    for service_type in periods.service_types(active_only=False):
        if service_type.kode == kode.strip():
            return service_type
    raise NotFound(f"Jenis layanan dengan kode {kode} tidak ditemukan.")


def run_layanan_list(args: argparse.Namespace) -> int:
    service_types = _periods(args).service_types(active_only=args.semua is False)
    if not service_types:
        print("Belum ada jenis layanan. Tambahkan dengan `ikm-tui layanan add KODE NAMA`.")
        return 0
    width = max(len(s.kode) for s in service_types)
    for item in service_types:
        status = "" if item.active else "  (nonaktif)"
        print(f"{item.kode.ljust(width)}  {item.nama}{status}")
    return 0


def run_layanan_add(args: argparse.Namespace) -> int:
    services, actor = _as_admin(args, LAYANAN_TASK)
    added = services.periods.add_service_type(args.kode, args.nama, actor)
    print(f"Jenis layanan {added.kode} {added.nama} ditambahkan.")
    return 0


def run_layanan_rename(args: argparse.Namespace) -> int:
    services, actor = _as_admin(args, LAYANAN_TASK)
    periods = services.periods
    changed = periods.update_service_type(_by_kode(periods, args.kode).id, actor, nama=args.nama)
    print(f"Jenis layanan {changed.kode} sekarang bernama {changed.nama}.")
    return 0


def run_layanan_toggle(args: argparse.Namespace) -> int:
    services, actor = _as_admin(args, LAYANAN_TASK)
    periods = services.periods
    active = args.layanan_command == "aktifkan"
    item = periods.set_service_type_active(_by_kode(periods, args.kode).id, active, actor)
    print(f"Jenis layanan {item.kode} {item.nama} {'diaktifkan' if active else 'dinonaktifkan'}.")
    return 0


def run_kantor_show(args: argparse.Namespace) -> int:
    from ikm_tui.cli.common import open_db
    from ikm_tui.services.registry import Services

    open_db(args)
    office = Services().office.get()
    if office is None:
        print("Identitas kantor belum diisi. Gunakan `ikm-tui kantor set` atau `ikm-tui init`.")
        return 0
    for _, dest, label in KOP_FLAGS:
        print(f"{label:<14}{getattr(office, dest) or '-'}")
    return 0


def run_kantor_set(args: argparse.Namespace) -> int:
    fields = {
        dest: getattr(args, dest) for _, dest, _ in KOP_FLAGS if getattr(args, dest) is not None
    }
    if not fields:
        print("Tidak ada yang diubah; sebutkan mis. --unit atau --alamat.")
        return 0
    services, actor = _as_admin(args, "mengubah identitas kantor")
    office = services.office.update(actor, **fields)
    labels = [label.lower() for _, dest, label in KOP_FLAGS if dest in fields]
    print(f"Kop {office.nama_unit} disimpan ({', '.join(labels)}).")
    return 0


def _calendar(args: argparse.Namespace) -> CalendarService:
    from ikm_tui.cli.common import open_db
    from ikm_tui.services.registry import Services

    open_db(args)
    return Services().calendar


def _tanggal(text: str) -> dt.date:
    from ikm_tui.domain.formatting import parse_date

    day = parse_date(text)
    if day is None:
        raise ValidationError(f"Tanggal {text!r} tidak dikenal; tulis HH-BB-TTTT, mis. 25-03-2026.")
    return day


def run_libur_daftar(args: argparse.Namespace) -> int:
    from ikm_tui.domain.formatting import hari_tanggal

    calendar = _calendar(args)
    year = args.tahun or calendar.clock().year
    print(f"Hari libur {year} (selain Sabtu dan Minggu):")
    for line in calendar.year_days_off([year]):
        print(f"  {hari_tanggal(line.tanggal):<28}{line.jenis:<10}{line.keterangan}")
    return 0


def run_libur_tambah(args: argparse.Namespace) -> int:
    from ikm_tui.domain.formatting import hari_tanggal

    services, actor = _as_admin(args, "mengubah hari libur kantor")
    added = services.calendar.add_day_off(_tanggal(args.tanggal), args.keterangan, actor)
    print(f"{hari_tanggal(added.tanggal)} dicatat sebagai hari libur kantor.")
    return 0


def run_libur_hapus(args: argparse.Namespace) -> int:
    from ikm_tui.domain.formatting import hari_tanggal

    services, actor = _as_admin(args, "mengubah hari libur kantor")
    removed = services.calendar.remove_day_off(_tanggal(args.tanggal), actor)
    print(f"{hari_tanggal(removed.tanggal)} kembali menjadi hari kerja.")
    return 0
