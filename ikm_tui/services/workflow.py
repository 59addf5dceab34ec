"""Provides WorkflowService: each period's SOP steps, gating of actions, tasks and transitions.

The step transitions themselves (`complete_step`, `reopen_concept`) are module functions so
SignOffService can call them inside its own transaction when a signature moves the period on.
"""

from __future__ import annotations

import datetime as dt

from peewee import JOIN, fn

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import sop
from ikm_tui.domain.sop import ADMIN, CAMAT, DONE, SEKCAM, STAF
from ikm_tui.errors import NotFound, PermissionDenied, WorkflowError
from ikm_tui.persistence import audit_log, converters, documents, users
from ikm_tui.persistence.models import (
    ArchiveItemRow,
    DocumentRow,
    MeetingRow,
    PeriodRow,
    RespondentRow,
    StepRecordRow,
    UserRow,
    database_proxy,
)
from ikm_tui.persistence.records import PeriodRecord, StepStatus, Task, UserRecord
from ikm_tui.services import workflow_text as text

# action -> (roles that may take it, SOP step it belongs to or None, what it does)
ACTIONS: dict[str, tuple[tuple[str, ...], int | None, str]] = {
    "buat_periode": ((STAF,), None, "membuat periode survei"),
    "susun_konsep": ((STAF,), 1, "menyusun konsep kuesioner"),
    "periksa_konsep": ((SEKCAM,), 2, "memeriksa konsep kuesioner"),
    "setujui_konsep": ((CAMAT,), 3, "menyetujui konsep kuesioner"),
    "entri": ((STAF,), 4, "mengentri data kuesioner"),
    "impor": ((STAF,), 4, "mengimpor data kuesioner"),
    "tutup_pengumpulan": ((STAF,), 4, "menutup pengumpulan data"),
    "laporan": ((STAF, SEKCAM, CAMAT), 5, "menyusun dan menandatangani laporan IKM"),
    "rapat": ((CAMAT, SEKCAM, STAF), 6, "mencatat rapat pembahasan hasil"),
    "ptpp": ((CAMAT, SEKCAM, STAF), 8, "menetapkan PTPP"),
    "notulen": ((STAF, SEKCAM, CAMAT), 9, "membuat dan menandatangani notulen rapat"),
    "arsip": ((STAF,), 10, "mengarsipkan notulen dan laporan IKM"),
    "kelola_pengguna": ((ADMIN,), None, "mengelola pengguna"),
}
MANUAL_STEPS = (6, 8, 10)  # finished by `advance`; the others finish by a signature or closing


def step_index(step_no: int) -> int:
    """Position of a step in the SOP; DONE sorts after the last step."""
    return len(sop.STEP_NUMBERS) if step_no == DONE else sop.STEP_NUMBERS.index(step_no)


def period_row(period_id: int) -> PeriodRow:
    row = PeriodRow.get_or_none(PeriodRow.id == period_id)
    if row is None:
        raise NotFound(f"Periode survei nomor {period_id} tidak ditemukan.")
    return row


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
        raise WorkflowError(text.blocked_message(step_no, period_row(period_id).current_step))
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
    """A returned or changed kuesioner sends the period back to step 1 (inside a transaction;
    a conditional UPDATE, so a period that has moved past the concept is never pulled back)."""
    moved = (
        PeriodRow.update(current_step=1)
        .where((PeriodRow.id == period_id) & PeriodRow.current_step.in_((1, 2, 3)))
        .execute()
    )
    if moved != 1:
        period_row(period_id)  # NotFound for an unknown period
        raise WorkflowError("Kuesioner sudah disetujui dan dibekukan; tidak dapat dibuka ulang.")
    StepRecordRow.delete().where(
        (StepRecordRow.period == period_id) & (StepRecordRow.step_no.in_((2, 3)))
    ).execute()
    StepRecordRow.update(finished_at=None, finished_by=None).where(
        (StepRecordRow.period == period_id) & (StepRecordRow.step_no == 1)
    ).execute()
    audit_log.append_by(
        now, user, "langkah_buka_ulang", "period", period_id, {"langkah": 1, "alasan": reason}
    )


