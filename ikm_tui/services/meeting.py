"""Provides MeetingService: the step 6 meeting (pembahasan hasil), its daftar hadir and findings.

A meeting record holds what the notula prints (hari/tanggal, waktu, tempat, surat undangan,
ketua, sekretaris, pencatat, agenda), the attendees (users picked from the list, guests typed
in with jabatan and NIP) and the findings discussed. `suggested_findings` offers the findings
ready to accept or drop: the report's weakest unsur (from the scoring engine through
TabulationService), the period's complaints grouped by unsur, and the previous periods' PTPPs
whose verification is due.
"""

from __future__ import annotations

import builtins
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import complaints as complaint_rules
from ikm_tui.domain import ptpp as ptpp_rules
from ikm_tui.domain import sop
from ikm_tui.domain.nip import normalise_nip
from ikm_tui.domain.regimes import get_regime
from ikm_tui.errors import NotFound, PermissionDenied, ValidationError
from ikm_tui.persistence import audit_log, complaints, meetings, users
from ikm_tui.persistence import ptpp as ptpp_store
from ikm_tui.persistence.models import DocumentRow, database_proxy
from ikm_tui.persistence.periods import get_period_row
from ikm_tui.persistence.records import MeetingRecord, PersonRecord, UserRecord
from ikm_tui.services.workflow import WorkflowService
from ikm_tui.services.workflow_text import roles_text

if TYPE_CHECKING:
    from ikm_tui.services.tabulation import TabulationService

MEETING_ROLES = sop.ACTIONS["rapat"].roles
TIME = re.compile(r"^([01]\d|2[0-3])[.:]([0-5]\d)$")

# Finding kinds.
UNSUR = "unsur"
KELUHAN = "keluhan"
VERIFIKASI = "verifikasi"
LAIN = "lain"
FINDING_KINDS = {
    UNSUR: "Unsur",
    KELUHAN: "Keluhan",
    VERIFIKASI: "Verifikasi PTPP",
    LAIN: "Lain-lain",
}


@dataclass(frozen=True)
class FindingInput:
    """A finding as the meeting form holds it."""

    kind: str
    ref: str
    uraian: str
    accepted: bool = True


@dataclass(frozen=True)
class MeetingInput:
    """Everything the meeting form collects."""

    acara: str
    tanggal: dt.date
    waktu_mulai: str = "09.00"
    waktu_selesai: str = "11.00"
    tempat: str = ""
    undangan_nomor: str = ""
    undangan_tanggal: dt.date | None = None
    ketua_id: int | None = None
    sekretaris_id: int | None = None
    pencatat_id: int | None = None
    agenda: tuple[str, ...] = ()
    attendee_user_ids: tuple[int, ...] = ()
    guests: tuple[PersonRecord, ...] = ()
    findings: tuple[FindingInput, ...] = field(default_factory=tuple)


def normal_time(text: str, label: str) -> str:
    """09.00 from "09.00" or "9:00"; ValidationError naming the field otherwise."""
    value = text.strip()
    if len(value) == 4 and value[1] in ".:":
        value = f"0{value}"
    match = TIME.match(value)
    if match is None:
        raise ValidationError(f"{label} harus berbentuk jam.menit, misalnya 09.00.")
    return f"{match.group(1)}.{match.group(2)}"


