"""Provides `ikm-tui verify-doc FILE` and `ikm-tui template list|export|install|reset` (Admin).

verify-doc exits 0 only when the file is unchanged and still matches the database ("cocok"),
1 for "berkas diubah" or "data berubah sejak dicetak", 2 for a file it does not know.
`template install|reset` change what every export prints: they need an Admin (`--as` with the
password), as `kantor set` does; `list` and `export` only read.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ikm_tui.persistence.records import UserRecord
    from ikm_tui.services.registry import Services

EXIT_MATCH = 0
EXIT_MISMATCH = 1


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    """Add `verify-doc` and `template`."""
    from ikm_tui.cli.common import add_actor_arguments

    verify = subparsers.add_parser(
        "verify-doc",
        help="periksa keaslian dokumen .docx yang diekspor (cocok / diubah / data berubah)",
        description="Status keluar 0 bila cocok, 1 bila berkas diubah atau data berubah sejak "
        "dicetak, 2 bila berkas tidak dikenal.",
    )
    verify.add_argument("file", metavar="BERKAS", help="dokumen .docx hasil ekspor ikm-tui")
    verify.set_defaults(handler=run_verify_doc)

    template = subparsers.add_parser("template", help="templat Word dokumen (Admin)")
    actions = template.add_subparsers(dest="template_command", metavar="AKSI", required=True)
    actions.add_parser("list", help="daftar templat dan asalnya").set_defaults(
        handler=run_template_list
    )
    export = actions.add_parser("export", help="simpan templat yang dipakai untuk disunting")
    export.add_argument("kind", metavar="JENIS")
    export.add_argument("-o", "--output", required=True, metavar="PATH", help="berkas .docx")
    export.set_defaults(handler=run_template_export)
    install = actions.add_parser("install", help="pasang templat hasil suntingan (diperiksa)")
    install.add_argument("kind", metavar="JENIS")
    install.add_argument("path", metavar="BERKAS", help="templat .docx")
    add_actor_arguments(install)
    install.set_defaults(handler=run_template_install)
    reset = actions.add_parser("reset", help="kembali ke templat bawaan")
    reset.add_argument("kind", metavar="JENIS")
    add_actor_arguments(reset)
    reset.set_defaults(handler=run_template_reset)


def _services(args: argparse.Namespace) -> Services:
    from ikm_tui.cli.common import open_db
    from ikm_tui.services.registry import Services

    open_db(args)
    return Services()


def _as_admin(args: argparse.Namespace, task: str) -> tuple[Services, UserRecord]:
    from ikm_tui.cli.common import authenticate, open_db
    from ikm_tui.domain.sop import ADMIN
    from ikm_tui.services.registry import Services

    open_db(args)
    services = Services()
    return services, authenticate(args, services, ADMIN, task)


def run_verify_doc(args: argparse.Namespace) -> int:
    services = _services(args)
    result = services.documents.verify(args.file)
    print(f"{result.verdict.upper()}: {result.message}")
    return EXIT_MATCH if result.ok else EXIT_MISMATCH


def run_template_list(args: argparse.Namespace) -> int:
    services = _services(args)
    statuses = services.templates.list()
    width = max(len(status.kind) for status in statuses)
    for status in statuses:
        print(f"{status.kind.ljust(width)}  {status.title}: {status.source_text}")
    return 0


def run_template_export(args: argparse.Namespace) -> int:
    services = _services(args)
    saved = services.templates.export(args.kind, args.output)
    print(f"Templat {args.kind} disimpan di {saved}. Sunting, lalu pasang dengan ")
    print(f"`ikm-tui template install {args.kind} {saved}`.")
    return 0


def run_template_install(args: argparse.Namespace) -> int:
    services, admin = _as_admin(args, "memasang templat dokumen")
    status = services.templates.install(args.kind, args.path, admin)
    print(
        f"Templat {status.title} terpasang dari {status.file_name}; ekspor berikutnya memakainya."
    )
    return 0


def run_template_reset(args: argparse.Namespace) -> int:
    services, admin = _as_admin(args, "mengembalikan templat bawaan")
    removed = services.templates.reset(args.kind, admin)
    if removed:
        print(f"Templat {args.kind} kembali ke bawaan.")
    else:
        print(f"Templat {args.kind} sudah bawaan; tidak ada yang diubah.")
    return 0
