"""Provides `ikm-tui score` (IKM of a CSV/XLSX answer file) and `ikm-tui sample-size`.

The file is read whole and checked before anything is printed: a bad cell stops the command
with a message naming the file, the row (as a spreadsheet counts it, header = row 1) and the
column, exit status 2 and nothing on stdout. CSV goes through pandas' C parser (integer sums
and counts per column), XLSX through openpyxl; the arithmetic is domain.scoring's.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ikm_tui.domain import scoring
from ikm_tui.domain.formatting import angka, bilangan
from ikm_tui.domain.regimes import DEFAULT_REGIME, REGIMES, Regime, get_regime
from ikm_tui.errors import InputFileError, NoAnswersError, ValidationError

if TYPE_CHECKING:
    import pandas as pd

SEPARATORS = (",", ";", "\t")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
HINT = "jawaban harus 1, 2, 3, 4 atau kosong"
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


def _cell_error(path: Path, row: int, column: str, value: object) -> InputFileError:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return InputFileError(
        f"{path}: baris {row}, kolom {column}: nilai {str(value)!r} tidak valid ({HINT})."
    )


def _column_map(path: Path, header: list[object], regime: Regime) -> dict[str, int]:
    """Position of each required U column in the header (case-insensitive)."""
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        text = str(name).strip().upper() if name is not None else ""
        if re.fullmatch(r"U\d+", text):
            if text in found:
                raise InputFileError(f"{path}: baris 1: kolom {text} muncul lebih dari sekali.")
            found[text] = index
    wanted = [u.kode for u in regime.unsur]
    missing = [kode for kode in wanted if kode not in found]
    if missing:
        raise InputFileError(
            f"{path}: baris 1: kolom {', '.join(missing)} tidak ada. {regime.nama} memerlukan "
            f"kolom {wanted[0]} sampai {wanted[-1]} (huruf besar/kecil sama saja)."
        )
    return {kode: found[kode] for kode in wanted}


def _sniff(path: Path) -> tuple[str, list[str]]:
    """The separator (by count in the header line) and the header's names."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(1 << 20)
    except OSError as exc:
        raise InputFileError(f"{path}: berkas tidak dapat dibaca ({exc.strerror}).") from exc
    try:
        line = first.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError:
        raise InputFileError(
            f"{path}: baris 1: bukan teks UTF-8. Simpan ulang berkas sebagai CSV UTF-8."
        ) from None
    if not line.strip():
        raise InputFileError(f"{path}: baris 1: berkas kosong atau tanpa judul kolom.")
    separator = max(SEPARATORS, key=line.count)
    return separator, [name.strip().strip('"') for name in line.split(separator)]


def _encoding_error(path: Path, separator: str, header: list[str]) -> InputFileError:
    """Locate the first undecodable byte: its line and the column it falls in."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                position = raw[: exc.start].count(separator.encode())
                column = header[position] if position < len(header) else f"ke-{position + 1}"
                return InputFileError(
                    f"{path}: baris {number}, kolom {column}: karakter bukan "
                    "UTF-8. Simpan ulang berkas sebagai CSV UTF-8."
                )
    return InputFileError(f"{path}: berkas bukan teks UTF-8.")


def _read_frame(
    path: Path, separator: str, header: list[str], positions: list[int]
) -> pd.DataFrame:
    import pandas as pd

    try:
        return pd.read_csv(
            path,
            sep=separator,
            engine="c",
            usecols=positions,
            header=0,
            encoding="utf-8-sig",
            skip_blank_lines=False,
            low_memory=False,
        )
    except UnicodeDecodeError:
        raise _encoding_error(path, separator, header) from None
    except pd.errors.EmptyDataError:
        raise InputFileError(f"{path}: berkas kosong.") from None
    except pd.errors.ParserError as exc:
        match = re.search(r"line (\d+), saw (\d+)", str(exc))
        where = f"baris {match.group(1)}, kolom ke-{match.group(2)}" if match else "isi"
        raise InputFileError(
            f"{path}: {where}: jumlah kolom tidak sesuai judul (pemisah '{separator}')."
        ) from None
    except (ValueError, OSError) as exc:
        raise InputFileError(
            f"{path}: isi berkas tidak dapat dibaca sebagai CSV (pemisah '{separator}'): {exc}"
        ) from None


def _numeric(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(values as numbers with NaN for blanks, mask of invalid cells) of one column."""
    import pandas as pd

    if column.dtype.kind in "iuf":
        values = column
    else:
        text = column.astype("string").str.strip()
        present = text.notna() & (text != "")
        values = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
        values = values.astype("float64")
        unparsable = present & values.isna()
        bad = unparsable | (values.notna() & ((values < 1) | (values > 4) | (values % 1 != 0)))
        return values.where(present), bad.fillna(False).astype(bool)
    bad = values.notna() & ((values < 1) | (values > 4) | (values % 1 != 0))
    return values, bad


