"""Provides SignOffService: the Staf -> Sekretaris Camat -> Camat sign-off of every document.

Each signature binds to the SHA-256 of the document's canonical JSON content; changing the
content voids every signature. The Camat's approval freezes the version. Signatures of a
kuesioner, laporan and notulen move the period through the SOP, and so does the approval of
the last PTPP of a period: which signature finishes which step is read from the SOP definition
(`sop.finished_by_signature`, `sop.finished_when_all_signed`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import questionnaire, sop
from ikm_tui.domain.sop import CAMAT, SEKCAM, STAF
from ikm_tui.errors import (
    DocumentChanged,
    IkmError,
    PermissionDenied,
    ValidationError,
    WorkflowError,
)
from ikm_tui.persistence import archive as archive_store
from ikm_tui.persistence import audit_log, documents, users
from ikm_tui.persistence.models import DocumentRow, database_proxy
from ikm_tui.persistence.periods import get_period_row
from ikm_tui.persistence.records import DocumentRecord, UserRecord
from ikm_tui.services import workflow
from ikm_tui.services.auth import AuthService
from ikm_tui.services.workflow_text import blocked_message

if TYPE_CHECKING:
    from ikm_tui.services.keys import KeyService

# state -> (stage signed next, role who signs it, state after signing)
NEXT_SIGNATURE = {
    sop.DRAF: (sop.DIBUAT, STAF, sop.DIAJUKAN),
    sop.DIKEMBALIKAN: (sop.DIBUAT, STAF, sop.DIAJUKAN),
    sop.DIAJUKAN: (sop.DIPERIKSA, SEKCAM, sop.DIPERIKSA_STATE),
    sop.DIPERIKSA_STATE: (sop.DISETUJUI, CAMAT, sop.DISETUJUI_STATE),
}
AUDIT_ACTION = {
    sop.DIBUAT: "dokumen_ajukan",
    sop.DIPERIKSA: "dokumen_periksa",
    sop.DISETUJUI: "dokumen_setujui",
}
ROLE = sop.ROLE_NAMES


def content_hash(content: dict[str, object]) -> str:
    return hashlib.sha256(audit_log.canonical_json(content).encode("utf-8")).hexdigest()


def _noun(row: DocumentRow) -> str:
    return sop.DOC_KINDS.get(row.kind, row.kind)


class SignOffService:
    """Create, edit, submit, approve and return signable documents.

    Every write checks its rules twice: once before the (slow) password check, for a quick
    answer, and again inside the write transaction on rows re-read there, with the acting user
    re-loaded from the database; the document is then changed by a conditional UPDATE on its
    state and content hash (`documents.transition`). `shown_hash`/`shown_state` (what the
    signer's screen displayed) and `base_hash` (what an edit was made on) make a signature or
    an edit of anything else fail with DocumentChanged.
    """

    def __init__(
        self,
        clock: Clock = system_clock,
        *,
        auth: AuthService,
        keys: KeyService | None = None,
        submit_checks: Mapping[str, Callable[[dict[str, object]], None]] | None = None,
    ) -> None:
        self.clock = clock
        self.auth = auth
        self.keys = keys  # seals each signature with the signer's key (opened by auth)
        # kind -> a check of the content before the Staf submits it (raises IkmError)
        self.submit_checks = dict(submit_checks or {})

    # -- reading ---------------------------------------------------------------------------

    def get(self, document_id: int) -> DocumentRecord:
        return documents.record(documents.get(document_id))

    def latest(self, period_id: int, kind: str) -> DocumentRecord | None:
        row = documents.latest(period_id, kind)
        return documents.record(row) if row else None

    def versions(self, period_id: int, kind: str) -> list[DocumentRecord]:
        return [documents.record(row) for row in documents.versions(period_id, kind)]

    def allowed_actions(self, document_id: int, user: UserRecord) -> set[str]:
        """The subset of {"ajukan", "setujui", "kembalikan", "ubah"} `user` may take now."""
        row = documents.get(document_id)
        actor = users.acting(user)
        checks = {
            "ubah": lambda: _edit_refusal(row, actor),
            "ajukan": lambda: _sign_refusal(row, actor, submit=True),
            "setujui": lambda: _sign_refusal(row, actor, submit=False),
            "kembalikan": lambda: _return_refusal(row, actor),
        }
        return {action for action, check in checks.items() if check() is None}

    # -- writing ---------------------------------------------------------------------------

    def create(
        self,
        period_id: int | None,
        kind: str,
        title: str,
        content: dict[str, object],
        user: UserRecord,
    ) -> DocumentRecord:
        """A new document (version 1, draf) prepared by the Staf at its SOP step."""
        if kind not in sop.DOC_KINDS:
            raise ValidationError(f"Jenis dokumen {kind} tidak dikenal.")
        title = title.strip()
        if not title:
            raise ValidationError("Judul dokumen wajib diisi.")
        if period_id is None and kind != sop.PTPP:
            raise ValidationError(f"{sop.DOC_KINDS[kind]} harus milik satu periode survei.")
        _raise(_create_refusal(period_id, kind, title, users.acting(user)))
        now = self.clock()
        with database_proxy.atomic():
            actor = users.acting(user)
            _raise(_create_refusal(period_id, kind, title, actor))
            row = documents.create(
                period_id,
                kind,
                1,
                title,
                audit_log.canonical_json(content),
                content_hash(content),
                sop.DRAF,
                actor.id,
                now,
            )
            audit_log.append_by(
                now,
                actor,
                "dokumen_buat",
                "document",
                row.id,
                {"jenis": kind, "judul": title, "hash": row.content_hash},
            )
        return documents.record(row)

    def update_content(
        self,
        document_id: int,
        content: dict[str, object],
        user: UserRecord,
        base_hash: str | None = None,
    ) -> DocumentRecord:
        """Change the content: signatures are voided (back to draf); a returned version is kept
        and the change becomes a new version. `base_hash` is the hash of the content the change
        was made on: if the document changed since, DocumentChanged (nothing is overwritten)."""
        new_hash = content_hash(content)
        row = documents.get(document_id)
        _raise(_edit_refusal(row, users.acting(user)) or _base_refusal(row, base_hash))
        if new_hash == row.content_hash:
            return documents.record(row)
        now = self.clock()
        with database_proxy.atomic():
            row = documents.get(document_id)
            actor = users.acting(user)
            _raise(_edit_refusal(row, actor) or _base_refusal(row, base_hash))
            if new_hash == row.content_hash:
                return documents.record(row)
            if row.state == sop.DIKEMBALIKAN:
                row = _new_version(row, content, actor, now)
            else:
                self._void_and_rewrite(row, content, new_hash, actor, now)
        return documents.record(row)

    def _void_and_rewrite(
        self,
        row: DocumentRow,
        content: dict[str, object],
        new_hash: str,
        user: UserRecord,
        now: dt.datetime,
    ) -> None:
        old_hash, old_state = row.content_hash, row.state
        if not documents.transition(
            row,
            content=audit_log.canonical_json(content),
            content_hash=new_hash,
            state=sop.DRAF,
            updated_at=now,
        ):
            raise DocumentChanged()
        voided = documents.void_signatures(row.id, now, "isi dokumen berubah")
        audit_log.append_by(
            now,
            user,
            "dokumen_ubah",
            "document",
            row.id,
            {"hash_lama": old_hash, "hash_baru": new_hash, "tanda_tangan_batal": voided},
        )
        period_id = documents.period_of(row)
        if row.kind == sop.KUESIONER and old_state != sop.DRAF and period_id is not None:
            workflow.reopen_concept(period_id, user, now, "kuesioner diubah")

    def submit(
        self,
        document_id: int,
        user: UserRecord,
        password: str,
        shown_hash: str | None = None,
        shown_state: str | None = None,
    ) -> DocumentRecord:
        """The Staf signs "Dibuat oleh" and submits to the Sekretaris Camat.

        `shown_hash` and `shown_state`: the content hash and state of the document as the
        signer's screen showed it (None: the caller showed the current document)."""

        def refusal(row: DocumentRow, actor: UserRecord) -> IkmError | None:
            return _shown_refusal(row, shown_hash, shown_state) or _sign_refusal(
                row, actor, submit=True
            )

        row = documents.get(document_id)
        _raise(refusal(row, users.acting(user)))
        if row.kind == sop.KUESIONER:
            questionnaire.validate(documents.record(row).content)
        check = self.submit_checks.get(row.kind)
        if check is not None:
            check(documents.record(row).content)
        self.auth.check_password(user.id, password)
        now = self.clock()
        with database_proxy.atomic():
            row, actor = _checked(document_id, user, refusal)
            if row.state == sop.DIKEMBALIKAN:
                row = _new_version(row, documents.record(row).content, actor, now)
            self._sign(row, actor, now)
        return documents.record(row)

    def approve(
        self,
        document_id: int,
        user: UserRecord,
        password: str,
        shown_hash: str | None = None,
        shown_state: str | None = None,
    ) -> DocumentRecord:
        """The Sekretaris Camat checks (diajukan) or the Camat approves (diperiksa) the content
        with hash `shown_hash` in state `shown_state` (see `submit`)."""

        def refusal(row: DocumentRow, actor: UserRecord) -> IkmError | None:
            return _shown_refusal(row, shown_hash, shown_state) or _sign_refusal(
                row, actor, submit=False
            )

        _raise(refusal(documents.get(document_id), users.acting(user)))
        self.auth.check_password(user.id, password)
        with database_proxy.atomic():
            row, actor = _checked(document_id, user, refusal)
            self._sign(row, actor, self.clock())
        return documents.record(row)

    def _sign(self, row: DocumentRow, user: UserRecord, now: dt.datetime) -> None:
        stage, _, new_state = NEXT_SIGNATURE[row.state]
        if not documents.transition(
            row,
            state=new_state,
            updated_at=now,
            frozen=new_state == sop.DISETUJUI_STATE,
            return_note="",
        ):
            raise DocumentChanged()
        signature_id = documents.add_signature(row, stage, "sign", user.id, now)
        self._seal(signature_id, row, stage, "sign", user, now)
        audit_log.append_by(
            now,
            user,
            AUDIT_ACTION[stage],
            "document",
            row.id,
            {"jenis": row.kind, "versi": row.version, "hash": row.content_hash},
        )
        period_id = documents.period_of(row)
        if period_id is None:
            return
        finished = sop.finished_by_signature(row.kind, stage)
        if finished is not None:
            workflow.complete_step(period_id, finished, user, now)
        else:
            workflow.finish_when_all_signed(period_id, row.kind, stage, user, now)

    def _seal(
        self,
        signature_id: int,
        row: DocumentRow,
        stage: str,
        action: str,
        user: UserRecord,
        now: dt.datetime,
    ) -> None:
        if self.keys is None:
            return
        document = {
            "dokumen": row.id,
            "jenis": row.kind,
            "versi": row.version,
            "hash": row.content_hash,
        }
        self.keys.seal(signature_id, document, stage, action, user.id, now)

    def return_document(
        self,
        document_id: int,
        user: UserRecord,
        password: str,
        note: str,
        shown_hash: str | None = None,
        shown_state: str | None = None,
    ) -> DocumentRecord:
        """The Sekretaris Camat or the Camat returns the document to the Staf with a note
        (`shown_hash`/`shown_state` as in `submit`)."""

        def refusal(row: DocumentRow, actor: UserRecord) -> IkmError | None:
            return _shown_refusal(row, shown_hash, shown_state) or _return_refusal(row, actor)

        _raise(refusal(documents.get(document_id), users.acting(user)))
        note = note.strip()
        if not note:
            raise ValidationError(
                "Catatan pengembalian wajib diisi: tuliskan apa yang harus diperbaiki Staf."
            )
        self.auth.check_password(user.id, password)
        now = self.clock()
        with database_proxy.atomic():
            row, actor = _checked(document_id, user, refusal)
            stage = NEXT_SIGNATURE[row.state][0]
            if not documents.transition(
                row, state=sop.DIKEMBALIKAN, return_note=note, updated_at=now
            ):
                raise DocumentChanged()
            signature_id = documents.add_signature(row, stage, "return", actor.id, now, note=note)
            self._seal(signature_id, row, stage, "return", actor, now)
            audit_log.append_by(
                now,
                actor,
                "dokumen_kembalikan",
                "document",
                row.id,
                {"jenis": row.kind, "tahap": stage, "catatan": note},
            )
            period_id = documents.period_of(row)
            if row.kind == sop.KUESIONER and period_id is not None:
                workflow.reopen_concept(period_id, actor, now, "kuesioner dikembalikan")
        return documents.record(row)


def _checked(
    document_id: int,
    user: UserRecord,
    refusal: Callable[[DocumentRow, UserRecord], IkmError | None],
) -> tuple[DocumentRow, UserRecord]:
    """Inside the write transaction: the document and the acting user re-read, the rules
    checked again on them (raising the refusal), ready for a conditional write."""
    row = documents.get(document_id)
    actor = users.acting(user)
    _raise(refusal(row, actor))
    return row, actor


# -- refusals (one place for the rules; allowed_actions and the actions both use them) ------


def _shown_refusal(
    row: DocumentRow, shown_hash: str | None, shown_state: str | None
) -> IkmError | None:
    """A signer signs what he was shown: the content hash (and state) his screen displayed."""
    if shown_hash is not None and shown_hash != row.content_hash:
        return DocumentChanged()
    if shown_state is not None and shown_state != row.state:
        return DocumentChanged()
    return None


def _base_refusal(row: DocumentRow, base_hash: str | None) -> IkmError | None:
    """An edit made on content that has changed since would overwrite that change."""
    if base_hash is not None and base_hash != row.content_hash:
        return DocumentChanged()
    return None


def _create_refusal(
    period_id: int | None, kind: str, title: str, user: UserRecord
) -> IkmError | None:
    if not user.has_role(STAF) or user.disabled:
        return PermissionDenied(f"Hanya Staf yang dapat membuat {sop.DOC_KINDS[kind]}.")
    if period_id is None:
        return None
    refusal = _kind_step_refusal(period_id, kind, first_only=True)
    if refusal is None and documents.exists(period_id, kind, title if kind == sop.PTPP else None):
        refusal = WorkflowError(
            f"{sop.DOC_KINDS[kind]} periode ini sudah ada; ubah dokumen yang ada "
            "alih-alih membuat yang baru."
        )
    return refusal


def _archived_refusal(row: DocumentRow) -> IkmError | None:
    """An archived document (step 10) is kept as it was archived."""
    held = archive_store.item_holding_document(row.id)
    if held is None:
        return None
    return WorkflowError(f"{_noun(row)} sudah diarsipkan (berkas {held}); tidak dapat diubah.")


def _edit_refusal(row: DocumentRow, user: UserRecord) -> IkmError | None:
    if not user.has_role(STAF) or user.disabled:
        return PermissionDenied(f"Hanya Staf yang dapat mengubah {_noun(row)}.")
    archived = _archived_refusal(row)
    if archived is not None:
        return archived
    if row.frozen:
        return WorkflowError(
            f"{_noun(row)} versi {row.version} sudah disetujui Camat dan "
            "dibekukan; tidak dapat diubah."
        )
    if documents.is_superseded(row):
        return WorkflowError(
            f"{_noun(row)} versi {row.version} sudah digantikan versi yang "
            "lebih baru; ubah versi terbaru."
        )
    return _kind_step_refusal(documents.period_of(row), row.kind, first_only=False)


def _sign_refusal(row: DocumentRow, user: UserRecord, submit: bool) -> IkmError | None:
    noun = _noun(row)
    archived = _archived_refusal(row)
    if archived is not None:
        return archived
    if row.state == sop.DISETUJUI_STATE:
        return WorkflowError(
            f"{noun} sudah disetujui Camat; tidak ada lagi yang perlu ditandatangani."
        )
    stage, role, _ = NEXT_SIGNATURE[row.state]
    if submit != (stage == sop.DIBUAT):
        if submit:
            return WorkflowError(f"{noun} sudah diajukan dan menunggu {_waiting(row)}.")
        return WorkflowError(f"{noun} belum diajukan oleh Staf.")
    if not user.has_role(role) or user.disabled:
        return PermissionDenied(
            f"{noun} menunggu {_waiting(row)}; hanya {ROLE[role]} yang dapat menandatanganinya."
        )
    if documents.is_superseded(row):
        return WorkflowError(f"{noun} versi {row.version} sudah digantikan versi yang lebih baru.")
    signed = None if submit else documents.valid_signature_of(row.id, user.id)
    if signed is not None:
        return WorkflowError(
            f"Anda sudah menandatangani {noun} ini sebagai "
            f'"{sop.STAGE_PHRASE[signed]}"; satu orang tidak boleh '
            f"menandatangani dua tempat. {ROLE[role]} lain harus "
            "menandatanganinya."
        )
    step_no = sop.finished_by_signature(row.kind, stage)
    return _kind_step_refusal(
        documents.period_of(row), row.kind, first_only=submit, step_no=step_no
    )


def _return_refusal(row: DocumentRow, user: UserRecord) -> IkmError | None:
    noun = _noun(row)
    archived = _archived_refusal(row)
    if archived is not None:
        return archived
    if row.state not in (sop.DIAJUKAN, sop.DIPERIKSA_STATE):
        if row.state == sop.DISETUJUI_STATE:
            return WorkflowError(f"{noun} sudah disetujui Camat; tidak dapat dikembalikan.")
        return WorkflowError(f"{noun} belum diajukan oleh Staf; tidak ada yang dikembalikan.")
    _, role, _ = NEXT_SIGNATURE[row.state]
    if not user.has_role(role) or user.disabled:
        return PermissionDenied(
            f"{noun} menunggu {_waiting(row)}; hanya {ROLE[role]} yang dapat mengembalikannya."
        )
    return None


def _waiting(row: DocumentRow) -> str:
    return {
        sop.DIAJUKAN: "pemeriksaan Sekretaris Camat",
        sop.DIPERIKSA_STATE: "persetujuan Camat",
    }.get(row.state, "pengajuan oleh Staf")


def _kind_step_refusal(
    period_id: int | None, kind: str, first_only: bool, step_no: int | None = None
) -> IkmError | None:
    if period_id is None:
        return None
    steps = sop.steps_of_kind(kind)
    wanted = step_no or steps[0]
    current = get_period_row(period_id).current_step
    allowed = (wanted,) if (first_only or step_no) else steps
    if current in allowed:
        return None
    return WorkflowError(blocked_message(wanted, current))


def _raise(error: IkmError | None) -> None:
    if error is not None:
        raise error


def _new_version(
    row: DocumentRow, content: dict[str, object], user: UserRecord, now: dt.datetime
) -> DocumentRow:
    """A returned version stays for comparison; the Staf's change becomes version + 1 (draf)."""
    new = documents.create(
        documents.period_of(row),
        row.kind,
        row.version + 1,
        row.title,
        audit_log.canonical_json(content),
        content_hash(content),
        sop.DRAF,
        user.id,
        now,
        return_note=row.return_note,
    )
    audit_log.append_by(
        now,
        user,
        "dokumen_versi_baru",
        "document",
        new.id,
        {"jenis": row.kind, "versi": new.version, "dari": row.id, "hash": new.content_hash},
    )
    return new
