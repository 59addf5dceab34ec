"""Provides WorkflowService: each period's SOP steps, gating of actions, tasks and transitions.

The step transitions themselves (`complete_step`, `reopen_concept`) are module functions so
SignOffService can call them inside its own transaction when a signature moves the period on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from textwrap import shorten
from typing import TYPE_CHECKING

from peewee import JOIN, fn

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import sop
from ikm_tui.domain.sop import DONE, STAF
from ikm_tui.errors import PermissionDenied, ValidationError, WorkflowError
from ikm_tui.persistence import audit_log, converters, documents, users
from ikm_tui.persistence.models import (
    ArchiveItemRow,
    DocumentRow,
    MeetingRow,
    PeriodRow,
    StepRecordRow,
    UserRow,
    database_proxy,
)
from ikm_tui.persistence.periods import get_period_row
from ikm_tui.persistence.records import PeriodRecord, StepStatus, Task, UserRecord
from ikm_tui.persistence.respondents import counted as counted_respondents
from ikm_tui.services import workflow_text as text

if TYPE_CHECKING:
    from ikm_tui.domain.calendar import WorkingCalendar
    from ikm_tui.services.calendar import CalendarService


def start_step(period_id: int, step_no: int, user: UserRecord | None, now: dt.datetime) -> None:
    """Record that a step started and make it the period's current step (inside a transaction)."""
    record = StepRecordRow.get_or_none(
        (StepRecordRow.period == period_id) & (StepRecordRow.step_no == step_no)
    )
    user_id = user.id if user else None
    if record is None:
        StepRecordRow.create(period=period_id, step_no=step_no, started_at=now, started_by=user_id)
    else:
        StepRecordRow.update(
            started_at=now, started_by=user_id, finished_at=None, finished_by=None
        ).where(StepRecordRow.id == record.id).execute()
    PeriodRow.update(current_step=step_no).where(PeriodRow.id == period_id).execute()
    audit_log.append_by(now, user, "langkah_mulai", "period", period_id, {"langkah": step_no})


def complete_step(period_id: int, step_no: int, user: UserRecord | None, now: dt.datetime) -> None:
    """Finish `step_no` and start the next one (or mark the period done), inside a transaction.

    The period moves by a conditional UPDATE (WHERE current_step = step_no): a period that is
    no longer at `step_no` (another user finished it first) raises WorkflowError, and the
    caller's transaction rolls back."""
    following = sop.next_step(step_no)
    moved = (
        PeriodRow.update(current_step=following)
        .where((PeriodRow.id == period_id) & (PeriodRow.current_step == step_no))
        .execute()
    )
    if moved != 1:
        raise WorkflowError(text.blocked_message(step_no, get_period_row(period_id).current_step))
    user_id = user.id if user else None
    finished = (
        StepRecordRow.update(finished_at=now, finished_by=user_id)
        .where((StepRecordRow.period == period_id) & (StepRecordRow.step_no == step_no))
        .execute()
    )
    if not finished:
        StepRecordRow.create(
            period=period_id,
            step_no=step_no,
            started_at=now,
            started_by=user_id,
            finished_at=now,
            finished_by=user_id,
        )
    audit_log.append_by(now, user, "langkah_selesai", "period", period_id, {"langkah": step_no})
    if following != DONE:
        start_step(period_id, following, user, now)


def reopen_concept(period_id: int, user: UserRecord | None, now: dt.datetime, reason: str) -> None:
    """A returned or changed kuesioner sends the period back to its first step (inside a
    transaction; a conditional UPDATE, so a period that has moved past the concept is never
    pulled back)."""
    concept_steps = sop.steps_of_kind(sop.KUESIONER)
    first = concept_steps[0]
    moved = (
        PeriodRow.update(current_step=first)
        .where((PeriodRow.id == period_id) & PeriodRow.current_step.in_(concept_steps))
        .execute()
    )
    if moved != 1:
        get_period_row(period_id)  # NotFound for an unknown period
        raise WorkflowError("Kuesioner sudah disetujui dan dibekukan; tidak dapat dibuka ulang.")
    StepRecordRow.delete().where(
        (StepRecordRow.period == period_id) & (StepRecordRow.step_no.in_(concept_steps[1:]))
    ).execute()
    StepRecordRow.update(finished_at=None, finished_by=None).where(
        (StepRecordRow.period == period_id) & (StepRecordRow.step_no == first)
    ).execute()
    audit_log.append_by(
        now, user, "langkah_buka_ulang", "period", period_id, {"langkah": first, "alasan": reason}
    )


