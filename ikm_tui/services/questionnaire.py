"""Provides QuestionnaireService: the period's kuesioner (edits, versions, diff, print and export).

The questionnaire is a sign-off document of kind "kuesioner" (see SignOffService): every edit
goes through `SignOffService.update_content`, is validated with `domain.questionnaire.validate`,
is allowed to the Staf only while the period is at step 1, and is refused once the Camat has
approved (the approved version is frozen). A returned version is kept; the Staf's next change
becomes a new version, so reviewers see `changes_since_returned`.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import questionnaire as template_rules
from ikm_tui.domain.formatting import periode, tanggal
from ikm_tui.domain.nip import format_nip
from ikm_tui.domain.sop import (
    DIKEMBALIKAN,
    DISETUJUI_STATE,
    DRAF,
    KUESIONER,
    STAF,
)
from ikm_tui.errors import (
    DocumentChanged,
    NotFound,
    PermissionDenied,
    ValidationError,
    WorkflowError,
)
from ikm_tui.export.docx_common import Kop, tempat_tanggal
from ikm_tui.export.engine import DocumentData
from ikm_tui.export.questionnaire_docx import (
    PrintFrame,
    questionnaire_context,
    questionnaire_text,
)
from ikm_tui.persistence import users
from ikm_tui.persistence.records import DocumentRecord, PeriodRecord, UserRecord
from ikm_tui.services.documents import approval_date, signers_of
from ikm_tui.services.office import OfficeService
from ikm_tui.services.periods import PeriodService
from ikm_tui.services.signoff import SignOffService
from ikm_tui.services.workflow import WorkflowService


class QuestionnaireService:
    """The questionnaire of a survey period, from draft to the frozen approved version."""

    def __init__(
        self,
        clock: Clock = system_clock,
        *,
        signoff: SignOffService,
        periods: PeriodService,
        workflow: WorkflowService,
        office: OfficeService,
    ) -> None:
        self.clock = clock
        self.signoff = signoff
        self.periods = periods
        self.workflow = workflow
        self.office = office

    # -- reading ---------------------------------------------------------------------------

    def current(self, period_id: int) -> DocumentRecord:
        """The latest version of the period's kuesioner."""
        document = self.signoff.latest(period_id, KUESIONER)
        if document is None:
            self.periods.get(period_id)  # NotFound for an unknown period
            raise NotFound("Periode ini belum memiliki kuesioner.")
        return document

    def approved(self, period_id: int) -> DocumentRecord | None:
        """The version the Camat approved (frozen), or None before approval."""
        for document in reversed(self.signoff.versions(period_id, KUESIONER)):
            if document.frozen and document.state == DISETUJUI_STATE:
                return document
        return None

    def last_returned(self, period_id: int) -> DocumentRecord | None:
        """The newest version returned to the Staf (kept for comparison), or None."""
        for document in reversed(self.signoff.versions(period_id, KUESIONER)):
            if document.state == DIKEMBALIKAN:
                return document
        return None

    def changes_since_returned(self, period_id: int) -> list[str]:
        """What changed from the last returned version to the current one (for reviewers)."""
        returned = self.last_returned(period_id)
        current = self.current(period_id)
        if returned is None or returned.id == current.id:
            return []
        return template_rules.diff(returned.content, current.content)

    def return_info(self, period_id: int) -> tuple[str, str] | None:
        """(who returned it, the note) while the Staf must act on a return, else None."""
        current = self.current(period_id)
        if not current.return_note or current.state not in (DIKEMBALIKAN, DRAF):
            return None
        returned = self.last_returned(period_id)
        names = [
            s.full_name for s in (returned.signatures if returned else ()) if s.action == "return"
        ]
        return (names[-1] if names else "", current.return_note)

    # -- editing ---------------------------------------------------------------------------

    def edit(
        self,
        period_id: int,
        user: UserRecord,
        *,
        judul: str | None = None,
        pengantar: str | None = None,
        saran: str | None = None,
        question_key: str | None = None,
        pertanyaan: str | None = None,
        labels: Sequence[str] | None = None,
        base_hash: str | None = None,
    ) -> DocumentRecord:
        """Change texts of the questionnaire; a question is named by its unsur's stable key.
        `base_hash`: the content hash of the version the Staf's screen showed (and the dialog
        prefilled from): if another user changed it since, DocumentChanged, so that texts
        typed over an old view never undo that change."""
        document = self._editable(period_id, user, base_hash)
        content = copy.deepcopy(document.content)
        for field, value in (("judul", judul), ("pengantar", pengantar), ("saran", saran)):
            if value is not None:
                content[field] = " ".join(value.split()) if field == "judul" else value.strip()
        if pertanyaan is not None or labels is not None:
            question = _question(content, question_key)
            if pertanyaan is not None:
                question["pertanyaan"] = " ".join(pertanyaan.split())
            if labels is not None:
                question["labels"] = [" ".join(str(label).split()) for label in labels]
        return self._save(document, content, user)

    def move(self, period_id: int, key: str, offset: int, user: UserRecord) -> DocumentRecord:
        """Move a question up (-1) or down (+1) in print order."""
        document = self._editable(period_id, user)
        _question(document.content, key)
        content = template_rules.move_question(document.content, key, offset)
        return self._save(document, content, user)

    def reset_to_template(
        self, period_id: int, user: UserRecord, base_hash: str | None = None
    ) -> DocumentRecord:
        """Start again from the regime's template (the period's jenis layanan kept); with
        `base_hash`, only if the content is still the one the Staf agreed to discard."""
        document = self._editable(period_id, user, base_hash)
        period = self.periods.get(period_id)
        service_types = self.periods.period_service_types(period_id)
        services = [(s.kode, s.nama) for s in service_types]
        content = template_rules.template(period.regime_id, services)
        return self._save(document, content, user)

    def _editable(
        self, period_id: int, user: UserRecord, base_hash: str | None = None
    ) -> DocumentRecord:
        user = users.acting(user)
        if not user.has_role(STAF) or user.disabled:
            raise PermissionDenied("Hanya Staf yang dapat mengubah kuesioner.")
        document = self.current(period_id)
        if document.frozen:
            raise WorkflowError(
                f"Kuesioner versi {document.version} sudah disetujui Camat dan "
                "dibekukan; tidak dapat diubah."
            )
        self.workflow.require_action_step(period_id, "susun_konsep")
        if base_hash is not None and base_hash != document.content_hash:
            raise DocumentChanged()
        return document

    def _save(
        self, document: DocumentRecord, content: dict[str, Any], user: UserRecord
    ) -> DocumentRecord:
        template_rules.validate(content)
        # the edit was made on `document`: if another user changed it since, it is refused
        # (DocumentChanged) instead of silently overwriting that change
        return self.signoff.update_content(
            document.id, content, user, base_hash=document.content_hash
        )

    # -- printing --------------------------------------------------------------------------

    def preview_text(self, period_id: int, width: int = 76) -> str:
        """The current version laid out as it will be printed, as plain text."""
        document = self.current(period_id)
        return questionnaire_text(document.content, self._frame(document), width)

    def document_data(self, kind: str, period_id: int) -> DocumentData:
        """The current version for the document engine (kind "kuesioner"): the form's
        placeholders, the signature blocks, DRAF until the Camat's approval."""
        document = self.current(period_id)
        period = self.periods.get(period_id)
        return DocumentData(
            kind=KUESIONER,
            period_id=period_id,
            title=f"Kuesioner {periode(period.name)}",
            context=questionnaire_context(document.content, _subtitle(period)),
            data={"isi": document.content, "periode": _subtitle(period)},
            signers=signers_of(document),
            draft=not document.is_final,
            document_id=document.id,
            version=document.version,
            sign_date=approval_date(document),
        )

    def _frame(self, document: DocumentRecord) -> PrintFrame:
        """Kop, signature blocks, DRAF marking, subtitle and place/date around the form."""
        if document.period_id is None:
            raise ValidationError("Kuesioner harus milik satu periode survei.")
        period = self.periods.get(document.period_id)
        office = self.office.get()
        when = approval_date(document) or self.clock().date()
        signers = tuple(
            replace(signer, nip=format_nip(signer.nip)) for signer in signers_of(document).values()
        )
        return PrintFrame(
            Kop.from_office(office) if office else None,
            signers,
            document.watermark,
            _subtitle(period),
            tempat_tanggal(office.kota, when) if office else tanggal(when),
        )


def _subtitle(period: PeriodRecord) -> str:
    return f"{periode(period.name)} ({tanggal(period.start_date)} s.d. {tanggal(period.end_date)})"


def _question(content: dict[str, Any], key: str | None) -> dict[str, Any]:
    for question in content.get("questions", []):
        if question.get("key") == key:
            return question
    raise ValidationError(
        f"Pertanyaan untuk unsur {key or '(tidak disebut)'} tidak ada di kuesioner ini."
    )
