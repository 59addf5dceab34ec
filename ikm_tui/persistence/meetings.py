"""Provides the meeting queries and writes: the record, its daftar hadir and its findings.

Writes run inside the caller's (MeetingService's) write transaction; reads return records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ikm_tui.errors import NotFound
from ikm_tui.persistence import converters
from ikm_tui.persistence.models import (
    AttendeeRow,
    MeetingFindingRow,
    MeetingRow,
    PtppRow,
    UserRow,
    tuples,
)
from ikm_tui.persistence.records import FindingRecord, MeetingRecord, PersonRecord

OFFICERS = ("ketua", "sekretaris", "pencatat")


@dataclass(frozen=True)
class MeetingFields:
    """The columns of a meeting record as MeetingService checked them."""

    acara: str
    tanggal: dt.date
    waktu_mulai: str
    waktu_selesai: str
    tempat: str
    undangan_nomor: str
    undangan_tanggal: dt.date | None
    ketua_id: int | None
    sekretaris_id: int | None
    pencatat_id: int | None
    agenda: tuple[str, ...]


@dataclass(frozen=True)
class FindingFields:
    kind: str
    ref: str
    uraian: str
    accepted: bool


def users_by_id(user_ids: Sequence[int]) -> dict[int, UserRow]:
    return {row.id: row for row in UserRow.select().where(UserRow.id.in_(list(user_ids)))}


def person(row: UserRow) -> PersonRecord:
    return PersonRecord(row.full_name, row.jabatan, row.nip, row.id)


def save(
    period_id: int,
    fields: MeetingFields,
    people: Sequence[PersonRecord],
    findings: Sequence[FindingFields],
    meeting_id: int | None = None,
) -> int:
    """Create (or rewrite) a meeting with its daftar hadir and findings; its id."""
    columns = {
        "acara": fields.acara,
        "tanggal": fields.tanggal,
        "waktu_mulai": fields.waktu_mulai,
        "waktu_selesai": fields.waktu_selesai,
        "tempat": fields.tempat,
        "undangan_nomor": fields.undangan_nomor,
        "undangan_tanggal": fields.undangan_tanggal,
        "ketua": fields.ketua_id,
        "sekretaris": fields.sekretaris_id,
        "pencatat": fields.pencatat_id,
        "agenda": "\n".join(fields.agenda),
    }
    if meeting_id is None:
        meeting_id = MeetingRow.create(period=period_id, **columns).id
    else:
        MeetingRow.update(**columns).where(MeetingRow.id == meeting_id).execute()
        AttendeeRow.delete().where(AttendeeRow.meeting == meeting_id).execute()
    for item in people:
        AttendeeRow.create(
            meeting=meeting_id,
            user=item.user_id,
            nama=item.nama,
            jabatan=item.jabatan,
            nip=item.nip,
        )
    _save_findings(meeting_id, findings)
    return meeting_id


def _save_findings(meeting_id: int, findings: Sequence[FindingFields]) -> None:
    """Keep the rows of findings that stay (a PTPP may point at them), add the new ones."""
    existing = {
        (row.kind, row.ref, row.uraian): row
        for row in MeetingFindingRow.select().where(MeetingFindingRow.meeting == meeting_id)
    }
    kept: set[int] = set()
    for order, item in enumerate(findings):
        row = existing.get((item.kind, item.ref, item.uraian))
        if row is None:
            row = MeetingFindingRow.create(
                meeting=meeting_id,
                kind=item.kind,
                ref=item.ref,
                uraian=item.uraian,
                accepted=item.accepted,
                sort_order=order,
            )
        else:
            MeetingFindingRow.update(accepted=item.accepted, sort_order=order).where(
                MeetingFindingRow.id == row.id
            ).execute()
        kept.add(row.id)
    gone = [row.id for row in existing.values() if row.id not in kept]
    if gone:
        MeetingFindingRow.delete().where(MeetingFindingRow.id.in_(gone)).execute()


def set_minutes(meeting_id: int, document_id: int) -> None:
    MeetingRow.update(minutes=document_id).where(MeetingRow.id == meeting_id).execute()


def get(meeting_id: int) -> MeetingRecord:
    row = MeetingRow.get_or_none(MeetingRow.id == meeting_id)
    if row is None:
        raise NotFound(f"Rapat nomor {meeting_id} tidak ditemukan.")
    people = [
        PersonRecord(a.nama, a.jabatan, a.nip, converters.fk_id(a, "user"))
        for a in AttendeeRow.select().where(AttendeeRow.meeting == row.id).order_by(AttendeeRow.id)
    ]
    officer_ids = {name: converters.fk_id(row, name) for name in OFFICERS}
    found = users_by_id([i for i in officer_ids.values() if i is not None])
    officers = {
        name: person(found[user_id]) if user_id in found else None
        for name, user_id in officer_ids.items()
    }
    return converters.meeting(row, [p.nama for p in people], people, findings(row.id), officers)


def findings(meeting_id: int) -> list[FindingRecord]:
    ptpp_of = dict(
        tuples(
            PtppRow.select(PtppRow.finding, PtppRow.nomor)
            .join(MeetingFindingRow, on=(PtppRow.finding == MeetingFindingRow.id))
            .where(MeetingFindingRow.meeting == meeting_id)
        )
    )
    query = (
        MeetingFindingRow.select()
        .where(MeetingFindingRow.meeting == meeting_id)
        .order_by(MeetingFindingRow.sort_order, MeetingFindingRow.id)
    )
    return [
        FindingRecord(
            row.id, row.kind, row.ref, row.uraian, bool(row.accepted), ptpp_of.get(row.id, "")
        )
        for row in query
    ]


def accepted_without_ptpp(period_id: int, kinds: Sequence[str]) -> list[FindingRecord]:
    """The findings of `kinds` the period's meetings accepted that no PTPP was raised from."""
    raised = PtppRow.select(PtppRow.finding).where(PtppRow.finding.is_null(False))
    query = (
        MeetingFindingRow.select(MeetingFindingRow)
        .join(MeetingRow)
        .where(
            (MeetingRow.period == period_id)
            & MeetingFindingRow.accepted
            & MeetingFindingRow.kind.in_(list(kinds))
            & MeetingFindingRow.id.not_in(raised)
        )
        .order_by(MeetingFindingRow.sort_order, MeetingFindingRow.id)
    )
    return [FindingRecord(row.id, row.kind, row.ref, row.uraian, True, "") for row in query]


def get_finding(finding_id: int) -> tuple[FindingRecord, int]:
    """A finding and the period of its meeting; NotFound."""
    row = MeetingFindingRow.get_or_none(MeetingFindingRow.id == finding_id)
    if row is None:
        raise NotFound(f"Temuan nomor {finding_id} tidak ditemukan.")
    meeting = MeetingRow.get_by_id(converters.fk_id(row, "meeting"))
    record = next(f for f in findings(meeting.id) if f.id == finding_id)
    return record, int(converters.fk_id(meeting, "period") or 0)


def of_period(period_id: int) -> list[MeetingRecord]:
    rows = (
        MeetingRow.select(MeetingRow.id)
        .where(MeetingRow.period == period_id)
        .order_by(MeetingRow.tanggal, MeetingRow.id)
    )
    return [get(row.id) for row in rows]
