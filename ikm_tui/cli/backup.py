"""Provides `backup PATH` and `restore PATH`: a verified copy while others work, and putting one
back with the current database kept aside."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    """Add `backup`, `restore`, `migrate-db` and `pg-grant`. `backup` only reads (whoever may
    read the database file may copy it; a cron job needs no password); the others change a
    database and need an Admin (`--as`)."""
    from ikm_tui.cli.common import add_actor_arguments

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
    add_actor_arguments(restore)
    restore.add_argument(
        "--simpan-ke",
        metavar="FOLDER",
        help="folder untuk salinan basis data sekarang (bawaan: folder basis data)",
    )
    restore.set_defaults(handler=run_restore)
    move = subparsers.add_parser(
        "migrate-db",
        help="salin basis data SQLite (--db) ke PostgreSQL baru yang kosong, lalu periksa",
    )
    move.add_argument("--to", required=True, metavar="URL", help="postgresql://pengguna@host/db")
    add_actor_arguments(move)
    move.set_defaults(handler=run_migrate_db)
    grant = subparsers.add_parser(
        "pg-grant",
        help="PostgreSQL: beri peran aplikasi hak baca-tulis, tanpa ubah/hapus jejak audit",
    )
    grant.add_argument("role", metavar="PERAN", help="peran login aplikasi, mis. ikm_app")
    add_actor_arguments(grant)
    grant.set_defaults(handler=run_pg_grant)


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
    from ikm_tui.cli.common import authenticate, open_db
    from ikm_tui.services.registry import Services

    database = open_db(args)
    services = Services()
    admin = authenticate(args, services, "admin", "memulihkan basis data dari cadangan")
    aside = Path(args.simpan_ke).expanduser() if args.simpan_ke else None
    result = services.backup.restore(database, Path(args.path), aside, by=admin.username)
    print(
        f"Basis data dipulihkan dari cadangan {result.manifest.created_at} "
        f"({result.manifest.counts['responden']} responden)."
    )
    print(f"Basis data sebelumnya disimpan di {result.kept_aside}.")
    return 0


def run_migrate_db(args: argparse.Namespace) -> int:
    from ikm_tui.cli.common import authenticate, open_db
    from ikm_tui.domain.formatting import bilangan
    from ikm_tui.errors import mask_secrets
    from ikm_tui.services.backup import copy_to_postgres
    from ikm_tui.services.registry import Services

    source = open_db(args)
    authenticate(args, Services(), "admin", "memindahkan basis data ke PostgreSQL")
    result = copy_to_postgres(source, args.to)
    rows = sum(result.copied.values())
    print(
        f"Disalin ke {mask_secrets(args.to)}: {bilangan(rows)} baris dari "
        f"{len(result.copied)} tabel ({bilangan(result.copied.get('respondent', 0))} responden); "
        f"isi tiap tabel dan jejak audit ({bilangan(result.audit_entries)} entri) cocok."
    )
    print("Arahkan pengguna ke URL itu (IKM_TUI_DB atau [database] url di config.toml).")
    return 0


def run_pg_grant(args: argparse.Namespace) -> int:
    from ikm_tui.cli.common import authenticate, open_db
    from ikm_tui.services.backup import grant_app_role
    from ikm_tui.services.registry import Services

    open_db(args)
    authenticate(args, Services(), "admin", "mengatur hak akses PostgreSQL")
    grant_app_role(args.role)
    print(
        f"Peran {args.role}: baca-tulis semua tabel; jejak audit hanya dapat dibaca dan "
        "ditambah (tidak dapat diubah atau dihapus)."
    )
    return 0
