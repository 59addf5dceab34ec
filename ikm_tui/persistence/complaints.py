"""Provides the complaint queries and writes (Form Catatan / Buku Register Keluhan Pelanggan):
numbering per year, the register's rows with their names resolved, the deadline classes,
and the counts per unsur the IKM report reads.

Writes run inside the caller's write transaction (BEGIN IMMEDIATE / the advisory lock), so
`next_nomor` (max + 1 of the year) cannot give one number twice; the unique index on `nomor`
is the last guard.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, fn

from ikm_tui.domain import complaints as rules
from ikm_tui.errors import NotFound
from ikm_tui.persistence import converters
from ikm_tui.persistence.models import (
    ComplaintClassRow,
    ComplaintRow,
    PtppRow,
    ServiceTypeRow,
    UserRow,
    tuples,
)
from ikm_tui.persistence.records import ComplaintClassRecord, ComplaintRecord


@dataclass(frozen=True)
class ComplaintFilter:
    """Which complaints the register shows (None / "" = any)."""

    status: str = ""
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    service_type_id: int | None = None
    unsur_key: str = ""
    search: str = ""


def next_nomor(year: int) -> str:
    """The next KLH/<year>/NNN (call inside the write transaction)."""
    used = [
        row.nomor
        for row in ComplaintRow.select(ComplaintRow.nomor).where(
            ComplaintRow.nomor.startswith(f"KLH/{year}/")
        )
    ]
    return rules.nomor(year, rules.next_sequence(used, year))


def row(complaint_id: int) -> ComplaintRow:
    found = ComplaintRow.get_or_none(ComplaintRow.id == complaint_id)
    if found is None:
        raise NotFound(f"Keluhan nomor {complaint_id} tidak ditemukan.")
    return found


def id_of(nomor: str) -> int:
    """The id of the complaint numbered `nomor` (KLH/2026/001), or NotFound."""
    found = ComplaintRow.get_or_none(ComplaintRow.nomor == nomor.strip().upper())
    if found is None:
        raise NotFound(f"Keluhan {nomor.strip()} tidak ditemukan.")
    return int(found.id)


def _between(query: Any, start: dt.date | None, end: dt.date | None) -> Any:
    if start is not None:
        query = query.where(ComplaintRow.received_at >= dt.datetime.combine(start, dt.time()))
    if end is not None:
        after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
        query = query.where(ComplaintRow.received_at < after)
    return query


def select(flt: ComplaintFilter, complaint_id: int | None = None) -> list[ComplaintRow]:
    """The complaints matching `flt` (or the one with `complaint_id`), oldest first, with the
    names of their service, petugas, disposition and PTPP joined in."""
    Petugas = UserRow.alias("petugas")
    Disposisi = UserRow.alias("disposisi")
    query = (
        ComplaintRow.select(
            ComplaintRow,
            ServiceTypeRow.nama.alias("service_name"),
            Petugas.full_name.alias("petugas_name"),
            Disposisi.full_name.alias("disposisi_name"),
            PtppRow.nomor.alias("ptpp_nomor"),
        )
        .join_from(
            ComplaintRow,
            ServiceTypeRow,
            JOIN.LEFT_OUTER,
            on=(ComplaintRow.service_type == ServiceTypeRow.id),
        )
        .join_from(ComplaintRow, Petugas, JOIN.LEFT_OUTER, on=(ComplaintRow.petugas == Petugas.id))
        .join_from(
            ComplaintRow,
            Disposisi,
            JOIN.LEFT_OUTER,
            on=(ComplaintRow.disposisi_user == Disposisi.id),
        )
        .join_from(
            ComplaintRow, PtppRow, JOIN.LEFT_OUTER, on=(ComplaintRow.ptpp == PtppRow.document)
        )
        .order_by(ComplaintRow.id)  # the register is kept in the order complaints are recorded
    )
    if complaint_id is not None:
        query = query.where(ComplaintRow.id == complaint_id)
    query = _between(query, flt.received_from, flt.received_to)
    if flt.status:
        query = query.where(ComplaintRow.status == flt.status)
    if flt.service_type_id is not None:
        query = query.where(ComplaintRow.service_type == flt.service_type_id)
    if flt.unsur_key:
        query = query.where(ComplaintRow.unsur_key == flt.unsur_key)
    if flt.search.strip():
        needle = flt.search.strip().lower()
        query = query.where(
            fn.LOWER(ComplaintRow.nomor).contains(needle)
            | fn.LOWER(ComplaintRow.pelapor_nama).contains(needle)
            | fn.LOWER(ComplaintRow.uraian).contains(needle)
            | fn.LOWER(ComplaintRow.lapor_ticket).contains(needle)
            | fn.LOWER(ComplaintRow.klasifikasi).contains(needle)
        )
    return list(query.objects())


def record(
    item: ComplaintRow, overdue: bool = False, lama_hari: int | None = None
) -> ComplaintRecord:
    """A row from `select` (names joined) as a record."""
    return ComplaintRecord(
        item.id,
        item.nomor,
        item.received_at,
        item.saluran,
        item.lapor_ticket,
        item.pelapor_nama,
        item.pelapor_alamat,
        item.pelapor_hp,
        converters.fk_id(item, "service_type"),
        getattr(item, "service_name", None) or "",
        item.uraian,
        item.harapan,
        item.klasifikasi,
        item.unsur_key,
        item.tindakan_segera,
        item.tanggapan,
        converters.fk_id(item, "petugas"),
        getattr(item, "petugas_name", None) or "",
        converters.fk_id(item, "disposisi_user"),
        getattr(item, "disposisi_name", None) or "",
        item.disposisi_at,
        item.diteruskan_ke,
        item.tindak_lanjut,
        item.kelas,
        item.target_hari,
        item.batas_waktu,
        item.selesai_at,
        item.status,
        item.konfirmasi,
        item.konfirmasi_at,
        converters.fk_id(item, "ptpp"),
        getattr(item, "ptpp_nomor", None) or "",
        overdue,
        lama_hari,
    )


def joined(complaint_id: int) -> ComplaintRow:
    """One complaint with its names joined (as `select` gives them), or NotFound."""
    found = select(ComplaintFilter(), complaint_id)
    if not found:
        raise NotFound(f"Keluhan nomor {complaint_id} tidak ditemukan.")
    return found[0]


def counts_by_unsur(start: dt.date, end: dt.date) -> dict[str, int]:
    """Complaints received from `start` to `end` (inclusive) per related unsur key ("" = none)."""
    query = _between(
        ComplaintRow.select(ComplaintRow.unsur_key, fn.COUNT(ComplaintRow.id)).group_by(
            ComplaintRow.unsur_key
        ),
        start,
        end,
    )
    return {str(key or ""): int(count) for key, count in tuples(query)}


# -- deadline classes --------------------------------------------------------------------------


def classes() -> list[ComplaintClassRecord]:
    query = ComplaintClassRow.select().order_by(ComplaintClassRow.hari, ComplaintClassRow.nama)
    return [ComplaintClassRecord(r.id, r.nama, r.hari) for r in query]


def set_class(nama: str, hari: int) -> None:
    ComplaintClassRow.insert(nama=nama, hari=hari).on_conflict(
        conflict_target=[ComplaintClassRow.nama], update={ComplaintClassRow.hari: hari}
    ).execute()


def remove_class(nama: str) -> int:
    return int(ComplaintClassRow.delete().where(ComplaintClassRow.nama == nama).execute())


def ptpp_documents() -> list[tuple[int, str]]:
    """(document id, "001/PTPP/2026: title") of every PTPP document, newest first."""
    from ikm_tui.domain.sop import PTPP
    from ikm_tui.persistence.models import DocumentRow

    query = (
        DocumentRow.select(DocumentRow.id, DocumentRow.title, PtppRow.nomor.alias("nomor"))
        .join(PtppRow, JOIN.LEFT_OUTER, on=(PtppRow.document == DocumentRow.id))
        .where(DocumentRow.kind == PTPP)
        .order_by(DocumentRow.id.desc())
        .objects()
    )
    choices = []
    for row in query:
        nomor = getattr(row, "nomor", None) or ""
        label = row.title if not nomor or nomor in row.title else f"{nomor}: {row.title}"
        choices.append((int(row.id), label))
    return choices
