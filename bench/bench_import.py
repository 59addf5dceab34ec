"""Provides the import and tabulation benchmark.

Part a (default): a 10,000-row CSV and XLSX imported through ImportService (preview, validate,
commit), then the live tabulation and the exports.

Part big: a Google-Forms-like CSV of --mb megabytes (100 MB = ~1.9 million rows) imported by
`ImportService.commit` in a child process, against the baseline of the same run: pandas
read_csv of the file plus a bare executemany of the same respondent and answer rows into a copy
of the same database (one transaction). Prints the time ratio (budget <= 3x), the import's peak
resident memory (budget 300 MB) and, from a writer process saving paper forms through
EntryService during the import, the slowest save (busy_timeout is 10 s).

Run: python bench/bench_import.py [--rows N] [--workdir DIR]
     python bench/bench_import.py --part big --mb 100
Prints figures; asserts nothing.
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


GOOGLE_HEADER = ["Stempel waktu", "Jenis kelamin", "Usia", *[f"U{i}" for i in range(1, 10)]]
GOOGLE_HEADER.append("Saran")
SARAN = ("", "", "", "Pelayanan cepat", "Antrean terlalu lama, mohon ditambah loket")


def write_google_csv(path: Path, megabytes: float) -> int:
    """A Google Forms download of about `megabytes` MB; returns its number of rows."""
    rng = random.Random(2026)
    limit, rows = int(megabytes * 1_000_000), 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(GOOGLE_HEADER) + "\n")
        while handle.tell() < limit:
            lines = []
            for _ in range(10_000):
                answers = ",".join(
                    rng.choice("1234434") if rng.random() > 0.03 else "" for _ in range(9)
                )
                lines.append(
                    f"2026/09/{rng.randint(1, 30):02d} {rng.randint(8, 15):02d}:"
                    f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d},{rng.choice('LP')},"
                    f'{rng.randint(17, 80)},{answers},"{rng.choice(SARAN)}"\n'
                )
            handle.write("".join(lines))
            rows += len(lines)
    return rows


CHILD_IMPORT = """
import datetime as dt, json, resource, sys, time
from ikm_tui.clock import fixed_clock
from ikm_tui.persistence.db import connect
from ikm_tui.services.registry import Services
connect(sys.argv[1])
services = Services(fixed_clock(dt.datetime(2026, 10, 1, 9, 0)))
user = services.auth.login("staf", sys.argv[4])
start = time.perf_counter()
result = services.importer.commit(int(sys.argv[2]), sys.argv[3], None, user)
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "rss_mb": rss, "stored": result.stored}))
"""

CHILD_BASELINE = """
import json, resource, sqlite3, sys, time
import pandas
start = time.perf_counter()
frame = pandas.read_csv(sys.argv[3], dtype=str, keep_default_na=False)
read = time.perf_counter() - start
keys = sys.argv[4].split(",")
period = int(sys.argv[2])
con = sqlite3.connect(sys.argv[1], isolation_level=None)
for pragma in ("journal_mode=wal", "synchronous=full", "foreign_keys=1", "cache_size=-16000"):
    con.execute("PRAGMA " + pragma)
con.execute("BEGIN IMMEDIATE")
first = (con.execute("SELECT COALESCE(MAX(id), 0) FROM respondent").fetchone()[0]) + 1
stamp = "2026-10-01 09:00:00"
columns = list(frame.columns)
answers_at = [columns.index(f"U{i}") for i in range(1, 10)]
values = frame.to_numpy()
con.executemany(
    'INSERT INTO "respondent" ("id", "period_id", "nomor", "tanggal_survei", "jenis_kelamin", '
    '"usia", "saran", "source", "sesi", "batch", "excluded", "exclusion_reason", "created_at", '
    '"updated_at") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    (
        (first + i, period, i + 1, row[0][:10].replace("/", "-"), row[1], int(row[2]), row[12],
         "impor", "", "", 0, "", stamp, stamp)
        for i, row in enumerate(values)
    ),
)
con.executemany(
    'INSERT INTO "answer" ("respondent_id", "period_id", "unsur_key", "value") VALUES (?, ?, ?, ?)',
    (
        (first + i, period, key, int(row[at]) if row[at] else None)
        for i, row in enumerate(values)
        for key, at in zip(keys, answers_at)
    ),
)
con.execute("COMMIT")
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "read": read, "rss_mb": rss, "stored": len(values)}))
"""

CHILD_WRITER = """
import datetime as dt, json, sys, time
from pathlib import Path
from ikm_tui.clock import fixed_clock
from ikm_tui.persistence.db import connect
from ikm_tui.persistence.respondents import FormData
from ikm_tui.services.registry import Services
connect(sys.argv[1])
services = Services(fixed_clock(dt.datetime(2026, 10, 1, 9, 0)))
user = services.auth.login("staf", sys.argv[3])
keys, stop = sys.argv[4].split(","), Path(sys.argv[5])
times, failures = [], []
while not stop.exists():
    began = time.perf_counter()
    try:
        services.entry.save_form(int(sys.argv[2]), FormData(answers={k: 4 for k in keys}), user)
        times.append(time.perf_counter() - began)
    except Exception as exc:
        failures.append(str(exc))
    time.sleep(0.5)
