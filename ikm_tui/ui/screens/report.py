"""Provides ReportScreen: SOP step 5, the Laporan IKM.

At the top the state, the signatures and the figures at a glance (IKM, mutu, the unsur as text
bars, the trend); below, the report's narrative texts (one TextArea each, by chapter) and the
rencana tindak lanjut rows (one line per row, columns separated by "|"), offered from the
weakest unsur. The figures are computed by the services and cannot be typed over. Ctrl+S
saves, Ctrl+T signs (the Staf submits; the Sekretaris Camat and the Camat check and approve)
through the sign-off dialog with the password, Ctrl+O exports the .docx (and the PDF) in a
background worker and shows the path written; Ctrl+N exports the pengumuman once approved.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Label, ProgressBar, Static, TextArea

from ikm_tui.domain import sop
from ikm_tui.domain.formatting import bilangan
from ikm_tui.domain.report_text import NARRATIVE_FIELDS, RTL_COLUMNS
from ikm_tui.domain.sop import STAF
from ikm_tui.persistence.records import UserRecord
from ikm_tui.services.registry import Services
from ikm_tui.services.report import ReportView
from ikm_tui.ui.dialogs.signoff import signature_line
from ikm_tui.ui.export_folder import export_path, remember_export
from ikm_tui.ui.screens.base import DataScreen
from ikm_tui.ui.screens.tabulation import bar
from ikm_tui.ui.widgets.footer import KeyFooter
from ikm_tui.ui.worker import run_service

BAR_WIDTH = 20  # with the longest unsur name (max NAME_WIDTH) the chart fits 80 columns
NAME_WIDTH = 44
RTL_HELP = "Satu baris per kegiatan: unsur | program/kegiatan | waktu | penanggung jawab"


@dataclass(frozen=True)
class ReportData:
    """The view and whether this user may edit its texts now."""

    view: ReportView
    editable: bool
    can_sign: bool


def load_report(services: Services, user: UserRecord, period_id: int) -> ReportData:
    view = services.report.view(period_id, user, table=False)  # no lampiran rows on screen
    staf = user.has_role(STAF) and not user.disabled
    at_step = services.workflow.can(user, "laporan", period_id) is True
    editable = staf and at_step and not view.frozen
    allowed = view.allowed
    can_sign = bool(allowed & {"ajukan", "setujui", "kembalikan"}) or (
        editable and view.document is None
    )
    return ReportData(view, editable, can_sign)


def figures_text(figures: dict[str, Any]) -> str:
    """IKM, mutu and the unsur as bars; the trend, one period per line."""
    lines = [
        f"IKM {figures['ikm']}  mutu {figures['mutu']} ({figures['kinerja']})  "
        f"{bilangan(figures['responden'])} responden  {figures['bobot']['teks']}",
        "",
    ]
    names = [f"{row['kode']} {row['nama']}" for row in figures["unsur"]]
    width = min(NAME_WIDTH, max(map(len, names), default=0))
    for name, row in zip(names, figures["unsur"], strict=True):
        name = name[:width].ljust(width)
        value = float(row["nilai"] or 0) * 25
        lines.append(f"{name} {bar(value, 100.0, BAR_WIDTH)} {row['konversi']} {row['mutu']}")
    weakest = ", ".join(f"{r['kode']} ({r['konversi']})" for r in figures["terlemah"])
    lines += ["", f"Prioritas perbaikan (terendah): {weakest}", "", "Tren IKM:"]
    lines += [f"  {r['periode']}: {r['ikm']} ({r['mutu']})" for r in figures["tren"]["rows"]]
    return "\n".join(lines)


def status_text(data: ReportData) -> str:
    view = data.view
    document = view.document
    state = f"versi {document.version}: {document.state_text}" if document else "belum disimpan"
    source = "angka dibekukan saat diajukan" if view.frozen else "angka dihitung dari data"
    lines = [f"{view.period.name}  |  Laporan IKM {state}  |  {source}"]
    shown = [s for s in document.signatures if not s.voided] if document else []
    lines += [signature_line(s) for s in shown]
    if document is not None and document.return_note:
        lines.append(f"Catatan pengembalian: {document.return_note}")
    return "\n".join(lines)


def rtl_text(rows: list[dict[str, str]]) -> str:
    return "\n".join(" | ".join(row.get(c, "") for c in RTL_COLUMNS) for row in rows)


def parse_rtl(text: str) -> list[dict[str, str]]:
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        parts += [""] * (len(RTL_COLUMNS) - len(parts))
        rows.append(dict(zip(RTL_COLUMNS, parts[: len(RTL_COLUMNS)], strict=True)))
    return rows


class ReportScreen(DataScreen[ReportData]):
    """Step 5: write, check and approve the Laporan IKM."""

    CSS_PATH = "report.tcss"
    AUTO_FOCUS = "#body"
    LOAD_GROUP = "report-load"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Kembali"),
        Binding("ctrl+s", "save", "Simpan"),
        Binding("ctrl+t", "sign", "Tanda tangan"),
        Binding("ctrl+o", "export('laporan')", "Ekspor"),
        Binding("ctrl+n", "export('pengumuman')", "Pengumuman"),
        Binding("f5", "reload", "Muat ulang", show=False),
    ]

    def __init__(self, period_id: int) -> None:
        super().__init__()
        self.period_id = period_id
        self.texts_of: tuple[str | None, bool] | None = None  # (content hash, editable) shown

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Memuat…", id="status", markup=False)
        with VerticalScroll(id="body"):
            yield Static("", id="figures", markup=False)
            for item in NARRATIVE_FIELDS:
                yield Label(f"{item.bab} - {item.label}", classes="field-label")
                yield TextArea(id=f"narasi-{item.key}", soft_wrap=True, classes="narasi")
            yield Label("BAB IV - 4.2 Rencana tindak lanjut", classes="field-label")
            yield Static(RTL_HELP, classes="hint", markup=False)
            yield TextArea(id="rtl", soft_wrap=True)
        yield ProgressBar(id="progress", total=None, show_eta=False)
        yield Static("", id="export-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        step = sop.action_step("laporan")
        self.title = f"Langkah {step}: {sop.step(step).short}"
        super().on_mount()

    def load(self, services: Services, user: UserRecord) -> ReportData:
        return load_report(services, user, self.period_id)

    def show(self, data: ReportData) -> None:
        view = data.view
        self.query_one("#status", Static).update(status_text(data))
        self.query_one("#figures", Static).update(figures_text(view.figures))
        shown = (view.content_hash, data.editable)
        if shown == self.texts_of:
            return  # back from a dialog: keep what the Staf is typing
        self.texts_of = shown
        for item in NARRATIVE_FIELDS:
            area = self.query_one(f"#narasi-{item.key}", TextArea)
            area.load_text(view.narasi.get(item.key, ""))
            area.read_only = not data.editable
        rtl = self.query_one("#rtl", TextArea)
        rtl.load_text(rtl_text(view.rtl))
        rtl.read_only = not data.editable

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return True if self.data is not None and self.data.editable else None
        if action == "sign":
            return True if self.data is not None and self.data.can_sign else None
        if action == "export" and parameters == ("pengumuman",):
            return True if self.data is not None and self.data.view.approved else None
        if action == "export":
            return True if self.data is not None else None
        return True

    # -- saving and signing ----------------------------------------------------------------

    def edited(self) -> tuple[dict[str, str], list[dict[str, str]]]:
        narasi = {
            item.key: self.query_one(f"#narasi-{item.key}", TextArea).text
            for item in NARRATIVE_FIELDS
        }
        return narasi, parse_rtl(self.query_one("#rtl", TextArea).text)

    def action_save(self, then_sign: bool = False) -> None:
        user = self.ikm_app.user
        if self.check_action("save", ()) is not True or self.data is None or user is None:
            return
        narasi, rtl = self.edited()
        report, shown = self.ikm_app.services.report, self.data.view.content_hash

        def saved(_document: object) -> None:
            self.notify("Laporan IKM disimpan.", title="Simpan")
            if then_sign:
                self._open_signoff()
            else:
                self.reload()

        run_service(
            self,
            lambda: report.save(self.period_id, user, narasi=narasi, rtl=rtl, base_hash=shown),
            saved,
            group="report-save",
        )

    def action_sign(self) -> None:
        if self.check_action("sign", ()) is not True or self.data is None:
            return
        if self.data.editable:
            self.action_save(then_sign=True)  # the figures are refreshed before the Staf signs
        else:
            self._open_signoff(self.data.view.content_hash)

    def _open_signoff(self, shown_hash: str | None = None) -> None:
        from ikm_tui.ui.dialogs.signoff import open_signoff

        report = self.ikm_app.services.report

        def opened(document: object) -> None:
            if document is not None:
                open_signoff(
                    cast("Screen[object]", self),
                    document.id,  # type: ignore[attr-defined]
                    on_done=lambda _doc: self.reload(),
                    shown_hash=shown_hash,
                )

        run_service(self, lambda: report.current(self.period_id), opened, group="report-sign")

    # -- exporting -------------------------------------------------------------------------

    def action_export(self, kind: str) -> None:
        from ikm_tui.ui.dialogs.fields import FieldsDialog

        if self.check_action("export", (kind,)) is not True or self.data is None:
            return
        draft = self.data.view.document is None or not self.data.view.approved
        note = (
            'Laporan belum disetujui: dokumen ditandai "DRAF - belum disetujui".'
            if draft and kind == "laporan"
            else ""
        )
        self.app.push_screen(
            FieldsDialog(
                "Ekspor laporan IKM" if kind == "laporan" else "Ekspor pengumuman hasil SKM",
                [
                    (
                        "Simpan ke berkas (.docx)",
                        str(default_path(self.app, kind, self.period_id, draft)),
                    ),
                    ("Juga PDF? (y/t)", "t"),
                ],
                note=note,
                check=lambda v: "" if v[1].strip().lower() in ("y", "t", "") else "Isi y atau t.",
                save_label="Ekspor",
            ),
            lambda values: self._export(kind, values),
        )

    def _export(self, kind: str, values: list[str] | None) -> None:
        if values is None or not values[0].strip():
            return
        path, pdf = values[0].strip(), values[1].strip().lower() == "y"
        documents, user = self.ikm_app.services.documents, self.ikm_app.user
        progress = self.query_one("#progress", ProgressBar)
        progress.add_class("-busy")
        self.query_one("#export-status", Static).update(f"Mengekspor ke {path}…")

        def done(result: Any) -> None:
            progress.remove_class("-busy")
            remember_export(self.app, result.path)
            written = str(result.path) + (f" dan {result.pdf_path}" if result.pdf_path else "")
            self.query_one("#export-status", Static).update(f"Tersimpan: {written}")
            self.notify(f"Disimpan di {written}", title="Ekspor selesai", timeout=10)

        def failed(error: Any) -> None:
            from ikm_tui.ui.worker import notify_error

            progress.remove_class("-busy")
            self.query_one("#export-status", Static).update(error.message)
            notify_error(self.app, error)

        run_service(
            self,
            lambda: documents.export(kind, self.period_id, path, user, pdf=pdf),
            done,
            on_error=failed,
            group="report-export",
        )

    def action_back(self) -> None:
        self.app.pop_screen()


def default_path(app: Any, kind: str, period_id: int, draft: bool) -> Path:
    suffix = "-draf" if draft and kind == "laporan" else ""
    return export_path(app, f"{kind}-periode-{period_id}{suffix}.docx")
