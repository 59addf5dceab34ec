"""Provides `ikm-tui import` (responses from CSV/XLSX) and `ikm-tui export` (the Word documents
of the document engine, data mentah, olah data).

Both record who did them: `--as USERNAME` with that account's password (prompted, or the first
line of stdin with --password-stdin); import needs a Staf, as in the TUI. The audit entry names
the account and the operating-system user.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ikm_tui.domain.formatting import angka, bilangan
from ikm_tui.errors import ValidationError

if TYPE_CHECKING:
    from ikm_tui.persistence.records import UserRecord

DATA_KINDS = ("mentah", "olah-data")
EXIT_OK = 0
EXIT_REJECTED = 2


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    """Add `import` and `export`."""
    from ikm_tui.cli.common import add_actor_arguments, year

    imp = subparsers.add_parser(
        "import",
        help="impor jawaban responden dari CSV/XLSX (semua atau tidak sama sekali)",
        description="Kolom U1..Un dipetakan otomatis; kolom profil (jenis kelamin, usia, "
        "pendidikan, pekerjaan, jenis layanan, tanggal, saran) boleh ada. Bila ada "
        "satu baris ditolak, tidak ada yang disimpan dan status keluar 2.",
    )
    imp.add_argument("file", metavar="BERKAS", help="berkas .csv atau .xlsx")
    imp.add_argument("--period", type=int, required=True, metavar="ID", help="nomor periode")
    imp.add_argument(
        "--sheet", metavar="NAMA", help="lembar kerja XLSX yang dibaca (bawaan: lembar pertama)"
    )
    add_actor_arguments(imp)
    imp.set_defaults(handler=run_import)

    from ikm_tui.export.kinds import KINDS

    kinds = (*KINDS, *DATA_KINDS)
    exp = subparsers.add_parser(
        "export",
        help="ekspor dokumen (.docx, --pdf), data mentah atau olah data",
        description="Dokumen Word: " + ", ".join(KINDS) + " (berkas .docx; --pdf juga "
        "membuat PDF lewat LibreOffice). Data: mentah (CSV/XLSX), olah-data (XLSX).",
    )
    exp.add_argument("kind", choices=kinds, metavar="{" + ",".join(kinds) + "}")
    exp.add_argument("--period", type=int, metavar="ID", help="nomor periode")
    exp.add_argument(
        "--nomor",
        metavar="NOMOR",
        help="keluhan: nomor keluhan (KLH/2026/001); ptpp: satu PTPP (001/PTPP/2026)",
    )
    exp.add_argument(
        "--tahun", type=year, metavar="TAHUN", help="register-keluhan: satu tahun kalender"
    )
    exp.add_argument("-o", "--output", required=True, metavar="PATH", help="berkas tujuan")
    exp.add_argument(
        "--format",
        choices=("csv", "xlsx"),
        default=None,
        help="untuk data mentah: csv atau xlsx (bawaan: dari akhiran berkas)",
    )
    exp.add_argument(
        "--pdf", action="store_true", help="dokumen: juga tulis PDF (perlu LibreOffice)"
    )
    exp.add_argument(
        "--kertas",
        choices=("A4", "F4"),
        type=str.upper,
        help="dokumen: ukuran kertas (bawaan: pengaturan kantor)",
    )
    add_actor_arguments(exp)
    exp.set_defaults(handler=run_export)


def run_import(args: argparse.Namespace) -> int:
    from ikm_tui.cli.common import authenticate, open_db
    from ikm_tui.domain.sop import STAF
    from ikm_tui.services.registry import Services

    open_db(args)
    services = Services()
    user = authenticate(args, services, STAF, "mengimpor data responden")
    from ikm_tui.services.importer import ImportRefused

    try:  # commit checks every row first (and refuses with the reasons)
        result = services.importer.commit(args.period, args.file, None, user, sheet=args.sheet)
    except ImportRefused as refused:
        head, *reasons = refused.check.refusal.splitlines()
        print(f"ikm-tui: {head}", file=sys.stderr)
        for line in reasons:
            print(f"  {line}", file=sys.stderr)
        return EXIT_REJECTED
    print(f"Periode {args.period}: {result.message}")
    if result.skipped_blank:
        print(f"{result.skipped_blank} baris kosong dilewati.")
    _print_summary(services, args.period)
    return EXIT_OK


def _print_summary(services: object, period_id: int) -> None:
    tabulation = services.tabulation.summary(period_id)  # type: ignore[attr-defined]
    line = f"Responden dihitung sekarang: {bilangan(tabulation.respondents)}"
    if tabulation.score is not None:
        line += (
            f"; IKM sementara {angka(tabulation.score.ikm)} "
            f"(mutu {tabulation.score.mutu}, {tabulation.score.kinerja})"
        )
    print(line + ".")


def run_export(args: argparse.Namespace) -> int:
    from ikm_tui.cli.common import authenticate, open_db
    from ikm_tui.services.registry import Services

    path = Path(args.output).expanduser()
    fmt = _output_format(args, path)  # refused before the password is asked
    open_db(args)
    services = Services()
    user = authenticate(args, services)
    key = _document_key(services, args)
    if args.kind not in DATA_KINDS:
        return _export_document(services, args, key, path, user)
    if args.kind == "mentah":
        count = services.tabulation.export_raw(args.period, path, fmt, user)
        print(f"Data mentah ({fmt.upper()}, {count} responden) disimpan di {path}.")
    else:
        count = services.tabulation.export_olah_data(args.period, path, user)
        print(f"Olah data ({count} responden, dengan rumus) disimpan di {path}.")
    return EXIT_OK


def _output_format(args: argparse.Namespace, path: Path) -> str:
    """The format the export writes ("docx", "csv" or "xlsx"); refused when the -o file's
    extension says another one (a .docx holding CSV, an .xlsx holding a Word document)."""
    suffix = path.suffix.lower()
    if args.kind not in DATA_KINDS:
        if args.format:
            raise ValidationError("--format hanya untuk data mentah dan olah data.")
        fmt = "docx"
    elif args.pdf or args.kertas:
        raise ValidationError("--pdf dan --kertas hanya untuk dokumen Word.")
    elif args.kind == "olah-data":
        if args.format == "csv":
            raise ValidationError("Olah data hanya tersedia sebagai XLSX (berisi rumus).")
        fmt = "xlsx"
    else:
        fmt = args.format or suffix.removeprefix(".")
        if fmt not in ("csv", "xlsx"):
            raise ValidationError(
                "Berkas tujuan data mentah harus berakhiran .csv atau .xlsx "
                f"(tertulis: {path.name})."
            )
    if suffix != f".{fmt}":
        data = "data mentah" if args.kind == "mentah" else "olah data"
        what = "dokumen Word" if fmt == "docx" else f"{data} {fmt.upper()}"
        pdf = " PDF ditulis di sampingnya dengan --pdf." if suffix == ".pdf" else ""
        raise ValidationError(
            f"Berkas tujuan {what} harus berakhiran .{fmt} (tertulis: {path.name}).{pdf}"
        )
    return fmt


def _document_key(services: Any, args: argparse.Namespace) -> int:
    """What the export is of: a period (--period), one complaint (keluhan --nomor) or, for the
    complaint register, a calendar year (--tahun)."""
    from ikm_tui.services.complaint_documents import KELUHAN, REGISTER_KELUHAN, year_key

    if args.kind == KELUHAN:
        if not args.nomor:
            raise ValidationError("Sebutkan nomor keluhan: --nomor KLH/2026/001.")
        return int(services.complaints.by_nomor(args.nomor).id)
    if args.kind == "ptpp" and args.nomor:
        from ikm_tui.services.meeting_documents import single_ptpp_key

        return single_ptpp_key(int(services.ptpp.by_nomor(args.nomor).id))
    if args.nomor:
        raise ValidationError("--nomor hanya untuk ekspor keluhan dan ptpp.")
    if args.tahun is not None:
        if args.kind != REGISTER_KELUHAN or args.period is not None:
            raise ValidationError("--tahun hanya untuk register-keluhan, tanpa --period.")
        return year_key(args.tahun)
    if args.period is None:
        raise ValidationError("Sebutkan periode: --period ID.")
    return int(args.period)


def _export_document(
    services: Any, args: argparse.Namespace, key: int, path: Path, user: UserRecord
) -> int:
    result = services.documents.export(args.kind, key, path, user, pdf=args.pdf, paper=args.kertas)
    mark = " (DRAF - belum disetujui)" if result.draft else ""
    print(f"{result.title}{mark} disimpan di {result.path}.")
    if result.pdf_path is not None:
        print(f"PDF disimpan di {result.pdf_path}.")
    print(f"Kode verifikasi {result.code}; periksa dengan `ikm-tui verify-doc BERKAS`.")
    return EXIT_OK