times.sort()
print(json.dumps({"saves": len(times), "failures": failures, "slowest": times[-1] if times else 0,
                  "median": times[len(times) // 2] if times else 0}))
"""


def _child(code: str, *argv: object) -> dict[str, object]:
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, argv)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def big(workdir: Path, megabytes: float) -> None:
    """Part big: the large import against pandas read_csv + bare executemany, same run."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    from ikm_tui.persistence.db import close

    services, _, period_id = setup(workdir / "import.db")
    keys = ",".join(u.key for u in services.importer.context(period_id).regime.unsur)
    close()
    shutil.copy(workdir / "import.db", workdir / "baseline.db")
    csv_path = workdir / "unduhan.csv"
    rows = write_google_csv(csv_path, megabytes)
    size = csv_path.stat().st_size / 1_000_000
    print(
        f"{size:.1f} MB CSV, {rows:,} baris (stempel waktu, 2 profil, 9 unsur, saran)", flush=True
    )
    baseline = _child(CHILD_BASELINE, workdir / "baseline.db", period_id, csv_path, keys)
    stop = workdir / "berhenti"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            CHILD_WRITER,
            *(str(a) for a in (workdir / "import.db", period_id, PASSWORD, keys, stop)),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    imported = _child(CHILD_IMPORT, workdir / "import.db", period_id, csv_path, PASSWORD)
    stop.touch()
    entry = json.loads(writer.communicate(timeout=60)[0].splitlines()[-1])
    ratio = float(imported["seconds"]) / float(baseline["seconds"])  # type: ignore[arg-type]
    print(
        f"baseline: pandas read_csv {baseline['read']:.1f} s + bare executemany, total "
        f"{baseline['seconds']:.1f} s, peak RSS {baseline['rss_mb']:.0f} MB"
    )
    print(
        f"ImportService.commit (check + store): {imported['seconds']:.1f} s = {ratio:.2f}x "
        f"baseline (budget <= 3x), peak RSS {imported['rss_mb']:.0f} MB (budget 300 MB), "
        f"{imported['stored']:,} formulir"
    )
    print(
        f"paper forms saved during the import: {entry['saves']}, failures "
        f"{len(entry['failures'])}, median {entry['median'] * 1000:.0f} ms, slowest "
        f"{entry['slowest'] * 1000:.0f} ms (busy_timeout 10 s)"
    )
    for failure in entry["failures"][:3]:  # type: ignore[index]
        print(f"  failure: {failure}")
    label = f"{size:.0f} MB CSV, {rows:,} rows"
    emit(
        [
            figure(
                f"import (check + store), {label}",
                float(imported["seconds"]),  # type: ignore[arg-type]
                "s",
                baseline="pandas read_csv + bare executemany of the same rows",
                baseline_value=float(baseline["seconds"]),  # type: ignore[arg-type]
                budget="<= 3x",
                limit=3.0,
                next_step="profile ImportService.commit: the check pass vs the chunked inserts",
            ),
            figure(
                f"import peak RSS, {label}",
                float(imported["rss_mb"]),  # type: ignore[arg-type]
                "MB",
                baseline="the baseline's peak RSS (pandas holds the file)",
                baseline_value=float(baseline["rss_mb"]),  # type: ignore[arg-type]
                budget="<= 300 MB",
                limit=300.0,
                on="value",
                next_step="tracemalloc the import: rows must stream through the temporary file",
            ),
            figure(
                "paper-form saves that failed during the import",
                float(len(entry["failures"])),  # type: ignore[arg-type]
                "saves",
                baseline=f"{entry['saves']} saves by a second process during the import",
                budget="0",
                limit=0.0,
                on="value",
                next_step="shorten the import's write transactions below the busy timeout",
            ),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--part", choices=("a", "big"), default="a")
    parser.add_argument("--mb", type=float, default=10.0, help="part big: CSV size in MB")
    parser.add_argument("--workdir")
    args = parser.parse_args()
    if args.part == "big":
        with tempfile.TemporaryDirectory() as temp:
            big(Path(args.workdir or temp), args.mb)
        return
    with tempfile.TemporaryDirectory() as temp:
        workdir = Path(args.workdir or temp)
        services, staf, period_id = setup(workdir / "bench.db")
        csv_path, xlsx_path = write_files(workdir, args.rows)
        print(f"{args.rows} baris, 9 unsur + 4 kolom profil")
        importer = services.importer
        timed("preview CSV", lambda: importer.preview(period_id, csv_path))
        timed("validate CSV", lambda: importer.validate(period_id, csv_path))
        timed(
            "commit CSV (check + store, short transactions)",
            lambda: importer.commit(period_id, csv_path, None, staf),
        )
        timed("preview XLSX (labels in U1)", lambda: importer.preview(period_id, xlsx_path))
        timed(
            "commit XLSX (check + store)",
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