def counted_respondents(period_id: int) -> int:
    return (
        RespondentRow.select()
        .where((RespondentRow.period == period_id) & (RespondentRow.excluded == False))  # noqa: E712
        .count()
    )


class WorkflowService:
    """The SOP as a state machine over each period: steps, gates, tasks, manual transitions."""

    def __init__(self, clock: Clock = system_clock) -> None:
        self.clock = clock

    def steps(self, period_id: int) -> list[StepStatus]:
        """Every SOP step of a period with its start/finish, deadline and lateness."""
        period = period_row(period_id)
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
        return [
            self._status(step, records.get(step.number), period.current_step, now)
            for step in sop.SOP_STEPS
        ]

    @staticmethod
    def _status(
        step: sop.SopStep, record: StepRecordRow | None, current: int, now: dt.datetime
    ) -> StepStatus:
        started = record.started_at if record else None
        finished = record.finished_at if record else None
        deadline = step.standard.deadline(started) if started else None
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
        current = period_row(period_id).current_step
        if current != step_no:
            raise WorkflowError(text.blocked_message(step_no, current))

    def can(self, user: UserRecord, action: str, period_id: int | None = None) -> bool | None:
        """True allowed; None visible but not now (dimmed); False not for this role (hidden)."""
        roles, step_no, _ = ACTIONS[action]
        if user.disabled or not any(user.has_role(role) for role in roles):
            return False
        if step_no is None:
            return True
        if period_id is None:
            return None
        row = PeriodRow.get_or_none(PeriodRow.id == period_id)
        if row is None or row.current_step != step_no:
            return None
        if action == "tutup_pengumpulan" and counted_respondents(period_id) == 0:
            return None
        return True

    def why_not(self, user: UserRecord, action: str, period_id: int | None = None) -> str:
        """Why `can` is not True, in Bahasa Indonesia ("" when allowed)."""
        allowed = self.can(user, action, period_id)
        roles, step_no, verb = ACTIONS[action]
        if allowed:
            return ""
        if allowed is False:
            if user.disabled:
                return "Akun ini dinonaktifkan. Hubungi Admin."
            return f"Hanya {text.roles_text(roles)} yang dapat {verb}."
        if period_id is None or step_no is None:
            return "Pilih periode survei terlebih dahulu."
        current = period_row(period_id).current_step
        if current != step_no:
            return text.blocked_message(step_no, current)
        return "Pengumpulan data belum dapat ditutup: belum ada responden yang dihitung."

    def start_period(self, period_id: int, user: UserRecord) -> None:
        """Step 1 starts (called by PeriodService when it creates the period)."""
        with database_proxy.atomic():
            if (
                StepRecordRow.get_or_none(
                    (StepRecordRow.period == period_id) & (StepRecordRow.step_no == 1)
                )
                is None
            ):
                start_step(period_id, 1, user, self.clock())

    def close_collection(self, period_id: int, user: UserRecord) -> PeriodRecord:
        """Staf closes data collection: step 4 ends, step 5 (laporan) starts.

        Checked before and again inside the write transaction (the acting user re-loaded, the
        period re-read); the close is a conditional UPDATE, so two closes give one."""
        self._close_check(period_id, users.acting(user))
        now = self.clock()
        with database_proxy.atomic():
            actor = users.acting(user)
            counted = self._close_check(period_id, actor)
            closed = (
                PeriodRow.update(collection_closed_at=now)
                .where((PeriodRow.id == period_id) & (PeriodRow.current_step == 4))
                .execute()
            )
            if closed != 1:
                self.require_step(period_id, 4)
            audit_log.append_by(
                now, actor, "pengumpulan_tutup", "period", period_id, {"responden": counted}
            )
            complete_step(period_id, 4, actor, now)
        return converters.period(period_row(period_id), counted_respondents(period_id))

    def _close_check(self, period_id: int, user: UserRecord) -> int:
        """The counted respondents, once `user` may close collection of the period now."""
        if not user.has_role(STAF) or user.disabled:
            raise PermissionDenied("Hanya Staf yang dapat menutup pengumpulan data.")
        if period_row(period_id).collection_closed_at is not None:
            raise WorkflowError("Pengumpulan data periode ini sudah ditutup.")
        self.require_step(period_id, 4)
        counted = counted_respondents(period_id)
        if counted == 0:
            raise WorkflowError(
                "Pengumpulan data belum dapat ditutup: belum ada responden "
                "yang dihitung. Staf mengentri atau mengimpor data dahulu."
            )
        return counted

    def advance(self, period_id: int, step_no: int, user: UserRecord, reason: str = "") -> None:
        """Finish step 6, 8 or 10 once its outputs exist (`reason` when there is no PTPP);
        checked again inside the write transaction, and the step moves conditionally."""
        if step_no not in MANUAL_STEPS:
            raise WorkflowError(
                f"Langkah {step_no} selesai dengan sendirinya ketika dokumennya "
                "disetujui atau pengumpulan data ditutup."
            )
        reason = reason.strip()
        self._advance_check(period_id, step_no, users.acting(user), reason)
        now = self.clock()
        with database_proxy.atomic():
            actor = users.acting(user)
            self._advance_check(period_id, step_no, actor, reason)
            if reason:
                audit_log.append_by(
                    now, actor, "ptpp_tidak_ada", "period", period_id, {"alasan": reason}
                )
            complete_step(period_id, step_no, actor, now)

    def _advance_check(self, period_id: int, step_no: int, user: UserRecord, reason: str) -> None:
        step = sop.step(step_no)
        if not any(user.has_role(role) for role in step.roles) or user.disabled:
            raise PermissionDenied(
                f"Hanya {text.roles_text(step.roles)} yang dapat menyelesaikan langkah {step_no}."
            )
        self.require_step(period_id, step_no)
        problem = self._advance_problem(period_id, step_no, reason)
        if problem:
            raise WorkflowError(problem)

    def _advance_problem(self, period_id: int, step_no: int, reason: str) -> str:
        prefix = f"Langkah {step_no} belum dapat diselesaikan: "
        if step_no == 6:
            if not MeetingRow.select().where(MeetingRow.period == period_id).exists():
                return prefix + "rapat pembahasan hasil belum dicatat. Staf mencatat rapat dahulu."
            return ""
        latest = documents.latest_by_title(period_id)
        if step_no == 8:
            ptpps = [row for (kind, _), row in latest.items() if kind == sop.PTPP]
            pending = [row.title for row in ptpps if row.state != sop.DISETUJUI_STATE]
            if pending:
                return prefix + f"PTPP belum disetujui Camat: {', '.join(pending)}."
            if not ptpps and not reason:
                return prefix + (
                    "belum ada PTPP. Bila tidak diperlukan tindakan perbaikan/"
                    "pencegahan, tuliskan alasannya."
                )
            return ""
        missing = [
            sop.DOC_KINDS[kind]
            for kind in (sop.LAPORAN, sop.NOTULEN)
            if not _archived(latest, kind)
        ]
        if missing:
            return prefix + f"{' dan '.join(missing)} yang disetujui belum diarsipkan oleh Staf."
        return ""

    def my_tasks(self, user: UserRecord) -> list[Task]:
        """What this user's roles must do next in every unfinished period, oldest period first."""
        if user.disabled:
            return []
        tasks: list[Task] = []
        periods = PeriodRow.select().where(PeriodRow.current_step != DONE).order_by(PeriodRow.id)
        for period in periods:
            late = self.current_step_late(period.id)
            for step_no, message, document_id in text.period_tasks(
                user, period, documents.latest_by_title(period.id), _has_meeting(period.id)
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
        return tasks


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
