"""Provides `ikm-tui score` (IKM of a CSV/XLSX answer file) and `ikm-tui sample-size`.

The file is read whole and checked before anything is printed: a bad cell stops the command
with a message naming the file, the sheet, the row (as a spreadsheet counts it, header = row 1)
and the column, exit status 2 and nothing on stdout. The file is read by
services.table_reader, the reader of the response import (same rules, same numbers); the
arithmetic is domain.scoring's.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ikm_tui.domain import scoring
from ikm_tui.domain.formatting import angka, bilangan
from ikm_tui.domain.regimes import DEFAULT_REGIME, REGIMES, Regime, get_regime
from ikm_tui.errors import InputFileError, NoAnswersError, ValidationError
from ikm_tui.services.table_reader import Table, unsur_columns

Tallies = dict[str, scoring.UnsurTally]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `score` and `sample-size`."""
    score = subparsers.add_parser(
        "score",
        help="hitung IKM dari berkas CSV/XLSX berkolom U1..Un",
        description="Hitung IKM dari berkas CSV/XLSX dengan kolom U1..Un (sel kosong = tidak "
        "menjawab; kolom lain diabaikan).",
    )
    score.add_argument("file", metavar="BERKAS", help="berkas .csv atau .xlsx")
    score.add_argument(
        "--regime",
        required=True,
        choices=sorted(REGIMES),
        help="aturan penilaian (permenpanrb-14-2017 atau kepmenpan-25-2004)",
    )
    score.add_argument(
        "--weights",
        default=scoring.EXACT,
        choices=scoring.WEIGHT_RULES,
        help="bobot per unsur: exact (1/jumlah unsur, bawaan) atau bobot lama",
    )
    score.add_argument(
        "--sheet", metavar="NAMA", help="lembar kerja XLSX yang dibaca (bawaan: lembar pertama)"
    )
    score.add_argument("--json", action="store_true", help="keluaran JSON")
    score.set_defaults(handler=run_score)

    sample = subparsers.add_parser(
        "sample-size",
        help="jumlah responden minimum",
        description="Hitung jumlah responden (sampel) minimum.",
    )
    sample.add_argument(
        "--population",
        required=True,
        type=int,
        metavar="N",
        help="jumlah penerima layanan selama periode",
    )
    sample.add_argument("--regime", default=DEFAULT_REGIME, choices=sorted(REGIMES))
    sample.set_defaults(handler=run_sample_size)


# ---------------------------------------------------------------- reading the answer file


def read_tallies(
    path: Path, regime: Regime, sheet: str | None = None
) -> tuple[Tallies, int, Table]:
    """Integer sums and counts per unsur key and the number of respondents of an answer file.

    Read through services.table_reader (the rules of the response import). Rows are counted
    by their answer combination first (a C-speed Counter), so each distinct combination is
    checked once; a refused cell is then located at its first row."""
    from collections import Counter
    from operator import itemgetter

    from ikm_tui.services.table_reader import answer, open_table

    table = open_table(path, sheet)
    columns = unsur_columns(table, regime, require_all=True)
    positions = list(columns.values())
    pick = itemgetter(*positions)
    combos = Counter(pick(cells) for _, cells in table.rows())
    totals = [0] * len(positions)
    counts = [0] * len(positions)
    respondents = 0
    for combo, times in combos.items():
        try:
            values = [answer(cell) for cell in combo]
        except ValueError:
            raise _first_bad(table, positions) from None
        answered = False
        for i, value in enumerate(values):
            if value is not None:
                totals[i] += value * times
                counts[i] += times
                answered = True
        respondents += times if answered else 0
    tallies = {u.key: scoring.UnsurTally(totals[i], counts[i]) for i, u in enumerate(regime.unsur)}
    return tallies, respondents, table


def _first_bad(table: Table, positions: list[int]) -> InputFileError:
    """The first refused answer cell of the file, named by row and column."""
    from ikm_tui.services.table_reader import answer, shown

    for number, cells in table.rows():
        for index in positions:
            try:
                answer(cells[index])
            except ValueError as exc:
                return table.error(number, index, f"nilai {shown(cells[index])!r} {exc}.")
    return table.error(None, None, "isi berkas tidak valid.")


# ---------------------------------------------------------------- output


def format_table(result: scoring.ScoreResult, regime: Regime, source: str) -> str:
    """The readable Bahasa Indonesia result table with decimal commas."""
    width = max(len(u.nama) for u in result.unsur)
    head = (
        f"{'Kode':<5} {'Unsur':<{width}} {'n':>9} {'Jumlah':>11} {'NRR':>7} "
        f"{'NRR tertimbang':>14} {'Konversi':>8}  Mutu"
    )
    lines = [
        f"Hasil Indeks Kepuasan Masyarakat: {source}",
        f"Dasar penilaian : {regime.nama} ({regime.n_unsur} unsur)",
        f"Responden       : {bilangan(result.respondents)}",
        "",
        head,
        "-" * len(head),
    ]
    for u in result.unsur:
        lines.append(
            f"{u.kode:<5} {u.nama:<{width}} {bilangan(u.n):>9} {bilangan(u.total):>11} "
            f"{angka(u.nrr, 4):>7} {angka(u.nrr_tertimbang, 4):>14} "
            f"{angka(u.konversi):>8}  {u.mutu or '-'}"
        )
    lines += [
        "-" * len(head),
        f"Indeks (jumlah NRR tertimbang) : {angka(result.indeks, 4)}",
        f"IKM (indeks x 25)              : {angka(result.ikm)}",
        f"Mutu pelayanan                 : {result.mutu}",
        f"Kinerja unit pelayanan         : {result.kinerja}",
        f"Aturan bobot                   : {scoring.WEIGHT_RULE_TEXT[result.weights]}",
    ]
    unanswered = [u.kode for u in result.unsur if u.n == 0]
    if unanswered:
        lines.append(f"Unsur tanpa jawaban (tidak ikut dibobot): {', '.join(unanswered)}")
    return "\n".join(lines)


def run_score(args: argparse.Namespace) -> int:
    """Handler of `ikm-tui score`."""
    regime = get_regime(args.regime)
    if args.weights != scoring.EXACT and args.weights not in regime.legacy_weights:
        allowed = ", ".join(regime.legacy_weights)
        raise ValidationError(
            f"Bobot {args.weights} bukan bobot lama untuk {regime.nama} "
            f"(pilihan: exact, {allowed})."
        )
    path = Path(args.file)
    tallies, respondents, table = read_tallies(path, regime, args.sheet)
    try:
        result = scoring.score(regime, tallies, respondents, args.weights)
    except NoAnswersError as exc:
        raise InputFileError(f"{path}: {exc.message}") from None
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_table(result, regime, f"{path} ({table.described})"))
    return 0


def run_sample_size(args: argparse.Namespace) -> int:
    """Handler of `ikm-tui sample-size`."""
    from ikm_tui.domain.sampling import method_text, minimum_sample

    if args.population < 0:
        raise ValidationError("Populasi tidak boleh negatif.")
    sample = minimum_sample(args.population, args.regime)
    print(f"Populasi (penerima layanan) : {bilangan(args.population)}")
    print(f"Sampel minimum              : {bilangan(sample)} responden")
    print(f"Dasar                       : {method_text(args.regime)}")
    return 0
