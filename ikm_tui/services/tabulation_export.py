"""Provides the tabulation exports: data mentah (CSV/XLSX) and olah data (XLSX with formulas).

Both read the stored forms in one pass (respondents, then answers keyed by unsur key, written in
the regime's kode order) and append one audit entry naming the file and what it holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, cast

from ikm_tui.clock import Clock
from ikm_tui.domain.formatting import tanggal
from ikm_tui.domain.regimes import Regime, get_regime
from ikm_tui.domain.scoring import WEIGHT_RULE_TEXT
from ikm_tui.errors import NoAnswersError, StorageError, ValidationError
from ikm_tui.persistence import audit_log
from ikm_tui.persistence.models import AnswerRow, RespondentRow, ServiceTypeRow, database_proxy
from ikm_tui.persistence.records import PeriodRecord, UserRecord
from ikm_tui.persistence.respondents import counted_condition

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


def _answers(period_id: int, regime: Regime) -> dict[int, list[int | None]]:
    """Answers per respondent id, in the regime's kode order (None = blank or missing)."""
    position = {u.key: i for i, u in enumerate(regime.unsur)}
    by_respondent: dict[int, list[int | None]] = {}
    query = AnswerRow.select(AnswerRow.respondent, AnswerRow.unsur_key, AnswerRow.value).where(
        AnswerRow.period == period_id
    )
    # the DB-API cursor straight: a peewee row iterator costs ~4x as much per answer row
    for respondent_id, key, value in _tuples(database_proxy.execute(query)):
        row = by_respondent.setdefault(respondent_id, [None] * regime.n_unsur)
        if key in position:
            row[position[key]] = value
    return by_respondent


def _tuples(query: object) -> Iterable[tuple[Any, ...]]:
    """A peewee `.tuples()` query typed as what it yields."""
    return cast("Iterable[tuple[Any, ...]]", query)


def raw_rows(period: PeriodRecord) -> tuple[list[str], list[list[object]]]:
    """Header and rows of the data mentah: every respondent by form number."""
    regime = get_regime(period.regime_id)
    answers = _answers(period.id, regime)
    services: dict[int, tuple[str | None, str | None]] = {
        row.id: (row.kode, row.nama) for row in ServiceTypeRow.select()
    }
    header = [*RAW_PROFILE_HEADER, *(u.kode for u in regime.unsur), *RAW_TAIL_HEADER]
    rows: list[list[object]] = []
    query = (
        RespondentRow.select(
            RespondentRow.id,
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
        .where(RespondentRow.period == period.id)
        .order_by(RespondentRow.nomor)
        .tuples()
    )
    for rid, nomor, day, service_id, sex, age, edu, job, saran, source, excluded, reason in _tuples(
        query
    ):
        kode, nama = services.get(service_id, (None, None))
        rows.append(
            [
                nomor,
                day.isoformat() if day else None,
                kode,
                nama,
                sex,
                age,
                edu,
                job,
                *answers.get(rid, [None] * regime.n_unsur),
                saran or None,
                source,
                "ya" if excluded else "tidak",
                reason or None,
            ]
        )
    return header, rows


def counted_rows(period: PeriodRecord) -> list[tuple[int, list[int | None]]]:
    """(form number, answers) of every counted (not excluded) respondent."""
    regime = get_regime(period.regime_id)
    answers = _answers(period.id, regime)
    query = (
        RespondentRow.select(RespondentRow.id, RespondentRow.nomor)
        .where(counted_condition(period.id))
        .order_by(RespondentRow.nomor)
        .tuples()
    )
    return [(nomor, answers.get(rid, [None] * regime.n_unsur)) for rid, nomor in _tuples(query)]


def export_raw(
    clock: Clock, period: PeriodRecord, path: Path, fmt: str, user: UserRecord | None
) -> int:
    """Write the data mentah as CSV or XLSX and audit it; returns the rows written."""
    if fmt not in RAW_FORMATS:
        raise ValidationError(f"Format {fmt!r} tidak dikenal: pilih csv atau xlsx.")
    header, rows = raw_rows(period)
    try:
        if fmt == "csv":
            from ikm_tui.export.raw_csv import write_csv

            write_csv(path, header, rows)
        else:
            from ikm_tui.export.xlsx import write_table

            write_table(path, "Data mentah", header, rows)
    except OSError as exc:
        raise StorageError(f"Berkas {path} tidak dapat ditulis: {exc}.") from exc
    _audit(
        clock,
        user,
        "ekspor_data_mentah",
        period.id,
        {"berkas": path.name, "format": fmt, "baris": len(rows)},
    )
    return len(rows)


def export_olah_data(
    clock: Clock, period: PeriodRecord, path: Path, user: UserRecord | None, unit: str
) -> int:
    """Write the olah-data XLSX (formulas) for office `unit` and audit it; returns the
    respondents written."""
    from ikm_tui.export.xlsx import OlahData, write_olah_data

    regime = get_regime(period.regime_id)
    rows = counted_rows(period)
    if not any(value is not None for _, answers in rows for value in answers):
        raise NoAnswersError("Olah data belum dapat dibuat: belum ada jawaban yang dihitung.")
    block = _header_block(period, regime, unit, len(rows))
    data = OlahData(
        "HASIL OLAH DATA SURVEI KEPUASAN MASYARAKAT",
        block,
        [u.kode for u in regime.unsur],
        rows,
        period.weights,
        [(b.lower_konversi, b.mutu, b.kinerja) for b in regime.bands],
    )
    try:
        write_olah_data(path, data)
    except OSError as exc:
        raise StorageError(f"Berkas {path} tidak dapat ditulis: {exc}.") from exc
    _audit(
        clock, user, "ekspor_olah_data", period.id, {"berkas": path.name, "responden": len(rows)}
    )
    return len(rows)


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
