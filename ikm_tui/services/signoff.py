"""Provides SignOffService: the Staf -> Sekretaris Camat -> Camat sign-off of every document.

Each signature binds to the SHA-256 of the document's canonical JSON content; changing the
content voids every signature. The Camat's approval freezes the version. Signatures of a
kuesioner, laporan and notulen move the period through the SOP: which signature finishes which
step is read from the SOP definition (`sop.finished_by_signature`).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import questionnaire, sop
from ikm_tui.domain.sop import CAMAT, SEKCAM, STAF
from ikm_tui.errors import IkmError, NotFound, PermissionDenied, ValidationError, WorkflowError
from ikm_tui.persistence import audit_log, converters
from ikm_tui.persistence.models import DocumentRow, SignatureRow, UserRow, database_proxy
from ikm_tui.persistence.periods import get_period_row
from ikm_tui.persistence.records import DocumentRecord, UserRecord
from ikm_tui.services import workflow
from ikm_tui.services.auth import AuthService
from ikm_tui.services.workflow_text import blocked_message

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
    """Create, edit, submit, approve and return signable documents."""

    def __init__(self, clock: Clock = system_clock, *, auth: AuthService) -> None:
        self.clock = clock
        self.auth = auth

    # -- reading ---------------------------------------------------------------------------

    def get(self, document_id: int) -> DocumentRecord:
        return _record(_row(document_id))

    def latest(self, period_id: int, kind: str) -> DocumentRecord | None:
        row = (
            DocumentRow.select()
            .where((DocumentRow.period == period_id) & (DocumentRow.kind == kind))
            .order_by(DocumentRow.version.desc(), DocumentRow.id.desc())
            .first()
        )
        return _record(row) if row else None

    def versions(self, period_id: int, kind: str) -> list[DocumentRecord]:
        rows = (
            DocumentRow.select()
            .where((DocumentRow.period == period_id) & (DocumentRow.kind == kind))
            .order_by(DocumentRow.version, DocumentRow.id)
        )
        return [_record(row) for row in rows]

    def allowed_actions(self, document_id: int, user: UserRecord) -> set[str]:
        """The subset of {"ajukan", "setujui", "kembalikan", "ubah"} `user` may take now."""
        row = _row(document_id)
        checks = {
            "ubah": lambda: _edit_refusal(row, user),
            "ajukan": lambda: _sign_refusal(row, user, submit=True),
            "setujui": lambda: _sign_refusal(row, user, submit=False),
            "kembalikan": lambda: _return_refusal(row, user),
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
        if not user.has_role(STAF) or user.disabled:
            raise PermissionDenied(f"Hanya Staf yang dapat membuat {sop.DOC_KINDS[kind]}.")
        title = title.strip()
        if not title:
            raise ValidationError("Judul dokumen wajib diisi.")
        if period_id is None and kind != sop.PTPP:
            raise ValidationError(f"{sop.DOC_KINDS[kind]} harus milik satu periode survei.")
        if period_id is not None:
            _require_kind_step(period_id, kind, first_only=True)
            _refuse_duplicate(period_id, kind, title)
        now = self.clock()
        with database_proxy.atomic():
            row = DocumentRow.create(
                period=period_id,
                kind=kind,
                version=1,
                title=title,
                content=audit_log.canonical_json(content),
                content_hash=content_hash(content),
                state=sop.DRAF,
                created_at=now,
                updated_at=now,
                created_by=user.id,
            )
            audit_log.append_by(
                now,
                user,
                "dokumen_buat",
                "document",
                row.id,
                {"jenis": kind, "judul": title, "hash": row.content_hash},
            )
        return _record(row)

    def update_content(
        self, document_id: int, content: dict[str, object], user: UserRecord
    ) -> DocumentRecord:
        """Change the content: signatures are voided (back to draf); a returned version is kept
        and the change becomes a new version."""
        row = _row(document_id)
        _raise(_edit_refusal(row, user))
        new_hash = content_hash(content)
        if new_hash == row.content_hash:
            return _record(row)
        now = self.clock()
        with database_proxy.atomic():
            if row.state == sop.DIKEMBALIKAN:
                row = _new_version(row, content, user, now)
            else:
                self._void_and_rewrite(row, content, new_hash, user, now)
        return _record(row)

    def _void_and_rewrite(
        self,
        row: DocumentRow,
        content: dict[str, object],
        new_hash: str,
        user: UserRecord,
        now: dt.datetime,
    ) -> None:
        voided = (
            SignatureRow.update(voided_at=now, void_reason="isi dokumen berubah")
            .where((SignatureRow.document == row.id) & SignatureRow.voided_at.is_null())
            .execute()
        )
        old_hash, old_state = row.content_hash, row.state
        row.content, row.content_hash = audit_log.canonical_json(content), new_hash
        row.state, row.updated_at = sop.DRAF, now
        row.save()
        audit_log.append_by(
            now,
            user,
            "dokumen_ubah",
            "document",
            row.id,
            {"hash_lama": old_hash, "hash_baru": new_hash, "tanda_tangan_batal": voided},
        )
        period_id = _period_of(row)
        if row.kind == sop.KUESIONER and old_state != sop.DRAF and period_id is not None:
            workflow.reopen_concept(period_id, user, now, "kuesioner diubah")

    def submit(self, document_id: int, user: UserRecord, password: str) -> DocumentRecord:
        """The Staf signs "Dibuat oleh" and submits to the Sekretaris Camat."""
        row = _row(document_id)
        _raise(_sign_refusal(row, user, submit=True))
        if row.kind == sop.KUESIONER:
            questionnaire.validate(_record(row).content)
        self.auth.check_password(user.id, password)
        now = self.clock()
        with database_proxy.atomic():
            if row.state == sop.DIKEMBALIKAN:
                row = _new_version(row, _record(row).content, user, now)
            self._sign(row, user, now)
        return _record(row)

    def approve(self, document_id: int, user: UserRecord, password: str) -> DocumentRecord:
        """The Sekretaris Camat checks (diajukan) or the Camat approves (diperiksa)."""
        row = _row(document_id)
        _raise(_sign_refusal(row, user, submit=False))
        self.auth.check_password(user.id, password)
        with database_proxy.atomic():
            self._sign(row, user, self.clock())
        return _record(row)

    def _sign(self, row: DocumentRow, user: UserRecord, now: dt.datetime) -> None:
        stage, _, new_state = NEXT_SIGNATURE[row.state]
        SignatureRow.create(
            document=row.id,
            stage=stage,
            action="sign",
            user=user.id,
            content_hash=row.content_hash,
            signed_at=now,
        )
        row.state, row.updated_at = new_state, now
        row.frozen = new_state == sop.DISETUJUI_STATE
        row.return_note = ""
        row.save()
        audit_log.append_by(
            now,
            user,
            AUDIT_ACTION[stage],
            "document",
            row.id,
            {"jenis": row.kind, "versi": row.version, "hash": row.content_hash},
        )
        period_id = _period_of(row)
        if period_id is None:
            return
        finished = sop.finished_by_signature(row.kind, stage)
        if finished is not None:
            workflow.complete_step(period_id, finished, user, now)

    def return_document(
        self, document_id: int, user: UserRecord, password: str, note: str
    ) -> DocumentRecord:
        """The Sekretaris Camat or the Camat returns the document to the Staf with a note."""
        row = _row(document_id)
        _raise(_return_refusal(row, user))
        if not note.strip():
            raise ValidationError(
                "Catatan pengembalian wajib diisi: tuliskan apa yang harus diperbaiki Staf."
            )
        self.auth.check_password(user.id, password)
        now = self.clock()
        stage = NEXT_SIGNATURE[row.state][0]
        with database_proxy.atomic():
            SignatureRow.create(
                document=row.id,
                stage=stage,
                action="return",
                user=user.id,
                content_hash=row.content_hash,
                note=note.strip(),
                signed_at=now,
            )
            row.state, row.return_note, row.updated_at = sop.DIKEMBALIKAN, note.strip(), now
            row.save()
            audit_log.append_by(
                now,
                user,
                "dokumen_kembalikan",
                "document",
                row.id,
                {"jenis": row.kind, "tahap": stage, "catatan": note.strip()},
            )
            period_id = _period_of(row)
            if row.kind == sop.KUESIONER and period_id is not None:
                workflow.reopen_concept(period_id, user, now, "kuesioner dikembalikan")
        return _record(row)


# -- refusals (one place for the rules; allowed_actions and the actions both use them) ------


def _edit_refusal(row: DocumentRow, user: UserRecord) -> IkmError | None:
    if not user.has_role(STAF) or user.disabled:
        return PermissionDenied(f"Hanya Staf yang dapat mengubah {_noun(row)}.")
    if row.frozen:
        return WorkflowError(
            f"{_noun(row)} versi {row.version} sudah disetujui Camat dan "
            "dibekukan; tidak dapat diubah."
        )
    if _is_superseded(row):
        return WorkflowError(
            f"{_noun(row)} versi {row.version} sudah digantikan versi yang "
            "lebih baru; ubah versi terbaru."
        )
    return _kind_step_refusal(_period_of(row), row.kind, first_only=False)


def _sign_refusal(row: DocumentRow, user: UserRecord, submit: bool) -> IkmError | None:
    noun = _noun(row)
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
    if _is_superseded(row):
        return WorkflowError(f"{noun} versi {row.version} sudah digantikan versi yang lebih baru.")
    signed = None if submit else _valid_signature_of(row, user.id)
    if signed is not None:
        return WorkflowError(
            f"Anda sudah menandatangani {noun} ini sebagai "
            f'"{sop.STAGE_PHRASE[signed]}"; satu orang tidak boleh '
            f"menandatangani dua tempat. {ROLE[role]} lain harus "
            "menandatanganinya."
        )
    step_no = sop.finished_by_signature(row.kind, stage)
    return _kind_step_refusal(_period_of(row), row.kind, first_only=submit, step_no=step_no)


def _return_refusal(row: DocumentRow, user: UserRecord) -> IkmError | None:
    noun = _noun(row)
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


def _require_kind_step(period_id: int, kind: str, first_only: bool) -> None:
    _raise(_kind_step_refusal(period_id, kind, first_only))


def _raise(error: IkmError | None) -> None:
    if error is not None:
        raise error


def _refuse_duplicate(period_id: int, kind: str, title: str) -> None:
    query = DocumentRow.select().where(
        (DocumentRow.period == period_id) & (DocumentRow.kind == kind)
    )
    if kind == sop.PTPP:
        query = query.where(DocumentRow.title == title)
    if query.exists():
        raise WorkflowError(
            f"{sop.DOC_KINDS[kind]} periode ini sudah ada; ubah dokumen yang ada "
            "alih-alih membuat yang baru."
        )


def _valid_signature_of(row: DocumentRow, user_id: int) -> str | None:
    """The stage `user_id` already signed on this document version (not voided), or None."""
    signature = (
        SignatureRow.select(SignatureRow.stage)
        .where(
            (SignatureRow.document == row.id)
            & (SignatureRow.user == user_id)
            & (SignatureRow.action == "sign")
            & SignatureRow.voided_at.is_null()
        )
        .first()
    )
    return signature.stage if signature else None


def _is_superseded(row: DocumentRow) -> bool:
    return (
        DocumentRow.select()
        .where(
            (DocumentRow.period == _period_of(row))
            & (DocumentRow.kind == row.kind)
            & (DocumentRow.title == row.title)
            & (DocumentRow.version > row.version)
        )
        .exists()
    )


def _new_version(
    row: DocumentRow, content: dict[str, object], user: UserRecord, now: dt.datetime
) -> DocumentRow:
    """A returned version stays for comparison; the Staf's change becomes version + 1 (draf)."""
    new = DocumentRow.create(
        period=_period_of(row),
        kind=row.kind,
        version=row.version + 1,
        title=row.title,
        content=audit_log.canonical_json(content),
        content_hash=content_hash(content),
        state=sop.DRAF,
        return_note=row.return_note,
        created_at=now,
        updated_at=now,
        created_by=user.id,
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


def _period_of(row: DocumentRow) -> int | None:
    return converters.fk_id(row, "period")


def _row(document_id: int) -> DocumentRow:
    row = DocumentRow.get_or_none(DocumentRow.id == document_id)
    if row is None:
        raise NotFound(f"Dokumen nomor {document_id} tidak ditemukan.")
    return row


def _record(row: DocumentRow) -> DocumentRecord:
    query = (
        SignatureRow.select(SignatureRow, UserRow)
        .join(UserRow)
        .where(SignatureRow.document == row.id)
        .order_by(SignatureRow.id)
    )
    return converters.document(row, [converters.signature(sig, sig.user) for sig in query])
