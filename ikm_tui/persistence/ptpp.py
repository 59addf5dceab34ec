"""Provides the PTPP queries and writes: numbering, the register, overdue and due PTPPs.

The PTPP's signed text is a `DocumentRow` of kind ptpp titled "PTPP <nomor>"; a returned and
changed PTPP becomes a new version of that document, so the current one is found by title.
Writes run inside the caller's (PtppService's) write transaction: the next number is read
and used under the transaction's write lock (BEGIN IMMEDIATE / the PostgreSQL advisory
lock), so two users never get the same number.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ikm_tui.domain import ptpp as rules
from ikm_tui.domain import sop
from ikm_tui.errors import NotFound
from ikm_tui.persistence import converters, documents
from ikm_tui.persistence.models import DocumentRow, PeriodRow, PtppRow, UserRow, tuples
from ikm_tui.persistence.records import PersonRecord, PtppRecord


def title(nomor: str) -> str:
    """The title of a PTPP's document."""
    return f"PTPP {nomor}"


def next_nomor(year: int) -> str:
    """The next free number of `year` (call inside the write transaction that uses it)."""
    query = PtppRow.select(PtppRow.nomor).where(PtppRow.nomor.endswith(f"/PTPP/{year}"))
    return rules.next_nomor((nomor for (nomor,) in tuples(query)), year)


def insert(**columns: Any) -> int:
    return int(PtppRow.create(**columns).id)


def update(ptpp_id: int, **columns: Any) -> None:
    PtppRow.update(**columns).where(PtppRow.id == ptpp_id).execute()


def get_row(ptpp_id: int) -> PtppRow:
    row = PtppRow.get_or_none(PtppRow.id == ptpp_id)
    if row is None:
        raise NotFound(f"PTPP nomor {ptpp_id} tidak ditemukan.")
    return row


def id_of(nomor: str) -> int:
    row = PtppRow.get_or_none(PtppRow.nomor == nomor.strip())
    if row is None:
        raise NotFound(f"PTPP {nomor} tidak ditemukan.")
    return int(row.id)


def current_document(row: PtppRow) -> DocumentRow | None:
    """The newest version of the PTPP's document."""
    first_id = converters.fk_id(row, "document")
    if first_id is None:
        return None
    first = documents.get(first_id)
    period_id = documents.period_of(first)
    return (
        DocumentRow.select()
        .where(
            (DocumentRow.kind == sop.PTPP)
            & (DocumentRow.title == first.title)
            & (
                DocumentRow.period.is_null()
                if period_id is None
                else DocumentRow.period == period_id
            )
        )
        .order_by(DocumentRow.version.desc(), DocumentRow.id.desc())
        .first()
    )


def record(row: PtppRow) -> PtppRecord:
    period_id = converters.fk_id(row, "period")
    period = PeriodRow.get_or_none(PeriodRow.id == period_id) if period_id else None
    verifier_id = converters.fk_id(row, "verifikasi_oleh")
    verifier = UserRow.get_or_none(UserRow.id == verifier_id) if verifier_id else None
    follow_id = converters.fk_id(row, "lanjutan")
    follow = PtppRow.get_or_none(PtppRow.id == follow_id) if follow_id else None
    origin = PtppRow.get_or_none(PtppRow.lanjutan == row.id)
    document = current_document(row)
    return PtppRecord(
        row.id,
        row.nomor,
        period_id,
        period.name if period else "",
        row.tanggal,
        row.sumber,
        row.unsur_key,
        row.kategori,
        row.uraian,
        row.persyaratan,
        row.pic,
        converters.fk_id(row, "pic_user"),
        row.batas_waktu,
        row.target_selesai,
        row.status,
        row.verifikasi_hasil,
        row.verifikasi_catatan,
        row.tanggal_verifikasi,
        verifier.full_name if verifier else "",
        converters.fk_id(row, "verifikasi_periode"),
        row.verifikasi_nrr,
        converters.fk_id(row, "complaint"),
        converters.fk_id(row, "finding"),
        follow.nomor if follow else "",
        origin.nomor if origin else "",
        documents.record(document) if document is not None else None,
        PersonRecord(verifier.full_name, verifier.jabatan, verifier.nip, verifier.id)
        if verifier
        else None,
    )


def get(ptpp_id: int) -> PtppRecord:
    return record(get_row(ptpp_id))


def of_period(period_id: int) -> list[PtppRecord]:
    """Every PTPP of a period, by number."""
    query = PtppRow.select().where(PtppRow.period == period_id).order_by(PtppRow.nomor)
    return [record(row) for row in query]


def followups_elsewhere(period_id: int) -> list[PtppRecord]:
    """The follow-ups of this period's PTPPs that belong to another period (or none), by
    number: where the Staf who verified them reaches them to fill part 2."""
    Origin = PtppRow.alias()
    spawned = Origin.select(Origin.lanjutan).where(
        (Origin.period == period_id) & Origin.lanjutan.is_null(False)
    )
    query = (
        PtppRow.select()
        .where(PtppRow.id.in_(spawned) & ((PtppRow.period != period_id) | PtppRow.period.is_null()))
        .order_by(PtppRow.nomor)
    )
    return [record(row) for row in query]


def without_document(period_id: int) -> list[str]:
    """The numbers of the period's PTPPs with no document yet (a follow-up not filled in)."""
    query = (
        PtppRow.select(PtppRow.nomor)
        .where((PtppRow.period == period_id) & PtppRow.document.is_null())
        .order_by(PtppRow.nomor)
    )
    return [nomor for (nomor,) in tuples(query)]


def overdue(today: dt.date, pic_user_id: int | None = None) -> list[PtppRecord]:
    """PTPPs past their target and not verified (of one PIC when given), oldest target first."""
    condition = (
        (PtppRow.verifikasi_hasil == "")
        & PtppRow.target_selesai.is_null(False)
        & (PtppRow.target_selesai < today)
    )
    if pic_user_id is not None:
        condition &= PtppRow.pic_user == pic_user_id
    query = PtppRow.select().where(condition).order_by(PtppRow.target_selesai, PtppRow.nomor)
    return [record(row) for row in query]


def due_for_verification(period_id: int) -> list[PtppRecord]:
    """Unverified PTPPs of the periods that started before this one, by number."""
    period = PeriodRow.get_by_id(period_id)
    earlier = PeriodRow.select(PeriodRow.id).where(PeriodRow.start_date < period.start_date)
    query = (
        PtppRow.select()
        .where((PtppRow.period.in_(earlier)) & (PtppRow.verifikasi_hasil == ""))
        .order_by(PtppRow.nomor)
    )
    return [item for item in (record(row) for row in query) if item.approved]


def next_period(period_id: int) -> PeriodRow | None:
    """The period that started next after this one (where an unsur PTPP's effect shows)."""
    period = PeriodRow.get_by_id(period_id)
    return (
        PeriodRow.select()
        .where(
            (PeriodRow.start_date > period.start_date) & (PeriodRow.regime_id == period.regime_id)
        )
        .order_by(PeriodRow.start_date, PeriodRow.id)
        .first()
    )
