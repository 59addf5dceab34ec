"""Provides the workflow's Bahasa Indonesia wording: refusals, role lists and "Tugas saya"."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ikm_tui.domain import sop
from ikm_tui.domain.sop import CAMAT, DONE, SEKCAM, STAF
from ikm_tui.persistence.models import DocumentRow, PeriodRow
from ikm_tui.persistence.records import UserRecord

ACTIVITY = {
    1: "Penyusunan konsep kuesioner",
    2: "Pemeriksaan konsep kuesioner",
    3: "Persetujuan konsep kuesioner",
    4: "Entri data",
    5: "Pembuatan laporan IKM",
    6: "Pembahasan hasil pengukuran",
    8: "Penetapan tindakan perbaikan/pencegahan",
    9: "Pembuatan notulen rapat",
    10: "Pengarsipan notulen dan laporan IKM",
}
# What the period waits for while it stands at a step, and who must act.
WAITING = {
    1: "Staf belum mengajukan kuesioner",
    2: "Sekretaris Camat belum memeriksa kuesioner",
    3: "kuesioner belum disetujui Camat",
    4: "pengumpulan data belum ditutup oleh Staf",
    5: "laporan IKM belum disetujui Camat",
    6: "hasil pengukuran belum dibahas dalam rapat (Staf mencatat rapat)",
    8: "tindakan perbaikan/pencegahan (PTPP) belum ditetapkan",
    9: "notulen rapat belum disetujui Camat",
    10: "notulen dan laporan IKM belum diarsipkan oleh Staf",
}
DOC_NOUN = {
    sop.KUESIONER: "kuesioner",
    sop.LAPORAN: "laporan IKM",
    sop.PTPP: "PTPP",
    sop.NOTULEN: "notulen rapat",
}


def roles_text(roles: Sequence[str]) -> str:
    """ "Staf", "Staf atau Camat", "Camat, Sekretaris Camat atau Staf"."""
    names = [sop.ROLE_NAMES[role] for role in roles]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} atau {names[-1]}"


def blocked_message(step_no: int, current: int) -> str:
    """Why an action of `step_no` cannot happen while the period stands at `current`."""
    activity = ACTIVITY[step_no]
    if current == DONE:
        return f"{activity} tidak dapat dilakukan lagi: seluruh langkah periode ini sudah selesai."
    if sop.STEP_NUMBERS.index(current) > sop.STEP_NUMBERS.index(step_no):
        return f"{activity} tidak dapat dilakukan lagi: langkah {step_no} sudah selesai."
    waiting = WAITING[current]
    if step_no >= 4 and current < 3:
        waiting = f"kuesioner belum disetujui Camat ({waiting})"
    return f"{activity} belum dapat dilakukan: {waiting}."


def document_noun(row: DocumentRow) -> str:
    noun = DOC_NOUN.get(row.kind, row.kind)
    return f'{noun} "{row.title}"' if row.kind == sop.PTPP else noun


def document_task(user: UserRecord, row: DocumentRow, period_name: str) -> str | None:
    """What `user` must do with a document, or None."""
    noun = document_noun(row)
    if row.state == sop.DIAJUKAN and user.has_role(SEKCAM):
        return f"Periksa {noun} periode {period_name}"
    if row.state == sop.DIPERIKSA_STATE and user.has_role(CAMAT):
        return f"Setujui {noun} periode {period_name}"
    if row.state == sop.DIKEMBALIKAN and user.has_role(STAF):
        return f"Perbaiki {noun} yang dikembalikan periode {period_name}: {row.return_note}"
    if row.state == sop.DRAF and user.has_role(STAF):
        return f"Lengkapi dan ajukan {noun} periode {period_name}"
    return None


def step_task(
    user: UserRecord, step_no: int, period_name: str, has_doc: bool, has_meeting: bool
) -> str | None:
    """What `user` must do at a step that is not a document waiting for them, or None."""
    in_step = any(user.has_role(role) for role in sop.step(step_no).roles)
    if not in_step:
        return None
    if step_no == 4:
        return f"Laksanakan survei dan entri data periode {period_name}"
    if step_no == 5 and not has_doc:
        return f"Buat laporan IKM periode {period_name}"
    if step_no == 6:
        if has_meeting:
            return f"Tandai pembahasan hasil periode {period_name} selesai"
        if user.has_role(STAF):
            return f"Catat rapat pembahasan hasil periode {period_name}"
        return f"Bahas hasil pengukuran periode {period_name} dalam rapat"
    if step_no == 8:
        return f"Tetapkan tindakan perbaikan/pencegahan (PTPP) periode {period_name}"
    if step_no == 9 and not has_doc:
        return f"Buat notulen rapat periode {period_name}"
    if step_no == 10:
        return f"Arsipkan notulen dan laporan IKM periode {period_name}"
    if step_no == 1 and not has_doc:
        return f"Susun konsep kuesioner periode {period_name}"
    return None


STEP_KINDS = {
    1: sop.KUESIONER,
    2: sop.KUESIONER,
    3: sop.KUESIONER,
    5: sop.LAPORAN,
    8: sop.PTPP,
    9: sop.NOTULEN,
}


def period_tasks(
    user: UserRecord,
    period: PeriodRow,
    documents: dict[tuple[str, str], DocumentRow],
    has_meeting: bool,
) -> Iterator[tuple[int, str, int | None]]:
    """(step, text, document id) of every task of `user` in a period at its current step."""
    current = period.current_step
    kind = STEP_KINDS.get(current)
    step_documents = [row for (k, _), row in documents.items() if k == kind]
    for row in step_documents:
        message = document_task(user, row, period.name)
        if message:
            yield current, message, row.id
    message = step_task(user, current, period.name, bool(step_documents), has_meeting)
    if message:
        yield current, message, None
