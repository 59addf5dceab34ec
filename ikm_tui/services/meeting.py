"""Provides MeetingService: recording the step 6 meeting (pembahasan hasil) and its attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import sop
from ikm_tui.errors import NotFound, PermissionDenied, ValidationError
from ikm_tui.persistence import audit_log, converters
from ikm_tui.persistence.models import AttendeeRow, DocumentRow, MeetingRow, UserRow, database_proxy
from ikm_tui.persistence.records import MeetingRecord, UserRecord
from ikm_tui.services.workflow import WorkflowService
from ikm_tui.services.workflow_text import roles_text

MEETING_ROLES = sop.ACTIONS["rapat"].roles


class MeetingService:
    """Meetings of a period: record one (step 6), list them, attach the notulen."""

    def __init__(self, clock: Clock = system_clock, *, workflow: WorkflowService) -> None:
        self.clock = clock
        self.workflow = workflow

    def record(
        self,
        period_id: int,
        user: UserRecord,
        *,
        acara: str,
        tanggal: dt.date,
        waktu_mulai: str = "09.00",
        waktu_selesai: str = "11.00",
        tempat: str = "",
        attendee_user_ids: Iterable[int] = (),
        guests: Iterable[tuple[str, str]] = (),
    ) -> MeetingRecord:
        """Record the meeting held at step 6; `guests` are (nama, jabatan) of non-users."""
        if user.disabled or not any(user.has_role(role) for role in MEETING_ROLES):
            raise PermissionDenied(f"Hanya {roles_text(MEETING_ROLES)} yang dapat mencatat rapat.")
        self.workflow.require_action_step(period_id, "rapat")
        if not acara.strip():
            raise ValidationError("Acara rapat wajib diisi.")
        user_ids = list(dict.fromkeys(attendee_user_ids))
        people = {row.id: row for row in UserRow.select().where(UserRow.id.in_(user_ids))}
        if len(people) != len(user_ids):
            raise ValidationError("Ada peserta rapat yang tidak terdaftar sebagai pengguna.")
        now = self.clock()
        with database_proxy.atomic():
            row = MeetingRow.create(
                period=period_id,
                acara=acara.strip(),
                tanggal=tanggal,
                waktu_mulai=waktu_mulai,
                waktu_selesai=waktu_selesai,
                tempat=tempat.strip(),
                pencatat=user.id,
            )
            for user_id in user_ids:
                person = people[user_id]
                AttendeeRow.create(
                    meeting=row.id,
                    user=user_id,
                    nama=person.full_name,
                    jabatan=person.jabatan,
                    nip=person.nip,
                )
            for nama, jabatan in guests:
                AttendeeRow.create(meeting=row.id, nama=nama.strip(), jabatan=jabatan.strip())
            audit_log.append_by(
                now,
                user,
                "rapat_catat",
                "meeting",
                row.id,
                {
                    "periode": period_id,
                    "acara": row.acara,
                    "tanggal": tanggal,
                    "peserta": len(user_ids) + len(list(guests)),
                },
            )
        return self.get(row.id)

    def get(self, meeting_id: int) -> MeetingRecord:
        row = MeetingRow.get_or_none(MeetingRow.id == meeting_id)
        if row is None:
            raise NotFound(f"Rapat nomor {meeting_id} tidak ditemukan.")
        names = [
            a.nama
            for a in AttendeeRow.select()
            .where(AttendeeRow.meeting == row.id)
            .order_by(AttendeeRow.id)
        ]
        return converters.meeting(row, names)

    def list(self, period_id: int) -> list[MeetingRecord]:
        rows = (
            MeetingRow.select(MeetingRow.id)
            .where(MeetingRow.period == period_id)
            .order_by(MeetingRow.tanggal, MeetingRow.id)
        )
        return [self.get(row.id) for row in rows]

    def attach_minutes(self, meeting_id: int, document_id: int, user: UserRecord) -> MeetingRecord:
        """Link the notulen document to its meeting."""
        meeting = MeetingRow.get_or_none(MeetingRow.id == meeting_id)
        document = DocumentRow.get_or_none(DocumentRow.id == document_id)
        if meeting is None or document is None or document.kind != sop.NOTULEN:
            raise NotFound("Rapat atau notulen tidak ditemukan.")
        if not user.has_role(sop.STAF):
            raise PermissionDenied("Hanya Staf yang dapat mengaitkan notulen dengan rapat.")
        with database_proxy.atomic():
            MeetingRow.update(minutes=document_id).where(MeetingRow.id == meeting_id).execute()
            audit_log.append_by(
                self.clock(), user, "rapat_notulen", "meeting", meeting_id, {"dokumen": document_id}
            )
        return self.get(meeting_id)