def gate_problem(period_id: int, step_no: int, reason: str = "") -> str:
    """What the first unmet gate of a step lacks, in Bahasa Indonesia ("" when all hold);
    `reason`: the reason given for finishing it by hand."""
    documents: dict[tuple[str, str], DocumentRow] | None = None
    for gate in sop.step(step_no).gates:
        if gate.kinds and documents is None:
            documents = latest_documents(period_id)
        problem = GATE_CHECKS[gate.check](period_id, gate, documents or {}, reason)
        if problem:
            return problem
    return ""


def _reason_if_asked(step_no: int) -> str:
    """A stand-in reason for whether a step's finishing action may be taken: a step finished
    when all its documents are signed is finished by hand only with a reason (asked then)."""
    return "(alasan)" if sop.step(step_no).finishes == sop.BY_ALL_SIGNED else ""


def finishing_roles(step_no: int) -> tuple[str, ...]:
    """Who finishes a step by hand: the roles of its finishing action, else the step's."""
    action = sop.finishing_action(step_no)
    return action.roles if action is not None else sop.step(step_no).roles


def finish_when_all_signed(
    period_id: int, kind: str, stage: str, user: UserRecord | None, now: dt.datetime
) -> bool:
    """After a `stage` signature on a document of `kind` (inside its transaction): finish the
    step that waits for every document of that kind to carry it (`sop.BY_ALL_SIGNED`) when
    the period stands at it, every one does and the step's gates hold. True if it finished."""
    step_no = sop.finished_when_all_signed(kind, stage)
    if step_no is None or get_period_row(period_id).current_step != step_no:
        return False
    rows = [row for (k, _), row in latest_documents(period_id).items() if k == kind]
    if (
        not rows
        or not all(sop.carries(row.state, stage) for row in rows)
        or gate_problem(period_id, step_no)
    ):
        return False
    complete_step(period_id, step_no, user, now)
    return True


def latest_documents(period_id: int) -> dict[tuple[str, str], DocumentRow]:
    """The newest version of every document of a period, keyed by (kind, title)."""
    latest: dict[tuple[str, str], DocumentRow] = {}
    query = (
        DocumentRow.select()
        .where(DocumentRow.period == period_id)
        .order_by(DocumentRow.version, DocumentRow.id)
    )
    for row in query:
        latest[(row.kind, row.title)] = row
    return latest


