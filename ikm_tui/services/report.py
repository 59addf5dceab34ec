"""Provides ReportService: the Laporan IKM (step 5) and its public notice (pengumuman hasil SKM).

The report is a sign-off document of kind "laporan": its content holds the Staf's narrative
texts (`narasi`), the rencana tindak lanjut rows (`rtl`) and the figures (`angka`) computed
from the stored data by `domain.scoring` (through `report_data.gather`). The figures are
recomputed on every save of a draft; submitting checks they still match the data, and from
then on the signed content is what every export prints, even if data changes later. The
pengumuman is drawn only from the approved report.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import report_text
from ikm_tui.domain.regimes import get_regime
from ikm_tui.domain.sop import (
    DIKEMBALIKAN,
    DISETUJUI,
    DISETUJUI_STATE,
    DRAF,
    LAPORAN,
    ROLE_NAMES,
    SIGN_STAGES,
    STAF,
    STAGE_PHRASE,
    STAGE_ROLE,
)
from ikm_tui.errors import DocumentChanged, PermissionDenied, ValidationError, WorkflowError
from ikm_tui.persistence import users
from ikm_tui.persistence.records import DocumentRecord, PeriodRecord, UserRecord
from ikm_tui.services import report_data

if TYPE_CHECKING:
    from ikm_tui.export.docx_common import Signer
    from ikm_tui.export.engine import DocumentData
    from ikm_tui.services.calendar import CalendarService
    from ikm_tui.services.customers import CustomerService
    from ikm_tui.services.office import OfficeService
    from ikm_tui.services.periods import PeriodService
    from ikm_tui.services.questionnaire import QuestionnaireService
    from ikm_tui.services.signoff import SignOffService
    from ikm_tui.services.tabulation import TabulationService
    from ikm_tui.services.workflow import WorkflowService

PENGUMUMAN = "pengumuman"
EDITABLE_STATES = (DRAF, DIKEMBALIKAN)
STALE = (
    "Angka laporan tidak lagi sesuai data tersimpan (ada perubahan data sejak laporan "
    "disimpan). Buka layar Laporan IKM agar angkanya diperbarui, lalu ajukan lagi."
)


@dataclass(frozen=True)
class ReportView:
    """What the step-5 screen shows: the document (None before the first save), the texts,
    the rows and the figures (the signed ones once submitted, else computed now)."""

    period: PeriodRecord
    document: DocumentRecord | None
    narasi: dict[str, str]
    rtl: list[dict[str, str]]
    figures: dict[str, Any]
    frozen: bool  # figures are the submitted/signed ones
    allowed: set[str] = field(default_factory=set)

    @property
    def approved(self) -> bool:
        return self.document is not None and self.document.state == DISETUJUI_STATE

    @property
    def content_hash(self) -> str | None:
        return self.document.content_hash if self.document else None


class ReportService:
    """The period's Laporan IKM from draft to the approved, frozen version."""

    def __init__(
        self,
        clock: Clock = system_clock,
        *,
        signoff: SignOffService,
        periods: PeriodService,
        tabulation: TabulationService,
        customers: CustomerService,
        workflow: WorkflowService,
        office: OfficeService,
        questionnaire: QuestionnaireService,
        calendar: CalendarService,
    ) -> None:
        self.clock = clock
        self.signoff = signoff
        self.periods = periods
        self.tabulation = tabulation
        self.customers = customers
        self.workflow = workflow
        self.office = office
        self.questionnaire = questionnaire
        self.calendar = calendar

    # -- reading ---------------------------------------------------------------------------

    def figures(self, period_id: int, *, table: bool = True) -> dict[str, Any]:
        """The report's figures computed from the stored data now; without `table` the
        olah-data lampiran has no rows (a screen never shows them: 100,000 forms ~30 MB)."""
        return report_data.gather(
            self.periods.get(period_id),
            table=table,
            periods=self.periods,
            tabulation=self.tabulation,
            customers=self.customers,
            workflow=self.workflow,
            calendar=self.calendar.working_calendar(),
        )

    def current(self, period_id: int) -> DocumentRecord | None:
        return self.signoff.latest(period_id, LAPORAN)

    def approved(self, period_id: int) -> DocumentRecord | None:
        """The version the Camat approved, or None before approval."""
        for document in reversed(self.signoff.versions(period_id, LAPORAN)):
            if document.state == DISETUJUI_STATE:
                return document
        return None

    def view(
        self, period_id: int, user: UserRecord | None = None, *, table: bool = True
    ) -> ReportView:
        """What the report screen and the document show; `table=False`: computed figures
        without the olah-data rows (`figures`)."""
        period = self.periods.get(period_id)
        document = self.current(period_id)
        content = document.content if document else {}
        frozen = document is not None and document.state not in EDITABLE_STATES
        figures = dict(content["angka"]) if frozen and "angka" in content else None  # type: ignore[call-overload]
        if figures is None:
            figures = self.figures(period_id, table=table)
        base = self.default_narrative(period)
        narasi = report_text.clean_narrative(_mapping(content.get("narasi")), base)
        rtl = _rows(content.get("rtl")) if document else self.default_rtl(figures)
        allowed = self.signoff.allowed_actions(document.id, user) if document and user else set()
        return ReportView(period, document, narasi, rtl, figures, frozen, allowed)

    def default_narrative(self, period: PeriodRecord) -> dict[str, str]:
        office = self.office.get()
        return report_text.defaults(
            office.nama_unit if office else "unit pelayanan",
            office.kota if office else "",
            period.name,
            get_regime(period.regime_id).nama,
        )

    def default_rtl(self, figures: Mapping[str, Any]) -> list[dict[str, str]]:
        """Rencana tindak lanjut rows offered from the weakest unsur."""
        end = dt.date.fromisoformat(str(figures["akhir"]))
        return report_text.rtl_defaults(figures["terlemah"], end)

    # -- writing ---------------------------------------------------------------------------

    def save(
        self,
        period_id: int,
        user: UserRecord,
        *,
        narasi: Mapping[str, object] | None = None,
        rtl: Sequence[Mapping[str, object]] | None = None,
        base_hash: str | None = None,
    ) -> DocumentRecord:
        """Store the Staf's texts and rows with the figures computed now (the first save
        creates the document). `base_hash`: the content the screen showed."""
        self._require_staf(user)
        self.workflow.require_action_step(period_id, "laporan")
        document = self.current(period_id)
        if document is not None and base_hash is not None and base_hash != document.content_hash:
            raise DocumentChanged()
        if document is not None and document.state not in EDITABLE_STATES:
            raise WorkflowError(
                f"Laporan IKM versi {document.version} sudah diajukan ({document.state_text}); "
                "teks dan angkanya tidak dapat diubah kecuali dikembalikan."
            )
        view = self.view(period_id, table=False)
        content = {
            "periode_id": period_id,
            "narasi": report_text.clean_narrative(
                narasi if narasi is not None else view.narasi, view.narasi
            ),
            "rtl": report_text.clean_rtl(rtl if rtl is not None else view.rtl),
            "angka": self.figures(period_id),
        }
        if document is None:
            title = f"Laporan Survei Kepuasan Masyarakat {view.period.name}"
            return self.signoff.create(period_id, LAPORAN, title, content, user)
        return self.signoff.update_content(
            document.id, content, user, base_hash=document.content_hash
        )

    def prepare(self, period_id: int, user: UserRecord) -> DocumentRecord:
        """Before the Staf signs: the document saved with figures matching the data now."""
        document = self.current(period_id)
        if document is not None and document.state not in EDITABLE_STATES:
            return document
        return self.save(period_id, user, base_hash=document.content_hash if document else None)

    def check_submittable(self, content: Mapping[str, Any]) -> None:
        """Refuse to submit a report whose figures are no longer those of the data (content
        without figures was not made by this service and is signed as it is)."""
        if "angka" not in content:
            return
        period_id = content.get("periode_id")
        if not isinstance(period_id, int):
            raise ValidationError("Isi laporan IKM tidak lengkap (periode tidak tercatat).")
        if content.get("angka") != self.figures(period_id):
            raise WorkflowError(STALE)
        if not report_text.clean_rtl(_rows(content.get("rtl"))):
            raise ValidationError(
                "Rencana tindak lanjut masih kosong: isi paling sedikit satu baris."
            )

    def _require_staf(self, user: UserRecord) -> None:
        actor = users.acting(user)
        if not actor.has_role(STAF) or actor.disabled:
            raise PermissionDenied("Hanya Staf yang dapat menyusun laporan IKM.")

    # -- the public notice -----------------------------------------------------------------

    def announcement(self, period_id: int) -> tuple[DocumentRecord, dict[str, Any]]:
        """The approved report and the notice's content; refused before approval."""
        document = self.approved(period_id)
        if document is None:
            current = self.current(period_id)
            state = current.state_text if current else "belum dibuat"
            state = state[:1].lower() + state[1:]
            raise WorkflowError(
                "Pengumuman hasil SKM hanya dibuat dari laporan IKM yang sudah disetujui "
                f"Camat; laporan IKM periode ini {state}."
            )
        content = copy.deepcopy(document.content)
        from ikm_tui.export.report_context import notice_of

        figures = _mapping(content.get("angka")) or self.figures(period_id)
        return document, notice_of(figures, _rows(content.get("rtl")))

    # -- the document engine ---------------------------------------------------------------

    def document_data(self, kind: str, period_id: int) -> DocumentData:
        """The laporan (DRAF until approved; the signed figures once submitted) or the
        pengumuman (only from the approved report) for the document engine."""
        from ikm_tui.export.engine import DocumentData
        from ikm_tui.export.report_context import laporan_context, pengumuman_context
        from ikm_tui.services.documents import approval_date, signers_of

        office = self.office.get()
        unit = office.nama_unit if office else "Unit pelayanan"
        if kind == PENGUMUMAN:
            document, notice = self.announcement(period_id)
            signers = signers_of(document)
            return DocumentData(
                kind=PENGUMUMAN,
                period_id=period_id,
                title=f"Pengumuman Hasil SKM {notice['periode']}",
                context=pengumuman_context(notice, unit),
                data=notice,
                signers={DISETUJUI: signers[DISETUJUI]},
                draft=False,
                document_id=document.id,
                version=document.version,
                sign_date=approval_date(document),
            )
        view = self.view(period_id)
        approved = self.questionnaire.approved(period_id)
        kuesioner = approved.content if approved else None
        current = view.document
        return DocumentData(
            kind=LAPORAN,
            period_id=period_id,
            title=f"Laporan IKM {view.period.name}",
            context=laporan_context(view.figures, view.narasi, view.rtl, unit, kuesioner),
            data={
                "angka": view.figures,
                "narasi": view.narasi,
                "rtl": view.rtl,
                "kuesioner": approved.content_hash if approved else None,
            },
            signers=signers_of(current) if current else _blank_signers(),
            draft=current is None or not current.is_final,
            document_id=current.id if current else None,
            version=current.version if current else 1,
            sign_date=approval_date(current) if current else None,
        )


def _blank_signers() -> dict[str, Signer]:
    """Dibuat / Diperiksa / Disetujui blocks with nobody signed (a report not saved yet)."""
    from ikm_tui.export.docx_common import Signer

    return {
        stage: Signer.blank(STAGE_PHRASE[stage], ROLE_NAMES[STAGE_ROLE[stage]])
        for stage in SIGN_STAGES
    }


def _mapping(value: object) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else {}


def _rows(value: object) -> list[dict[str, str]]:
    if not isinstance(value, list):
        return []
    return [{str(k): str(v) for k, v in row.items()} for row in value if isinstance(row, Mapping)]
