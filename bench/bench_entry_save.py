"""Time of one paper-form save (EntryService.save_form, which now records the form's content
hash in its audit entry) vs the same save with the hash computation stubbed out, in the
same run, plus the bare insert (insert_form + audit entry, no checks) for scale.

Builds the demo database (Periode II is at the collection step), then saves N forms each way,
interleaved, as the Staf (one transaction each, synchronous=FULL as in production). Prints
medians and ratios; asserts nothing.

    python bench/bench_entry_save.py [--forms 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _result import emit, figure  # noqa: E402
from _timing import timings  # noqa: E402

from ikm_tui.domain import sop  # noqa: E402
from ikm_tui.persistence import audit_log, respondents  # noqa: E402
from ikm_tui.persistence import db as db_module  # noqa: E402
from ikm_tui.persistence.models import PeriodRow, RespondentRow, database_proxy  # noqa: E402
from ikm_tui.services.demo import build_demo  # noqa: E402
from ikm_tui.services.registry import Services  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.db"
        build_demo(path)
        db_module.connect(str(path))
        services = Services()
        staf = services.users.get("sri")
        period = PeriodRow.get(PeriodRow.current_step == sop.collection_step())
        template = RespondentRow.select().where(RespondentRow.period == period.id).first()
        form = respondents.form_of(template.id)
        questionnaire_id = template.questionnaire_id

        def with_hash() -> None:
            services.entry.save_form(period.id, form, staf)

        def bare() -> None:
            now = services.clock()
            with database_proxy.atomic():
                respondent_id, nomor = respondents.insert_form(
                    period.id, form, now, staf.id, questionnaire_id
                )
                audit_log.append_by(
                    now,
                    staf,
                    "formulir_simpan",
                    "respondent",
                    respondent_id,
                    {"periode": period.id, "nomor": nomor},
                )

        real_hash = respondents.form_hash

        def without_hash() -> None:
            respondents.form_hash = lambda nomor, form, excluded: ""  # type: ignore[assignment]
            try:
                services.entry.save_form(period.id, form, staf)
            finally:
                respondents.form_hash = real_hash  # type: ignore[assignment]

        # interleave so that a busy machine slows every way alike
        new, stubbed, old = [], [], []
        for _ in range(args.forms):
            new += timings(1, with_hash)
            stubbed += timings(1, without_hash)
            old += timings(1, bare)
        hash_only = timings(args.forms, lambda: respondents.form_hash(1, form, False))
        db_module.close()
    new_ms, old_ms = statistics.median(new) * 1000, statistics.median(old) * 1000
    stub_ms = statistics.median(stubbed) * 1000
    hash_us = statistics.median(hash_only) * 1e6
    print(f"forms saved each way: {args.forms}")
    print(f"save_form, hash stubbed (before):   median {stub_ms:.2f} ms")
    print(f"save_form with the form hash:       median {new_ms:.2f} ms")
    print(f"bare insert + audit, no checks:     median {old_ms:.2f} ms")
    print(f"form_hash alone:                    median {hash_us:.0f} us")
    print(f"ratio with hash / stubbed: {new_ms / stub_ms:.3f}x")
    emit(
        [
            figure(
                "save one paper form (with form hash)",
                new_ms,
                "ms",
                baseline="same save, hash stubbed",
                baseline_value=stub_ms,
                budget="<= 1.1x",
                limit=1.1,
                next_step="cProfile save_form: respondents.form_hash and the audit append",
            ),
            figure(
                "save one paper form, service checks",
                new_ms,
                "ms",
                baseline="bare insert + audit entry, no checks",
                baseline_value=old_ms,
                budget="informational",
            ),
        ]
    )


if __name__ == "__main__":
    main()