class WorkflowService:
    """The SOP as a state machine over each period: steps, gates, tasks, manual transitions."""

    def __init__(self, clock: Clock = system_clock, *, calendar: CalendarService) -> None:
        self.clock = clock
        self.calendar = calendar

    def steps(self, period_id: int) -> list[StepStatus]:
        """Every SOP step of a period with its start/finish, deadline and lateness."""
        period = get_period_row(period_id)
        starter, finisher = UserRow.alias(), UserRow.alias()
        query = (
            StepRecordRow.select(
                StepRecordRow,
                starter.full_name.alias("started_name"),
                finisher.full_name.alias("finished_name"),
            )
            .join(starter, JOIN.LEFT_OUTER, on=(StepRecordRow.started_by == starter.id))
            .switch(StepRecordRow)
            .join(finisher, JOIN.LEFT_OUTER, on=(StepRecordRow.finished_by == finisher.id))
            .where(StepRecordRow.period == period_id)
            .objects()
        )
        records = {record.step_no: record for record in query}
        now = self.clock()
        days = self.calendar.working_calendar()
        return [
            self._status(step, records.get(step.number), period.current_step, now, days)
            for step in sop.SOP_STEPS
        ]

    @staticmethod
    def _status(
        step: sop.SopStep,
        record: StepRecordRow | None,
        current: int,
        now: dt.datetime,
        days: WorkingCalendar,
    ) -> StepStatus:
        started = record.started_at if record else None
        finished = record.finished_at if record else None
        deadline = step.standard.deadline(started, days) if started else None
        late = deadline is not None and (finished or now) > deadline
        return StepStatus(
            step.number,
            step.name,
            step.roles,
            text.roles_text(step.roles),
            step.standard.text,
            started,
            getattr(record, "started_name", None) or "",
            finished,
            getattr(record, "finished_name", None) or "",
            deadline,
            late,
            step.number == current,
        )

    def current_step_late(self, period_id: int) -> bool:
        return any(status.is_current and status.late for status in self.steps(period_id))

    def require_step(self, period_id: int, step_no: int) -> None:
        """WorkflowError naming what is missing and who must act unless `step_no` is current."""
        current = get_period_row(period_id).current_step
        if current != step_no:
            raise WorkflowError(text.blocked_message(step_no, current))

    def require_action_step(self, period_id: int, action: str) -> None:
        """WorkflowError unless the period stands at the SOP step `action` belongs to."""
        self.require_step(period_id, sop.action_step(action))

    def can(self, user: UserRecord, action: str, period_id: int | None = None) -> bool | None:
        """True allowed; None visible but not now (dimmed); False not for this role (hidden)."""
        return self.permissions(user, (action,), period_id)[action]

    def permissions(
        self, user: UserRecord, actions: Iterable[str], period_id: int | None = None
    ) -> dict[str, bool | None]:
        """`can` of several actions on one period, reading the period once."""
        period = PeriodRow.get_or_none(PeriodRow.id == period_id) if period_id else None
        return {action: self._can(user, action, period) for action in actions}

    def _can(self, user: UserRecord, name: str, period: PeriodRow | None) -> bool | None:
        action, step_no = sop.ACTIONS[name], sop.ACTION_STEP[name]
        if user.disabled or not any(user.has_role(role) for role in action.roles):
            return False
        if step_no is None:
            return True
        if period is None:
            return None
        current = period.current_step
        if action.stays_open and sop.step_index(current) >= sop.step_index(step_no):
            return True
        if current != step_no:
            return None
        if action.finishes and self.gate_problem(period.id, step_no, _reason_if_asked(step_no)):
            return None
        return True

    def why_not(self, user: UserRecord, action: str, period_id: int | None = None) -> str:
        """Why `can` is not True, in Bahasa Indonesia ("" when allowed)."""
        allowed = self.can(user, action, period_id)
        step_no = sop.ACTION_STEP[action]
        if allowed:
            return ""
        if allowed is False:
            if user.disabled:
                return "Akun ini dinonaktifkan. Hubungi Admin."
            definition = sop.ACTIONS[action]
            return f"Hanya {text.roles_text(definition.roles)} yang dapat {definition.verb}."
        if period_id is None or step_no is None:
            return "Pilih periode survei terlebih dahulu."
        current = get_period_row(period_id).current_step
        if current != step_no:
            return text.blocked_message(step_no, current)
        return f"{sop.step(step_no).cannot_finish}: {self.gate_problem(period_id, step_no)}"

    def gate_problem(self, period_id: int, step_no: int, reason: str = "") -> str:
        """What the first unmet gate of a step lacks, in Bahasa Indonesia ("" when all hold)."""
        return gate_problem(period_id, step_no, reason)

    def start_period(self, period_id: int, user: UserRecord) -> None:
        """The first step starts (called by PeriodService when it creates the period)."""
        first = sop.FIRST_STEP
        with database_proxy.atomic():
            if (
                StepRecordRow.get_or_none(
                    (StepRecordRow.period == period_id) & (StepRecordRow.step_no == first)
                )
                is None
            ):
                start_step(period_id, first, user, self.clock())

    def close_collection(self, period_id: int, user: UserRecord) -> PeriodRecord:
        """Staf closes data collection: the collection step ends, the next one starts.

        Checked before and again inside the write transaction (the acting user re-loaded, the
        period re-read); the close is a conditional UPDATE, so two closes give one."""
        step_no = sop.collection_step()
        self._close_check(period_id, users.acting(user))
        now = self.clock()
        with database_proxy.atomic():
            actor = users.acting(user)
            counted = self._close_check(period_id, actor)
            closed = (
                PeriodRow.update(collection_closed_at=now)
                .where((PeriodRow.id == period_id) & (PeriodRow.current_step == step_no))
                .execute()
            )
            if closed != 1:
                self.require_step(period_id, step_no)
            audit_log.append_by(
                now, actor, "pengumpulan_tutup", "period", period_id, {"responden": counted}
            )
            complete_step(period_id, step_no, actor, now)
        return converters.period(get_period_row(period_id), counted_respondents(period_id))

    def reopen_collection(self, period_id: int, user: UserRecord, reason: str) -> PeriodRecord:
        """The Camat reopens data collection (forms found after the close), with a reason, while
        the step after it has produced no submitted document: the period goes back to the
        collection step; audited. Checked again inside the write transaction."""
        reason = " ".join(reason.split())
        self._reopen_check(period_id, users.acting(user), reason)
        collection = sop.collection_step()
        following = sop.next_step(collection)
        now = self.clock()
        with database_proxy.atomic():
            actor = users.acting(user)
            self._reopen_check(period_id, actor, reason)
            moved = (
                PeriodRow.update(current_step=collection, collection_closed_at=None)
                .where((PeriodRow.id == period_id) & (PeriodRow.current_step == following))
                .execute()
            )
            if moved != 1:
                self.require_step(period_id, following)
            StepRecordRow.delete().where(
                (StepRecordRow.period == period_id) & (StepRecordRow.step_no == following)
            ).execute()
            StepRecordRow.update(finished_at=None, finished_by=None).where(
                (StepRecordRow.period == period_id) & (StepRecordRow.step_no == collection)
            ).execute()
            audit_log.append_by(
                now,
                actor,
                "pengumpulan_buka",
                "period",
                period_id,
                {"alasan": reason, "responden": counted_respondents(period_id)},
            )
        return converters.period(get_period_row(period_id), counted_respondents(period_id))

    def _reopen_check(self, period_id: int, user: UserRecord, reason: str) -> None:
        action = sop.ACTIONS["buka_pengumpulan"]
        if not any(user.has_role(role) for role in action.roles) or user.disabled:
            raise PermissionDenied(
                f"Hanya {text.roles_text(action.roles)} yang dapat {action.verb}."
            )
        if not reason:
            raise ValidationError("Alasan membuka kembali pengumpulan data wajib diisi.")
        following = sop.step(sop.next_step(sop.collection_step()))
        self.require_step(period_id, following.number)
        for kind in following.produces:
            document = documents.latest(period_id, kind)
            if document is not None and document.state != sop.DRAF:
                raise WorkflowError(
                    f"{sop.DOC_KINDS.get(kind, kind)} sudah diajukan; kembalikan dahulu ke Staf "
                    "sebelum pengumpulan data dibuka kembali."
                )

    def _close_check(self, period_id: int, user: UserRecord) -> int:
        """The counted respondents, once `user` may close collection of the period now."""
        step_no = sop.collection_step()
        if not user.has_role(STAF) or user.disabled:
            raise PermissionDenied("Hanya Staf yang dapat menutup pengumpulan data.")
        if get_period_row(period_id).collection_closed_at is not None:
            raise WorkflowError("Pengumpulan data periode ini sudah ditutup.")
        self.require_step(period_id, step_no)
        problem = self.gate_problem(period_id, step_no)
        if problem:
            raise WorkflowError(f"{sop.step(step_no).cannot_finish}: {problem}")
        return counted_respondents(period_id)

    def advance(self, period_id: int, step_no: int, user: UserRecord, reason: str = "") -> None:
        """Finish a step by hand once its gates hold: a manual step, or a step finished when
        all its documents are signed that has none to sign (with a reason: why the step needs
        none, e.g. no PTPP). Checked again inside the write transaction; the reason audited."""
        step = sop.step(step_no)
        if step.finishes not in (sop.MANUAL, sop.BY_ALL_SIGNED):
            raise WorkflowError(
                f"Langkah {step_no} selesai dengan sendirinya ketika dokumennya "
                "disetujui atau pengumpulan data ditutup."
            )
        reason = " ".join(reason.split())
        self._advance_check(period_id, step_no, users.acting(user), reason)
        now = self.clock()
        with database_proxy.atomic():
            actor = users.acting(user)
            self._advance_check(period_id, step_no, actor, reason)
            if reason:
                audit_log.append_by(
                    now,
                    actor,
                    "ptpp_tidak_ada",
                    "period",
                    period_id,
                    {"langkah": step_no, "alasan": reason},
                )
            complete_step(period_id, step_no, actor, now)

    def _advance_check(self, period_id: int, step_no: int, user: UserRecord, reason: str) -> None:
        step = sop.step(step_no)
        roles = finishing_roles(step_no)
        if not any(user.has_role(role) for role in roles) or user.disabled:
            raise PermissionDenied(
                f"Hanya {text.roles_text(roles)} yang dapat menyelesaikan langkah {step_no}."
            )
        self.require_step(period_id, step_no)
        problem = self.gate_problem(period_id, step_no, reason)
        if problem:
            raise WorkflowError(f"{step.cannot_finish}: {problem}")

    def my_tasks(self, user: UserRecord) -> list[Task]:
        """What this user's roles must do next in every unfinished period, oldest period first."""
        if user.disabled:
            return []
        tasks: list[Task] = []
        periods = PeriodRow.select().where(PeriodRow.current_step != DONE).order_by(PeriodRow.id)
        for period in periods:
            late = self.current_step_late(period.id)
            step = sop.step(period.current_step)
            gates_hold = bool(step.wording.ready_task) and not self.gate_problem(
                period.id, step.number
            )
            for step_no, message, document_id in text.period_tasks(
                user, period, latest_documents(period.id), gates_hold
            ):
                tasks.append(
                    Task(
                        period.id,
                        period.name,
                        step_no,
                        message,
                        document_id,
                        late and step_no == period.current_step,
                    )
                )
        return tasks + self.overdue_ptpp_tasks(user)

    def overdue_ptpp_tasks(self, user: UserRecord) -> list[Task]:
        """One late task per PTPP whose PIC is `user`, past its target and not verified."""
        from ikm_tui.domain.formatting import tanggal
        from ikm_tui.persistence import ptpp

        step_no = sop.action_step("ptpp")
        return [
            Task(
                item.period_id,
                item.period_name,
                step_no,
                f"Selesaikan PTPP {item.nomor} (target {tanggal(item.target_selesai)}) "
                "dan minta verifikasi",
                None,
                True,
            )
            for item in ptpp.overdue(self.clock().date(), user.id)
            if item.period_id is not None
        ]


