"""Provides what the concept screens load and show: step 1 data, texts, the export dialog."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen

from ikm_tui.domain import sop
from ikm_tui.domain.formatting import bilangan, tanggal_angka
from ikm_tui.domain.regimes import get_regime
from ikm_tui.domain.sop import DISETUJUI_STATE, KUESIONER, STAF
from ikm_tui.export.docx_common import PAPER_SIZES_CM
from ikm_tui.persistence.records import DocumentRecord, PeriodRecord, StepStatus, UserRecord
from ikm_tui.services.customers import SampleTargets
from ikm_tui.services.registry import Services
from ikm_tui.ui.dialogs.fields import FieldsDialog
from ikm_tui.ui.export_folder import export_path, remember_export
from ikm_tui.ui.widgets.tables import needs_time, short_datetime, step_state
from ikm_tui.ui.worker import run_service

if TYPE_CHECKING:
    from ikm_tui.services.documents import ExportResult
    from ikm_tui.ui.app import IkmApp


@dataclass(frozen=True)
class ConceptData:
    """Everything step 1 shows, loaded in one worker call."""

    period: PeriodRecord
    document: DocumentRecord
    returned: tuple[str, str] | None  # (who returned it, note)
    targets: SampleTargets
    editable: bool | None  # True; None = Staf but not now; False = not the Staf's screen
    data_editable: bool | None
    can_submit: bool
    reason: str  # why the questionnaire is read-only ("" when editable)
    step: StepStatus | None = None  # the period's current SOP step


def load_concept(services: Services, user: UserRecord, period_id: int) -> ConceptData:
    period = services.periods.get(period_id)
    document = services.questionnaire.current(period_id)
    staf = user.has_role(STAF) and not user.disabled
    concept_open = period.current_step == sop.action_step("susun_konsep") and not document.frozen
    # populations may change until data collection closes
    data_open = period.collection_closed_at is None and not sop.passed(
        period.current_step, sop.collection_step()
    )
    allowed = services.signoff.allowed_actions(document.id, user)
    return ConceptData(
        period,
        document,
        services.questionnaire.return_info(period_id),
        services.customers.targets(period_id),
        _gate(staf, concept_open),
        _gate(staf, data_open),
        "ajukan" in allowed,
        read_only_reason(staf, period, document),
        next((s for s in services.workflow.steps(period_id) if s.is_current), None),
    )


def _gate(role_ok: bool, state_ok: bool) -> bool | None:
    """check_action's answer: True allowed, None dimmed (not now), False hidden (not this role)."""
    return (True if state_ok else None) if role_ok else False


def read_only_reason(staf: bool, period: PeriodRecord, document: DocumentRecord) -> str:
    if not staf:
        return "Hanya Staf yang dapat menyusun konsep kuesioner; layar ini hanya untuk dibaca."
    if document.frozen or document.state == DISETUJUI_STATE:
        return (
            f"Kuesioner versi {document.version} sudah disetujui Camat dan dibekukan; "
            "tidak dapat diubah lagi."
        )
    if period.current_step != sop.action_step("susun_konsep"):
        return (
            f"Kuesioner sudah diajukan ({document.state_text}). Perubahan hanya dapat "
            "dilakukan bila kuesioner dikembalikan."
        )
    return ""


def header_text(data: ConceptData) -> str:
    period, document, step = data.period, data.document, data.step
    regime = get_regime(period.regime_id).nama
    if step is None:
        step_line = "Semua langkah selesai"
    else:
        step_line = (
            f"Langkah {step.number}: {step_state(step)}, tenggat "
            f"{short_datetime(step.deadline, needs_time(step))}"
        )
    return (
        f"{period.name}  |  {regime}  |  {tanggal_angka(period.start_date)} s.d. "
        f"{tanggal_angka(period.end_date)}\n{step_line}  |  "
        f"Kuesioner versi {document.version}: {document.state_text}"
    )


def targets_text(targets: SampleTargets) -> str:
    if targets.overall is None:
        return (
            f"Target minimum: belum dapat dihitung; isi populasi (P) setiap jenis layanan. "
            f"Metode: {targets.method}."
        )
    population = (
        f" dari populasi {bilangan(targets.total_population)}"
        if targets.total_population is not None
        else ""
    )
    missing = "" if targets.complete else "  Populasi belum lengkap."
    return (
        f"Target minimum keseluruhan: {bilangan(targets.overall)} responden{population}; "
        f"metode: {targets.method}.{missing}"
    )


def default_export_path(app: Any, period_id: int, document: DocumentRecord) -> Path:
    suffix = "" if document.is_final else "-draf"
    return export_path(app, f"kuesioner-periode-{period_id}-v{document.version}{suffix}.docx")


def export_dialog(screen: Screen[Any], period_id: int, document: DocumentRecord) -> None:
    """Ask for a path (default in the user's documents folder), export, show the saved path."""
    app = cast("IkmApp", screen.app)
    documents = app.services.documents

    def saved(result: ExportResult) -> None:
        remember_export(app, result.path)
        written = str(result.path) + (f" dan {result.pdf_path}" if result.pdf_path else "")
        app.notify(
            f"Kuesioner disimpan di {written} (kode verifikasi {result.code})",
            title="Ekspor selesai",
            timeout=10,
        )

    def done(values: list[str] | None) -> None:
        if values is not None and values[0].strip():
            paper = values[1].strip().upper() or None
            pdf = values[2].strip().lower() == "y"
            run_service(
                screen,
                lambda: documents.export(
                    KUESIONER, period_id, values[0].strip(), app.user, paper=paper, pdf=pdf
                ),
                saved,
                group="export",
            )

    app.push_screen(
        FieldsDialog(
            "Ekspor kuesioner (.docx)",
            [
                ("Simpan ke berkas", str(default_export_path(app, period_id, document))),
                ("Ukuran kertas: A4 atau F4 (kosong = pengaturan kantor)", ""),
                ("Juga PDF? y/t (perlu LibreOffice)", "t"),
            ],
            note=""
            if document.is_final
            else 'Kuesioner belum disetujui: dokumen ditandai "DRAF - belum disetujui".',
            check=lambda v: (
                "Ukuran kertas: A4 atau F4."
                if v[1].strip().upper() not in ("", *PAPER_SIZES_CM)
                else ""
                if v[2].strip().lower() in ("y", "t", "")
                else "PDF: isi y atau t."
            ),
            save_label="Ekspor",
        ),
        done,
    )
