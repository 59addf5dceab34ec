"""Provides `ikm-tui demo` (write the demo database) and `ikm-tui periods` (list survey periods)."""

from __future__ import annotations

import argparse
import json

from ikm_tui.errors import StorageError

DONE_TEXT = "Selesai (semua langkah SOP)"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `demo` and `periods`."""
    demo = subparsers.add_parser(
        "demo",
        help="tulis basis data demo (Kecamatan Bandungan) tanpa membuka aplikasi",
        description="Tulis basis data demo ke --db (bawaan: tempat demo sendiri, bukan basis "
        "data kantor). Basis data yang bukan demo tidak pernah ditimpa.",
    )
    demo.set_defaults(handler=run_demo)
    periods = subparsers.add_parser(
        "periods", help="daftar periode survei", description="Daftar periode survei di basis data."
    )
    periods.add_argument("--json", action="store_true", help="keluaran JSON")
    periods.set_defaults(handler=run_periods)


def run_demo(args: argparse.Namespace) -> int:
    """Handler of `ikm-tui demo`: (re)build the demo database at --db or the demo place."""
    from pathlib import Path

    from ikm_tui.paths import demo_db_path
    from ikm_tui.services.demo import ensure_demo

    target = getattr(args, "db", None)
    if target and "://" in target:
        raise StorageError("Basis data demo hanya dapat ditulis ke berkas SQLite, bukan URL.")
    path = ensure_demo(Path(target) if target else demo_db_path(), reset=True)
    print(f"Basis data demo ditulis: {path}")
    print(
        "Masuk dengan: camat / camat2026, sekcam / sekcam2026, sri / staf2026, "
        "agus / staf2026, admin / admin2026"
    )
    return 0


def step_name(step_no: int) -> str:
    """The SOP step's name, or the done text for a finished period."""
    from ikm_tui.domain import sop

    return DONE_TEXT if step_no == sop.DONE else sop.step(step_no).name


def step_text(step_no: int) -> str:
    """ "4 Melaksanakan pengukuran ..." or the done text."""
    from ikm_tui.domain import sop

    return step_name(step_no) if step_no == sop.DONE else f"{step_no} {step_name(step_no)}"


def run_periods(args: argparse.Namespace) -> int:
    """Handler of `ikm-tui periods`."""
    from ikm_tui.cli.common import open_db
    from ikm_tui.domain.formatting import bilangan, tanggal
    from ikm_tui.domain.regimes import get_regime
    from ikm_tui.services.registry import Services

    open_db(args)
    periods = sorted(Services().periods.list(), key=lambda p: p.id)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": p.id,
                        "name": p.name,
                        "regime": p.regime_id,
                        "current_step": p.current_step,
                        "current_step_name": step_name(p.current_step),
                        "respondents": p.respondents,
                        "start_date": p.start_date.isoformat(),
                        "end_date": p.end_date.isoformat(),
                    }
                    for p in periods
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not periods:
        print("Belum ada periode survei.")
        return 0
    rows = [
        (
            str(p.id),
            p.name,
            get_regime(p.regime_id).nama,
            f"{tanggal(p.start_date)} - {tanggal(p.end_date)}",
            step_text(p.current_step),
            bilangan(p.respondents),
        )
        for p in periods
    ]
    header = ("ID", "Periode", "Dasar penilaian", "Masa survei", "Langkah SOP", "Responden")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [
            cell.rjust(w) if i in (0, 5) else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
    return 0