# -- gates: one check per gate name of the SOP definition --------------------------------------

GateCheck = Callable[[int, sop.Gate, dict[tuple[str, str], DocumentRow], str], str]


def _respondents_counted(
    period_id: int, gate: sop.Gate, documents: dict[tuple[str, str], DocumentRow], reason: str
) -> str:
    if counted_respondents(period_id):
        return ""
    return "belum ada responden yang dihitung. Staf mengentri atau mengimpor data dahulu."


def _meeting_recorded(
    period_id: int, gate: sop.Gate, documents: dict[tuple[str, str], DocumentRow], reason: str
) -> str:
    if _has_meeting(period_id):
        return ""
    return "rapat pembahasan hasil belum dicatat. Staf mencatat rapat dahulu."


def _ptpp_decided(
    period_id: int, gate: sop.Gate, documents: dict[tuple[str, str], DocumentRow], reason: str
) -> str:
    from ikm_tui.domain.ptpp import FINDINGS_NEEDING_PTPP
    from ikm_tui.persistence import meetings, ptpp

    ptpps = [row for (kind, _), row in documents.items() if kind in gate.kinds]
    pending = [row.title for row in ptpps if row.state != sop.DISETUJUI_STATE]
    pending += [f"PTPP {nomor} (belum diisi)" for nomor in ptpp.without_document(period_id)]
    if pending:
        return f"PTPP belum disetujui Camat: {', '.join(pending)}."
    if reason:
        return ""
    open_findings = meetings.accepted_without_ptpp(period_id, FINDINGS_NEEDING_PTPP)
    if open_findings:
        return (
            f"{len(open_findings)} temuan yang diterima rapat belum ber-PTPP "
            f"({shorten(open_findings[0].uraian, 45, placeholder='…')}). Staf membuat "
            "PTPP-nya, atau Camat "
            "menyelesaikan langkah dengan alasan."
        )
    if not ptpps:
        return (
            "belum ada PTPP. Bila rapat tidak memerlukan tindakan perbaikan/pencegahan, "
            "Camat menyelesaikan langkah dengan alasan."
        )
    return ""


def _documents_archived(
    period_id: int, gate: sop.Gate, documents: dict[tuple[str, str], DocumentRow], reason: str
) -> str:
    missing = [sop.DOC_KINDS[kind] for kind in gate.kinds if not _archived(documents, kind)]
    if missing:
        return f"{' dan '.join(missing)} yang disetujui belum diarsipkan oleh Staf."
    return ""


GATE_CHECKS: dict[str, GateCheck] = {
    sop.COUNTED_RESPONDENTS: _respondents_counted,
    sop.MEETING_RECORDED: _meeting_recorded,
    sop.PTPP_DECIDED: _ptpp_decided,
    sop.DOCUMENTS_ARCHIVED: _documents_archived,
}


def _archived(latest: dict[tuple[str, str], DocumentRow], kind: str) -> bool:
    approved = [
        row.id for (k, _), row in latest.items() if k == kind and row.state == sop.DISETUJUI_STATE
    ]
    return (
        bool(approved)
        and ArchiveItemRow.select().where(ArchiveItemRow.document.in_(approved)).exists()
    )


def _has_meeting(period_id: int) -> bool:
    return bool(
        MeetingRow.select(fn.COUNT(MeetingRow.id)).where(MeetingRow.period == period_id).scalar()
    )
