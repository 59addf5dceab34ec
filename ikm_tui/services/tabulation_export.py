"""Provides the tabulation exports: data mentah (CSV/XLSX) and olah data (XLSX with formulas).

Both read the stored forms in one query (each form one row, its answers pivoted by the database
into the regime's kode order, through the bare DB-API cursor), write while reading (data mentah)
or from plain tuples (olah data), and append one audit entry naming the file and what it holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast

from ikm_tui.clock import Clock
from ikm_tui.domain.formatting import tanggal
from ikm_tui.domain.regimes import Regime, get_regime
from ikm_tui.domain.scoring import WEIGHT_RULE_TEXT
from ikm_tui.errors import NoAnswersError, StorageError, ValidationError
from ikm_tui.persistence import audit_log
from ikm_tui.persistence.models import RespondentRow, ServiceTypeRow, database_proxy
from ikm_tui.persistence.records import PeriodRecord, UserRecord
from ikm_tui.persistence.respondents import forms_with_answers
from ikm_tui.persistence.tallies import TallyFilter, answer_tallies

RAW_FORMATS = ("csv", "xlsx")
RAW_PROFILE_HEADER = (
    "Nomor",
    "Tanggal survei",
    "Kode layanan",
    "Jenis layanan",
    "Jenis kelamin",
    "Usia",
    "Pendidikan",
    "Pekerjaan",
)
RAW_TAIL_HEADER = ("Saran", "Sumber", "Dikecualikan", "Alasan pengecualian")


def raw_rows(period: PeriodRecord) -> tuple[list[str], Iterator[list[object]]]:
    """Header and rows of the data mentah: every respondent by form number, streamed."""
    regime = get_regime(period.regime_id)
    services: dict[int, tuple[str | None, str | None]] = {
        row.id: (row.kode, row.nama) for row in ServiceTypeRow.select()
    }
    header = [*RAW_PROFILE_HEADER, *(u.kode for u in regime.unsur), *RAW_TAIL_HEADER]
    columns = (
        RespondentRow.nomor,
        RespondentRow.tanggal_survei,
        RespondentRow.service_type,
        RespondentRow.jenis_kelamin,
        RespondentRow.usia,
        RespondentRow.pendidikan,
        RespondentRow.pekerjaan,
        RespondentRow.saran,
        RespondentRow.source,
        RespondentRow.excluded,
        RespondentRow.exclusion_reason,
    )
    keys = [u.key for u in regime.unsur]
    width = len(columns)

    def rows() -> Iterator[list[object]]:
        for row in forms_with_answers(period.id, columns, keys, counted_only=False):
            nomor, day, service_id, sex, age, edu, job, saran, source, excluded, reason = row[
                :width
            ]
            kode, nama = services.get(service_id, (None, None))  # type: ignore[call-overload]
            yield [
                nomor,
                _iso_date(day),
                kode,
                nama,
                sex,
                age,
                edu,
                job,
                *row[width:],
                saran or None,
                source,
                "ya" if excluded else "tidak",
                reason or None,
            ]

    return header, rows()


def _iso_date(day: object) -> str | None:
    """A stored date as YYYY-MM-DD (SQLite's cursor gives the text, PostgreSQL's a date)."""
    if day is None or day == "":
        return None
    return day.isoformat() if isinstance(day, dt.date) else str(day)[:10]


def counted_rows(period: PeriodRecord) -> list[tuple[int, list[int | None]]]:
    """(form number, answers in the regime's kode order) of every counted respondent."""
    return [(nomor, list(answers)) for nomor, answers in counted_forms(period)]


def counted_forms(period: PeriodRecord) -> Iterator[tuple[int, tuple[int | None, ...]]]:
    """`counted_rows` streamed from the cursor (nothing held: 100,000 forms as lists ~40 MB)."""
    keys = [u.key for u in get_regime(period.regime_id).unsur]
    rows = forms_with_answers(period.id, (RespondentRow.nomor,), keys, counted_only=True)
    for row in cast("Iterator[tuple[Any, ...]]", rows):
        yield row[0], row[1:]


class _Counted:
    """An iterable passing rows through while counting them."""

    def __init__(self, rows: Iterable[list[object]]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[list[object]]:
        for row in self.rows:
            self.count += 1
            yield row


def export_raw(
    clock: Clock, period: PeriodRecord, path: Path, fmt: str, user: UserRecord | None
) -> int:
    """Write the data mentah as CSV or XLSX and audit it; returns the rows written."""
    if fmt not in RAW_FORMATS:
        raise ValidationError(f"Format {fmt!r} tidak dikenal: pilih csv atau xlsx.")
    header, stream = raw_rows(period)
    rows = _Counted(stream)
    try:
        if fmt == "csv":
            from ikm_tui.export.raw_csv import write_csv

            write_csv(path, header, rows)
        else:
            from ikm_tui.export.xlsx import write_table

            write_table(path, "Data mentah", header, rows, title_rows=1)
    except OSError as exc:
        raise StorageError(f"Berkas {path} tidak dapat ditulis: {exc}.") from exc
    _audit(
        clock,
        user,
        "ekspor_data_mentah",
        period.id,
        {"berkas": path.name, "format": fmt, "baris": rows.count},
    )
    return rows.count


def export_olah_data(
    clock: Clock, period: PeriodRecord, path: Path, user: UserRecord | None, unit: str
) -> int:
    """Write the olah-data XLSX (formulas) for office `unit` and audit it; returns the
    respondents written."""
    from ikm_tui.export.xlsx import OlahData, write_olah_data

    regime = get_regime(period.regime_id)
    if not any(item.n for item in answer_tallies(TallyFilter(period.id)).values()):
        raise NoAnswersError("Olah data belum dapat dibuat: belum ada jawaban yang dihitung.")
    data = OlahData(
        "HASIL OLAH DATA SURVEI KEPUASAN MASYARAKAT",
        lambda count: _header_block(period, regime, unit, count),
        [u.kode for u in regime.unsur],
        counted_forms(period),  # streamed: no row held in memory
        period.weights,
        [(b.lower_konversi, b.mutu, b.kinerja) for b in regime.bands],
    )
    try:
        count = write_olah_data(path, data).respondents
    except OSError as exc:
        raise StorageError(f"Berkas {path} tidak dapat ditulis: {exc}.") from exc
    _audit(clock, user, "ekspor_olah_data", period.id, {"berkas": path.name, "responden": count})
    return count


def _header_block(
    period: PeriodRecord, regime: Regime, unit: str, count: int
) -> Sequence[tuple[str, str]]:
    return (
        ("Unit pelayanan", unit),
        (
            "Periode survei",
            f"{period.name} ({tanggal(period.start_date)} - {tanggal(period.end_date)})",
        ),
        ("Dasar pengukuran", regime.nama),
        ("Aturan bobot", WEIGHT_RULE_TEXT.get(period.weights, period.weights)),
        ("Responden dihitung", str(count)),
        ("Catatan", "Sel kosong = tidak menjawab (tidak dihitung)."),
    )


def _audit(
    clock: Clock, user: UserRecord | None, action: str, period_id: int, detail: dict[str, object]
) -> None:
    with database_proxy.atomic():
        audit_log.append_by(clock(), user, action, "period", period_id, detail)
