"""Provides `backup PATH` and `restore PATH`: a verified copy while others work, and putting one
back with the current database kept aside."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    """Add `backup` and `restore`."""
    backup = subparsers.add_parser(
        "backup",
        help="salin basis data (konsisten, sambil orang lain bekerja) lalu periksa salinannya",
    )
    backup.add_argument("path", metavar="BERKAS", help="berkas cadangan yang ditulis")
    backup.add_argument("--json", action="store_true", help="cetak manifes sebagai JSON")
    backup.set_defaults(handler=run_backup)
    restore = subparsers.add_parser(
        "restore",
        help="pulihkan basis data dari cadangan (diperiksa dahulu; yang sekarang disimpan)",
    )
    restore.add_argument("path", metavar="BERKAS", help="berkas buatan `ikm-tui backup`")
    restore.add_argument(
        "--simpan-ke",
        metavar="FOLDER",
        help="folder untuk salinan basis data sekarang (bawaan: folder basis data)",
    )
    restore.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from ikm_tui.cli.common import open_db
    from ikm_tui.domain.formatting import bilangan
    from ikm_tui.services.backup import describe
    from ikm_tui.services.registry import Services

    database = open_db(args)
    manifest = Services().backup.backup(database, Path(args.path))
    if args.json:
        print(json.dumps(describe(manifest), ensure_ascii=False, indent=2))
        return 0
    print(
        f"Cadangan ditulis dan diperiksa: {Path(args.path).expanduser().resolve()} "
        f"({bilangan(manifest.size)} bita; {bilangan(manifest.counts['responden'])} responden; "
        f"jejak audit {manifest.audit_entries} entri)."
    )
    print(f"SHA-256 {manifest.sha256}; manifes: {Path(args.path).name}.manifest.json")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from ikm_tui.cli.common import open_db
    from ikm_tui.services.registry import Services

    database = open_db(args)
    aside = Path(args.simpan_ke).expanduser() if args.simpan_ke else None
    result = Services().backup.restore(database, Path(args.path), aside)
    print(
        f"Basis data dipulihkan dari cadangan {result.manifest.created_at} "
        f"({result.manifest.counts['responden']} responden)."
    )
    print(f"Basis data sebelumnya disimpan di {result.kept_aside}.")
    return 0
