"""Provides the workflow's Bahasa Indonesia sentences, built from the SOP definition's wording.

The words themselves (activity, what a period waits for, each step's tasks) live in
`ikm_tui.domain.sop`; this module only puts them together.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ikm_tui.domain import sop
from ikm_tui.domain.formatting import periode
from ikm_tui.domain.sop import CAMAT, DONE, SEKCAM, STAF
from ikm_tui.persistence.models import DocumentRow, PeriodRow
from ikm_tui.persistence.records import UserRecord


def roles_text(roles: Sequence[str]) -> str:
    """ "Staf", "Staf atau Camat", "Camat, Sekretaris Camat atau Staf"."""
    names = [sop.ROLE_NAMES[role] for role in roles]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} atau {names[-1]}"


def blocked_message(step_no: int, current: int) -> str:
    """Why an action of `step_no` cannot happen while the period stands at `current`."""
    activity = sop.step(step_no).wording.activity
    if current == DONE:
        return f"{activity} tidak dapat dilakukan lagi: seluruh langkah periode ini sudah selesai."
    if sop.step_index(current) > sop.step_index(step_no):
        return f"{activity} tidak dapat dilakukan lagi: langkah {step_no} sudah selesai."
    waiting = sop.step(current).wording.waiting
    approval = sop.finished_by_signature(sop.KUESIONER, sop.DISETUJUI)
    if approval is not None and (
        sop.step_index(current) < sop.step_index(approval) < sop.step_index(step_no)
    ):
        # A step after the kuesioner's approval waits for that approval first of all.
        waiting = f"{sop.step(approval).wording.waiting} ({waiting})"
    return f"{activity} belum dapat dilakukan: {waiting}."


def document_noun(row: DocumentRow) -> str:
    noun = sop.DOC_NOUNS.get(row.kind, row.kind)
    return f'{noun} "{row.title}"' if row.kind == sop.PTPP else noun


def document_task(user: UserRecord, row: DocumentRow, period_name: str) -> str | None:
    """What `user` must do with a document, or None."""
    noun = document_noun(row)
    if row.state == sop.DIAJUKAN and user.has_role(SEKCAM):
        return f"Periksa {noun} {periode(period_name, 'periode')}"
    if row.state == sop.DIPERIKSA_STATE and user.has_role(CAMAT):
        return f"Setujui {noun} {periode(period_name, 'periode')}"
    if row.state == sop.DIKEMBALIKAN and user.has_role(STAF):
        return (
            f"Perbaiki {noun} yang dikembalikan {periode(period_name, 'periode')}: "
            f"{row.return_note}"
        )
    if row.state == sop.DRAF and user.has_role(STAF):
        return f"Lengkapi dan ajukan {noun} {periode(period_name, 'periode')}"
    return None


def step_task(
    user: UserRecord, step_no: int, period_name: str, has_doc: bool, gates_hold: bool
) -> str | None:
    """What `user` must do at a step that is not a document waiting for them, or None."""
    step = sop.step(step_no)
    wording = step.wording
    if not any(user.has_role(role) for role in step.roles):
        return None
    if gates_hold and wording.ready_task:
        finisher = sop.finishing_action(step_no)
        if finisher is not None and not any(user.has_role(r) for r in finisher.roles):
            return None
        return wording.ready_task.format(period=periode(period_name, "periode"))
    if has_doc and wording.task_until_document:
        return None
    task = next((text for role, text in wording.role_tasks if user.has_role(role)), wording.task)
    return task.format(period=periode(period_name, "periode")) if task else None


def period_tasks(
    user: UserRecord,
    period: PeriodRow,
    documents: dict[tuple[str, str], DocumentRow],
    gates_hold: bool,
) -> Iterator[tuple[int, str, int | None]]:
    """(step, text, document id) of every task of `user` in a period at its current step."""
    current = period.current_step
    kind = sop.step(current).document
    step_documents = [row for (k, _), row in documents.items() if kind and k == kind]
    for row in step_documents:
        message = document_task(user, row, period.name)
        if message:
            yield current, message, row.id
    message = step_task(user, current, period.name, bool(step_documents), gates_hold)
    if message:
        yield current, message, None