def check_input(data: MeetingInput) -> MeetingInput:
    """The input with times normalised and text stripped; ValidationError in Indonesian."""
    acara = data.acara.strip()
    if not acara:
        raise ValidationError("Acara rapat wajib diisi.")
    start = normal_time(data.waktu_mulai, "Waktu mulai")
    end = normal_time(data.waktu_selesai, "Waktu selesai")
    if end <= start:
        raise ValidationError("Waktu selesai harus sesudah waktu mulai.")
    if data.undangan_tanggal is not None and data.undangan_tanggal > data.tanggal:
        raise ValidationError("Tanggal surat undangan tidak boleh sesudah tanggal rapat.")
    guests = []
    for guest in data.guests:
        if not guest.nama.strip():
            raise ValidationError("Nama tamu wajib diisi (atau hapus baris tamu yang kosong).")
        nip = normalise_nip(guest.nip)
        if nip and (not nip.isdigit() or len(nip) != 18):
            raise ValidationError(f"NIP {guest.nama.strip()} harus 18 angka (atau kosongkan).")
        guests.append(PersonRecord(guest.nama.strip(), guest.jabatan.strip(), nip))
    findings = []
    for item in data.findings:
        if item.kind not in FINDING_KINDS:
            raise ValidationError(f"Jenis temuan {item.kind} tidak dikenal.")
        if not item.uraian.strip():
            raise ValidationError("Uraian temuan wajib diisi.")
        findings.append(FindingInput(item.kind, item.ref, item.uraian.strip(), item.accepted))
    officers = (data.ketua_id, data.sekretaris_id, data.pencatat_id)
    attendees = tuple(dict.fromkeys([*data.attendee_user_ids, *(i for i in officers if i)]))
    return MeetingInput(
        acara,
        data.tanggal,
        start,
        end,
        data.tempat.strip(),
        data.undangan_nomor.strip(),
        data.undangan_tanggal,
        data.ketua_id,
        data.sekretaris_id,
        data.pencatat_id,
        tuple(line.strip() for line in data.agenda if line.strip()),
        attendees,
        tuple(guests),
        tuple(findings),
    )


