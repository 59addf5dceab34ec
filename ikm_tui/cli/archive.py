"""Provides `ikm-tui arsip` (the SOP's archiving step): `arsip ekspor` writes copies of a period's archived
files, `arsip daftar` lists its items, `arsip retensi` the items past their active retention."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ikm_tui.domain.formatting import bilangan, tanggal

if TYPE_CHECKING:
    from ikm_tui.services.registry import Services

EXIT_OK = 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    """Add `arsip ekspor|daftar|retensi`."""
    arsip = subparsers.add_parser(
        "arsip", help="berkas arsip notulen dan laporan IKM (ekspor, daftar, retensi)"
    )
    commands = arsip.add_subparsers(dest="arsip_command", metavar="PERINTAH", required=True)
    ekspor = commands.add_parser(
        "ekspor", help="tulis salinan berkas digital arsip satu periode ke folder"
    )
    ekspor.add_argument("--period", type=int, required=True, metavar="ID", help="nomor periode")
    ekspor.add_argument("-o", "--output", required=True, metavar="FOLDER", help="folder tujuan")
    ekspor.set_defaults(handler=run_export)
    daftar = commands.add_parser("daftar", help="daftar berkas arsip (satu periode atau semua)")
    daftar.add_argument("--period", type=int, metavar="ID", help="nomor periode")
    daftar.set_defaults(handler=run_list)
    retensi = commands.add_parser("retensi", help="berkas yang melewati retensi aktifnya")
    retensi.set_defaults(handler=run_retention)


def _services(args: argparse.Namespace) -> Services:
    from ikm_tui.cli.common import open_db
    from ikm_tui.services.registry import Services

    open_db(args)
    return Services()


def run_export(args: argparse.Namespace) -> int:
    written = _services(args).archive.export(args.period, args.output)
    for path in written:
        print(path)
    print(f"{len(written)} berkas arsip periode {args.period} disalin ke {args.output}.")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    items = _services(args).archive.list(args.period)
    for item in items:
        print(
            f"{item.nomor_berkas}  {item.kode_klasifikasi}  {item.uraian}  [{item.kurun_waktu}; "
            f"{item.lokasi_text}; {item.file_name}, {bilangan(item.file_size or 0)} byte, "
            f"SHA-256 {item.sha256[:12]}...]"
        )
    if not items:
        print("Belum ada berkas arsip.")
    return EXIT_OK


def run_retention(args: argparse.Namespace) -> int:
    due = _services(args).archive.retention_due()
    for entry in due:
        print(
            f"{entry.item.nomor_berkas}  {entry.item.uraian}  (aktif s.d. "
            f"{tanggal(entry.active_until)}): {entry.tindakan}"
        )
    if not due:
        print("Tidak ada berkas yang melewati retensi aktifnya.")
    return EXIT_OK
