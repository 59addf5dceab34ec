"""Provides the step 1-3 benchmark: questionnaire export (.docx through the document engine, as a
ratio to python-docx saving an empty document in the same run), verify-doc, text preview, an
edit round trip and a 10,000-row customer-list import, each the best of several runs on a fresh
SQLite file.

Run: python bench/bench_questionnaire.py [--runs N]. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _result import emit, figure  # noqa: E402
from _timing import best_of  # noqa: E402


def best_of_ms(runs: int, action: Callable[[], object]) -> float:
    """The fastest of `runs` calls, in milliseconds."""
    return best_of(runs, action) * 1000


def _bare_docx() -> None:
    import io

    import docx

    docx.Document().save(io.BytesIO())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from ikm_tui.domain.regimes import KEPMENPAN_2004, PERMENPANRB_2017
    from ikm_tui.persistence import db
    from ikm_tui.services.customers import CustomerService
    from ikm_tui.services.registry import Services
    from tests.concept_helpers import SERVICES, add_office, add_period, add_signers

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db.connect(str(work / "bench.db"))
        add_office()
        from ikm_tui.clock import system_clock

        users = add_signers(system_clock)
        services = Services(system_clock)
        service, documents = services.questionnaire, services.documents
        baseline = best_of_ms(args.runs, _bare_docx)
        print(f"baseline: python-docx saves an empty document in {baseline:.0f} ms")
        results = []
        for regime in (PERMENPANRB_2017, KEPMENPAN_2004):
            period = add_period(system_clock, users["staf"], regime_id=regime)
            path = work / f"{regime}.docx"
            export = best_of_ms(
                args.runs, lambda p=period, t=path: documents.export("kuesioner", p.id, t)
            )
            preview = best_of_ms(args.runs, lambda p=period: service.preview_text(p.id))
            verify = best_of_ms(args.runs, lambda t=path: documents.verify(t))
            print(
                f"{regime}: export .docx {export:.0f} ms = {export / baseline:.1f}x baseline "
                f"({path.stat().st_size:,} B), verify-doc {verify:.0f} ms, "
                f"text preview {preview:.1f} ms"
            )
            results.append(
                figure(
                    f"kuesioner .docx export ({regime})",
                    export,
                    "ms",
                    baseline="python-docx saving an empty document",
                    baseline_value=baseline,
                    budget="informational",
                )
            )
            results.append(figure(f"verify-doc ({regime})", verify, "ms", budget="informational"))
        words = iter(range(10**6))
        edit = best_of_ms(
            args.runs,
            lambda: service.edit(
                period.id, users["staf"], question_key="prosedur", pertanyaan=f"Uji {next(words)}"
            ),
        )
        print(f"edit round trip (validate, sign-off update, audit): {edit:.1f} ms")
        rows = ["nama,jenis layanan,tanggal"]
        rows += [f"Pelanggan {i},{SERVICES[i % 3][0]},0{1 + i % 9}-01-2026" for i in range(10_000)]
        csv_path = work / "pelanggan.csv"
        csv_path.write_text("\n".join(rows), encoding="utf-8")
        customers = CustomerService(system_clock)
        imported = best_of_ms(
            max(1, args.runs // 2),
            lambda: customers.import_file(period.id, csv_path, users["staf"]),
        )
        print(f"import 10,000 customers from CSV (replace, all-or-nothing): {imported:.0f} ms")
        db.close()
    results.append(figure("kuesioner edit round trip", edit, "ms", budget="informational"))
    results.append(
        figure("import 10,000 customers from CSV", imported, "ms", budget="informational")
    )
    emit(results)


if __name__ == "__main__":
    main()