class MeetingService:
    """Meetings of a period: record one (step 6), list them, offer findings, attach the notulen."""

    def __init__(
        self,
        clock: Clock = system_clock,
        *,
        workflow: WorkflowService,
        tabulation: TabulationService,
    ) -> None:
        self.clock = clock
        self.workflow = workflow
        self.tabulation = tabulation

    # -- writing ---------------------------------------------------------------------------

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
        guests: Iterable[tuple[str, ...]] = (),
        **more: object,
    ) -> MeetingRecord:
        """Record the meeting held at step 6; `guests` are (nama, jabatan[, nip]) of non-users;
        `more` carries the other MeetingInput fields (undangan_nomor, ketua_id, ...)."""
        data = MeetingInput(
            acara,
            tanggal,
            waktu_mulai,
            waktu_selesai,
            tempat,
            attendee_user_ids=tuple(attendee_user_ids),
            guests=tuple(_guest(guest) for guest in guests),
        )
        if more:
            from dataclasses import replace

            data = replace(data, **more)  # type: ignore[arg-type]
        return self.save(period_id, user, data)

    def save(
        self,
        period_id: int,
        user: UserRecord,
        data: MeetingInput,
        meeting_id: int | None = None,
    ) -> MeetingRecord:
        """Create the period's meeting record, or rewrite `meeting_id` (while at step 6)."""
        data = check_input(data)
        self._check(period_id, users.acting(user), meeting_id)
        now = self.clock()
        with database_proxy.atomic():
            actor = users.acting(user)
            self._check(period_id, actor, meeting_id)
            people = self._people(data)
            fields = meetings.MeetingFields(
                data.acara,
                data.tanggal,
                data.waktu_mulai,
                data.waktu_selesai,
                data.tempat,
                data.undangan_nomor,
                data.undangan_tanggal,
                data.ketua_id,
                data.sekretaris_id,
                data.pencatat_id or (actor.id if actor.has_role(sop.STAF) else None),
                data.agenda,
            )
            findings = [
                meetings.FindingFields(f.kind, f.ref, f.uraian, f.accepted) for f in data.findings
            ]
            saved = meetings.save(period_id, fields, people, findings, meeting_id)
            audit_log.append_by(
                now,
                actor,
                "rapat_catat" if meeting_id is None else "rapat_ubah",
                "meeting",
                saved,
                {
                    "periode": period_id,
                    "acara": data.acara,
                    "tanggal": data.tanggal,
                    "peserta": len(people),
                    "temuan": sum(f.accepted for f in data.findings),
                },
            )
        return self.get(saved)

    def _check(self, period_id: int, user: UserRecord, meeting_id: int | None) -> None:
        if user.disabled or not any(user.has_role(role) for role in MEETING_ROLES):
            raise PermissionDenied(f"Hanya {roles_text(MEETING_ROLES)} yang dapat mencatat rapat.")
        self.workflow.require_action_step(period_id, "rapat")
        if meeting_id is not None and meetings.get(meeting_id).period_id != period_id:
            raise NotFound("Rapat itu bukan milik periode ini.")

    @staticmethod
    def _people(data: MeetingInput) -> list[PersonRecord]:
        found = meetings.users_by_id(data.attendee_user_ids)
        if len(found) != len(data.attendee_user_ids):
            raise ValidationError("Ada peserta rapat yang tidak terdaftar sebagai pengguna.")
        people = [meetings.person(found[user_id]) for user_id in data.attendee_user_ids]
        return people + list(data.guests)

    def attach_minutes(self, meeting_id: int, document_id: int, user: UserRecord) -> MeetingRecord:
        """Link the notulen document to its meeting."""
        meeting = meetings.get(meeting_id)
        document = DocumentRow.get_or_none(DocumentRow.id == document_id)
        if document is None or document.kind != sop.NOTULEN:
            raise NotFound("Rapat atau notulen tidak ditemukan.")
        if not user.has_role(sop.STAF):
            raise PermissionDenied("Hanya Staf yang dapat mengaitkan notulen dengan rapat.")
        with database_proxy.atomic():
            meetings.set_minutes(meeting.id, document_id)
            audit_log.append_by(
                self.clock(), user, "rapat_notulen", "meeting", meeting_id, {"dokumen": document_id}
            )
        return self.get(meeting_id)

    # -- reading ---------------------------------------------------------------------------

    def get(self, meeting_id: int) -> MeetingRecord:
        return meetings.get(meeting_id)

    def list(self, period_id: int) -> list[MeetingRecord]:
        return meetings.of_period(period_id)

    def latest(self, period_id: int) -> MeetingRecord | None:
        found = meetings.of_period(period_id)
        return found[-1] if found else None

    def suggested_findings(self, period_id: int) -> builtins.list[FindingInput]:
        """The findings offered to the meeting, ready to accept or drop."""
        from ikm_tui.errors import NoAnswersError

        period = get_period_row(period_id)
        offered: list[FindingInput] = []
        try:
            result = self.tabulation.summary(period_id).score
        except NoAnswersError:
            result = None
        if result is not None:
            offered += [
                FindingInput(UNSUR, unsur.key, ptpp_rules.unsur_uraian(unsur, period.name))
                for unsur in ptpp_rules.weakest_unsur(result)
            ]
        regime = get_regime(period.regime_id)
        names = {u.key: f"{u.kode} {u.nama}" for u in regime.unsur}
        by_unsur: dict[str, list[str]] = defaultdict(list)
        open_count: dict[str, int] = defaultdict(int)
        received = complaints.ComplaintFilter(
            received_from=period.start_date, received_to=period.end_date
        )
        for complaint in complaints.select(received):
            key = complaint.unsur_key or ""
            by_unsur[key].append(complaint.nomor)
            open_count[key] += complaint.status != complaint_rules.SELESAI
        for key, nomors in by_unsur.items():
            unsur = f"unsur {names[key]}" if key in names else "tanpa unsur"
            state = f", {open_count[key]} belum selesai" if open_count[key] else ", semua selesai"
            offered.append(
                FindingInput(
                    KELUHAN,
                    key,
                    f"{len(nomors)} keluhan pelanggan {unsur} ({', '.join(nomors)}{state}).",
                    accepted=bool(open_count[key]),
                )
            )
        offered += [
            FindingInput(
                VERIFIKASI,
                str(item.id),
                f"Verifikasi efektivitas PTPP {item.nomor} ({item.period_name}): {item.uraian}",
            )
            for item in ptpp_store.due_for_verification(period_id)
        ]
        return offered


def _guest(parts: tuple[str, ...]) -> PersonRecord:
    """A guest from (nama, jabatan[, nip])."""
    nama, jabatan, nip = (*parts, "", "")[:3]
    return PersonRecord(nama, jabatan, nip)


def people_lines(people: Sequence[PersonRecord]) -> list[str]:
    """ "Nama (jabatan, NIP ...)" lines of a daftar hadir."""
    lines = []
    for item in people:
        extra = ", ".join(x for x in (item.jabatan, f"NIP {item.nip}" if item.nip else "") if x)
        lines.append(f"{item.nama} ({extra})" if extra else item.nama)
    return lines
