"""Provides the step-5 benchmark: writing the full Laporan IKM of a 5,000-respondent period
(figures through the scoring engine, both charts, the olah-data table of 5,000 rows) beside
python-docx writing a bare table of the same size (5,000 x 1 + 9 cells), in the same run.

Run: python bench/bench_report.py [--respondents N] [--runs N]. Prints figures; asserts nothing.
Budget: the full report under 5 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _result import emit, figure  # noqa: E402
from _timing import best_of  # noqa: E402


def bare_table(path: Path, rows: int, columns: int) -> None:
    """python-docx alone: a document with one table of `rows` x `columns` one-digit cells."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=columns)
    for row_number in range(rows):
        cells = table.add_row().cells
        cells[0].text = str(row_number + 1)
        for cell in cells[1:]:
            cell.text = "3"
    document.save(str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from ikm_tui.clock import system_clock
    from ikm_tui.domain.regimes import get_regime
    from ikm_tui.persistence import db
    from ikm_tui.services.registry import Services
    from tests.report_helpers import period_at_report

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db.connect(str(work / "bench.db"))
        services = Services(system_clock)
        period, users = period_at_report(services, args.respondents)
        columns = get_regime(period.regime_id).n_unsur + 1
        report_path = work / "laporan.docx"
        figures = best_of(args.runs, lambda: services.report.figures(period.id))
        full = best_of(
            args.runs,
            lambda: services.documents.export("laporan", period.id, report_path, users["staf"]),
        )
        bare_path = work / "bare.docx"
        bare = best_of(args.runs, lambda: bare_table(bare_path, args.respondents, columns))
        print(f"{args.respondents} respondents x {columns - 1} unsur, best of {args.runs}")
        print(f"  figures from the database (scoring engine):  {figures:.2f} s")
        print(
            f"  full Laporan IKM .docx (charts, olah data): {full:.2f} s "
            f"({report_path.stat().st_size:,} B)  budget < 5 s: {'met' if full < 5 else 'MISSED'}"
        )
        print(
            f"  bare python-docx table {args.respondents} x {columns}:   {bare:.2f} s "
            f"({bare_path.stat().st_size:,} B)"
        )
        print(f"  ratio full report / bare table: {full / bare:.2f}x")
        emit(
            [
                figure(
                    f"Laporan IKM .docx, {args.respondents} respondents",
                    full,
                    "s",
                    baseline=f"bare python-docx table {args.respondents} x {columns}",
                    baseline_value=bare,
                    budget="< 5 s",
                    limit=5.0,
                    on="value",
                    next_step="cProfile documents.export('laporan'): docxtpl render vs figures",
                ),
                figure(
                    f"report figures from the database, {args.respondents} respondents",
                    figures,
                    "s",
                    budget="informational",
                ),
            ]
        )
        db.close()


if __name__ == "__main__":
    main()
