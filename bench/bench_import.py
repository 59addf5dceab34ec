"""Provides the import and tabulation benchmark: a 10,000-row CSV and XLSX imported through
ImportService (preview, validate, commit), then the live tabulation and the exports.

Run: python bench/bench_import.py [--rows N] [--workdir DIR]. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _result import emit, figure  # noqa: E402

PASSWORD = "rahasia-kantor-1"
LABELS = ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")


RESULTS: list[dict[str, object]] = []


def timed(label: str, action: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    print(f"{label:<48} {seconds:8.3f} s")
    RESULTS.append(figure(label, seconds, "s", budget="informational"))
    return result


def setup(db_path: Path):  # type: ignore[no-untyped-def]
    """A database with a period at step 4 (questionnaire approved) and a Staf."""
    from ikm_tui.domain import sop
    from ikm_tui.persistence.db import connect
    from ikm_tui.services.registry import Services

    connect(str(db_path))
    services = Services()
    people = {}
    for role, nip in (
        ("staf", "199001012015032001"),
        ("sekcam", "197505052000031002"),
        ("camat", "198003032002121003"),
    ):
        people[role] = services.users.add(
            role, role.title(), nip, role, "", (role,), PASSWORD, None
        )
    services.periods.add_service_type("01", "KTP elektronik", people["staf"])
    period = services.periods.create("Bench", people["staf"], start_date=dt.date(2026, 9, 1))
    document = services.signoff.latest(period.id, sop.KUESIONER)
    services.signoff.submit(document.id, people["staf"], PASSWORD)
    services.signoff.approve(document.id, people["sekcam"], PASSWORD)
    services.signoff.approve(document.id, people["camat"], PASSWORD)
    return services, people["staf"], period.id


def write_files(workdir: Path, rows: int) -> tuple[Path, Path]:
    """A CSV with scores and an XLSX with answer labels for U1, both with profile columns."""
    from openpyxl import Workbook

    rng = random.Random(2026)
    header = ["Tanggal", "Jenis kelamin", "Usia", *[f"U{i}" for i in range(1, 10)], "Saran"]
    data = [
        [
            f"2026-09-{rng.randint(1, 30):02d}",
            rng.choice("LP"),
            rng.randint(17, 80),
            *[rng.choice([1, 2, 3, 4, 4, 3, None]) for _ in range(9)],
            "Baik",
        ]
        for _ in range(rows)
    ]
    csv_path = workdir / "jawaban.csv"
    with csv_path.open("w", encoding="utf-8") as handle:
        handle.write(";".join(header) + "\n")
        for row in data:
            handle.write(";".join("" if v is None else str(v) for v in row) + "\n")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Jawaban")
    sheet.append(header)
    for row in data:
        row = list(row)
        row[3] = LABELS[row[3] - 1] if row[3] else None
        sheet.append(row)
    xlsx_path = workdir / "jawaban.xlsx"
    workbook.save(xlsx_path)
    return csv_path, xlsx_path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--workdir")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        workdir = Path(args.workdir or temp)
        services, staf, period_id = setup(workdir / "bench.db")
        csv_path, xlsx_path = write_files(workdir, args.rows)
        print(f"{args.rows} baris, 9 unsur + 4 kolom profil")
        importer = services.importer
        timed("preview CSV", lambda: importer.preview(period_id, csv_path))
        timed("validate CSV", lambda: importer.validate(period_id, csv_path))
        timed(
            "commit CSV (validate + store, one transaction)",
            lambda: importer.commit(period_id, csv_path, None, staf),
        )
        timed("preview XLSX (labels in U1)", lambda: importer.preview(period_id, xlsx_path))
        timed(
            "commit XLSX (validate + store)",
            lambda: importer.commit(period_id, xlsx_path, None, staf),
        )
        tab = services.tabulation
        timed("tabulation summary (whole period)", lambda: tab.summary(period_id))
        timed(
            "tabulation summary (month + service)",
            lambda: tab.summary(period_id, month=9, service_type_id=1),
        )

        def screen_load() -> None:
            summary = tab.summary(period_id)
            tab.breakdown_by_service(period_id)
            for profile in summary.profiles:
                tab.breakdown_by_profile(period_id, profile.key)

        timed("tabulation screen load (summary + 5 breakdowns)", screen_load)
        timed("export data mentah CSV", lambda: tab.export_raw(period_id, workdir / "m.csv"))
        timed(
            "export data mentah XLSX", lambda: tab.export_raw(period_id, workdir / "m.xlsx", "xlsx")
        )
        timed("export olah data XLSX", lambda: tab.export_olah_data(period_id, workdir / "o.xlsx"))
    for result in RESULTS:
        result["figure"] = f"{result['figure']}, {args.rows:,} rows"
    emit(RESULTS)


if __name__ == "__main__":
    main()