def read_csv_tallies(path: Path, regime: Regime) -> tuple[Tallies, int]:
    """Integer sums and counts per unsur key and the number of respondents in a CSV file."""
    separator, header = _sniff(path)
    columns = _column_map(path, list(header), regime)
    frame = _read_frame(path, separator, header, sorted(columns.values()))
    by_name = {name.strip().upper(): name for name in frame.columns}
    first_bad: tuple[int, str, object] | None = None
    tallies: Tallies = {}
    answered_any = None
    for unsur in regime.unsur:
        raw = frame[by_name[unsur.kode]]
        values, bad = _numeric(raw)
        if bad.any():
            index = int(bad.to_numpy().argmax())
            if first_bad is None or index < first_bad[0]:
                first_bad = (index, unsur.kode, raw.iloc[index])
            continue
        tallies[unsur.key] = scoring.UnsurTally(int(values.sum()), int(values.count()))
        answered = values.notna()
        answered_any = answered if answered_any is None else (answered_any | answered)
    if first_bad is not None:
        raise _cell_error(path, first_bad[0] + 2, first_bad[1], first_bad[2])
    return tallies, int(answered_any.sum()) if answered_any is not None else 0


def read_xlsx_tallies(path: Path, regime: Regime) -> tuple[Tallies, int]:
    """Sums, counts and respondents from the first sheet of an XLSX workbook."""
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InputFileError(f"{path}: bukan berkas XLSX yang dapat dibaca ({exc}).") from None
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise InputFileError(f"{path}: baris 1: lembar kerja kosong.")
        columns = _column_map(path, list(header), regime)
        return _tally_rows(path, rows, columns, regime)
    finally:
        workbook.close()


def _tally_rows(
    path: Path, rows: Iterable[Sequence[object]], columns: dict[str, int], regime: Regime
) -> tuple[Tallies, int]:
    totals = {u.kode: 0 for u in regime.unsur}
    counts = dict.fromkeys(totals, 0)
    respondents = 0
    for number, row in enumerate(rows, start=2):
        answered = False
        for kode, index in columns.items():
            cell = row[index] if index < len(row) else None
            try:
                value = scoring.check_answer(cell)
            except ValueError:
                raise _cell_error(path, number, kode, cell) from None
            if value is not None:
                totals[kode] += value
                counts[kode] += 1
                answered = True
        respondents += answered
    tallies = {u.key: scoring.UnsurTally(totals[u.kode], counts[u.kode]) for u in regime.unsur}
    return tallies, respondents


def read_tallies(path: Path, regime: Regime) -> tuple[Tallies, int]:
    """Tallies and respondents of an answer file (CSV or XLSX by its suffix)."""
    if not path.is_file():
        raise InputFileError(f"{path}: berkas tidak ditemukan.")
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return read_xlsx_tallies(path, regime)
    if suffix == ".xls":
        raise InputFileError(
            f"{path}: format .xls lama tidak didukung; simpan sebagai .xlsx atau CSV."
        )
    return read_csv_tallies(path, regime)


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
    tallies, respondents = read_tallies(path, regime)
    try:
        result = scoring.score(regime, tallies, respondents, args.weights)
    except NoAnswersError as exc:
        raise InputFileError(f"{path}: {exc.message}") from None
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_table(result, regime, str(path)))
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
