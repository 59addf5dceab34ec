"""Provides PtppScreen: SOP step 8, the PTPPs (Permintaan Tindakan Perbaikan dan Pencegahan).

The period's PTPPs in a table with a filter (f: semua / terbuka / terlambat / terverifikasi),
the selected one's parts below, with the same unsur's NRR in the next period beside the one that
raised it. n starts a PTPP from a finding of the meeting (or free text), e edits parts 1-2,
d signs it through the sign-off dialog (the Camat's approval sets it), v records the
verification (an ineffective PTPP spawns its follow-up), x / g export the PTPP forms and the
register in a worker. The step finishes by itself when the Camat approves the last PTPP of the
period; Ctrl+F lets the Camat finish it with a reason when the meeting needs no (more) PTPP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, cast

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ikm_tui.domain import ptpp as rules
from ikm_tui.domain import sop
from ikm_tui.domain.formatting import periode, tanggal
from ikm_tui.domain.regimes import unsur_label
from ikm_tui.persistence.records import FindingRecord, PtppRecord, UserRecord
from ikm_tui.services.ptpp import PtppInput
from ikm_tui.services.registry import Services
from ikm_tui.ui.screens.base import DataScreen
from ikm_tui.ui.screens.export_flow import ask_export
from ikm_tui.ui.widgets.footer import KeyFooter
from ikm_tui.ui.widgets.tables import LATE, Col, RecordTable
from ikm_tui.ui.worker import run_service

FILTER_ORDER = tuple(rules.FILTERS)


@dataclass(frozen=True)
class PtppData:
    period_name: str
    items: list[PtppRecord]
    comparisons: dict[int, str]
    suggestions: dict[int, str]
    allowed: dict[int, set[str]]
    findings: list[FindingRecord]  # accepted findings of the meeting without a PTPP
    users: list[UserRecord]
    can_create: bool
    can_finish: bool | None  # workflow.can of "ptpp_selesai": False hides Ctrl+F
    today: Any
    why_not: str = ""
    late: set[int] = field(default_factory=set)
    waiting: str = ""  # what the step still waits for before it finishes (at the step)
    finish_reason: str = ""  # why Ctrl+F (finish with a reason) cannot be used now


def form_users(services: Services) -> list[UserRecord]:
    """Who may be a PTPP's PIC: active Staf, Sekretaris Camat and Camat."""
    return [u for u in services.users.list() if not u.disabled and u.roles & set(sop.SIGNING_ROLES)]


def load_ptpp(services: Services, user: UserRecord, period_id: int, which: str) -> PtppData:
    ptpp, workflow = services.ptpp, services.workflow
    items = ptpp.list(period_id, which, followups=True)
    comparisons, suggestions = {}, {}
    for item in items:
        found = ptpp.comparison(item)
        if found is not None:
            comparisons[item.id], suggestions[item.id] = found.text, found.suggestion
    allowed = {
        item.id: services.signoff.allowed_actions(item.document.id, user)
        if item.document
        else set()
        for item in items
    }
    meeting = services.meeting.latest(period_id)
    findings = [f for f in meeting.findings if f.accepted and not f.ptpp_nomor] if meeting else []
    at_step = workflow.can(user, "ptpp", period_id) is True
    today = services.clock().date()
    return PtppData(
        services.periods.get(period_id).name,
        items,
        comparisons,
        suggestions,
        allowed,
        findings,
        form_users(services),
        at_step and user.has_role(sop.STAF),
        workflow.can(user, "ptpp_selesai", period_id),
        today,
        "" if at_step else workflow.why_not(user, "ptpp", period_id),
        {i.id for i in items if rules.is_overdue(i.target_selesai, i.verified, today)},
        workflow.gate_problem(period_id, sop.action_step("ptpp")) if at_step else "",
        workflow.why_not(user, "ptpp_selesai", period_id),
    )


def status_text(item: PtppRecord, late: bool) -> str:
    if item.verified:
        return rules.HASIL_VERIFIKASI[item.verifikasi_hasil]
    if late:
        return LATE
    return item.document.state_text if item.document else "Belum diisi"


def detail_text(item: PtppRecord, comparison: str) -> str:
    content = item.document.content if item.document else {}
    lines = [
        f"{item.nomor}  {rules.SUMBER.get(item.sumber, item.sumber)}; kategori "
        f"{rules.KATEGORI.get(item.kategori, item.kategori)}"
        + (
            f"; lanjutan dari {item.asal_nomor} ({item.period_name or 'tanpa periode'})"
            if item.asal_nomor
            else ""
        ),
        f"Uraian: {item.uraian}",
        *([f"Keluhan: {content['keluhan']}"] if content.get("keluhan") else []),
        f"Perbaikan: {content.get('tindakan_perbaikan') or '-'}",
        f"Pencegahan: {content.get('tindakan_pencegahan') or '-'}",
        f"PIC: {item.pic or '-'}; target {tanggal(item.target_selesai)}; dokumen: "
        f"{item.document.state_text if item.document else 'belum diisi'}",
    ]
    if comparison:
        lines.append(f"Pembanding: {comparison}")
    if item.verified:
        lines.append(
            f"Verifikasi {tanggal(item.tanggal_verifikasi)} oleh {item.verifikasi_oleh}: "
            f"{rules.HASIL_VERIFIKASI[item.verifikasi_hasil]}. "
            f"{item.verifikasi_catatan.rstrip('.')}."
            + (f" PTPP lanjutan: {item.lanjutan_nomor}." if item.lanjutan_nomor else "")
        )
    return "\n".join(lines)


def subject(item: PtppRecord) -> str:
    """What the PTPP is about, as the table lists it: the unsur ("U3 Waktu Penyelesaian") of a
    survey finding; otherwise its description (which then wraps). The detail has both."""
    return unsur_label(item.unsur_key) if item.unsur_key else item.uraian


class PtppTable(RecordTable):
    """No. PTPP, Temuan, PIC, Target, Status (late rows highlighted)."""

    COLUMNS = (
        Col("No. PTPP", 13),
        Col("Temuan", 20, grow=4),  # the unsur of a survey finding, else the description
        Col("PIC", 10, grow=1),
        Col("Target", 10),
        Col("Status", 9, grow=1),
    )

    def show(self, data: PtppData) -> None:
        rows: list[tuple[str, list[str | Text]]] = []
        for item in data.items:
            late = item.id in data.late
            rows.append(
                (
                    str(item.id),
                    [
                        self.cell(item.nomor, late),
                        self.cell(subject(item)),
                        self.cell(item.pic or "-"),
                        self.cell(
                            f"{item.target_selesai:%d-%m-%Y}" if item.target_selesai else "-", late
                        ),
                        self.cell(status_text(item, late), late),
                    ],
                )
            )
        self.replace_rows(rows)


class PtppScreen(DataScreen[PtppData]):
    """Step 8: set, sign, verify and follow up the period's PTPPs."""

    CSS_PATH = "ptpp.tcss"
    AUTO_FOCUS = "#ptpps"
    LOAD_GROUP = "ptpp-load"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Kembali"),
        Binding("f", "filter", "Saring"),
        Binding("n", "new", "PTPP baru"),
        Binding("e", "edit", "Ubah"),
        Binding("d", "sign", "Tanda tangan"),
        Binding("v", "verify", "Verifikasi"),
        Binding("x", "export('ptpp')", "Ekspor PTPP"),
        Binding("g", "export('register-ptpp')", "Register"),
        Binding("ctrl+f", "finish", "Selesai dgn alasan"),
        Binding("f5", "reload", "Muat ulang", show=False),
    ]

    def __init__(self, period_id: int) -> None:
        super().__init__()
        self.period_id = period_id
        self.which = "semua"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Memuat…", id="status", markup=False)
        yield PtppTable(id="ptpps")
        with VerticalScroll(id="detail-box"):  # the rest of the screen; scrolls when longer
            yield Static("", id="detail", markup=False)
        yield Static("", id="export-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        step = sop.action_step("ptpp")
        self.title = f"Langkah {step}: {sop.step(step).short}"
        super().on_mount()

    def load(self, services: Services, user: UserRecord) -> PtppData:
        return load_ptpp(services, user, self.period_id, self.which)

    def show(self, data: PtppData) -> None:
        count = f"{len(data.items)} PTPP ({rules.FILTERS[self.which].lower()})"
        needing = sum(f.kind in rules.FINDINGS_NEEDING_PTPP for f in data.findings)
        open_findings = f"; {needing} temuan rapat belum ber-PTPP" if needing else ""
        hint = f"  |  {data.why_not}" if data.why_not else ""
        if data.waiting:
            hint = f"\nSelesai sendiri saat PTPP terakhir disetujui Camat. Belum: {data.waiting}"
        self.query_one("#status", Static).update(
            f"{data.period_name}: {count}{open_findings}{hint}"
        )
        self.query_one(PtppTable).show(data)
        self._show_detail()

    def selected(self) -> PtppRecord | None:
        key = self.query_one(PtppTable).selected_key()
        if self.data is None or key is None:
            return None
        return next((item for item in self.data.items if str(item.id) == key), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        item = self.selected()
        text = (
            "Belum ada PTPP."
            if item is None
            else detail_text(item, self.data.comparisons.get(item.id, "") if self.data else "")
        )
        self.query_one("#detail", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        data, item = self.data, self.selected()
        if data is None:
            return None if action not in ("back", "reload") else True
        user = self.ikm_app.user
        staf = user is not None and user.has_role(sop.STAF)
        checks = {
            "new": data.can_create,
            "edit": item is not None
            and staf
            and not item.verified
            and (item.document is None or "ubah" in data.allowed.get(item.id, set())),
            "sign": item is not None and bool(data.allowed.get(item.id, set()) - {"ubah"}),
            "verify": item is not None and item.approved and not item.verified,
            "export": bool(data.items),
        }
        if action == "finish":
            return data.can_finish
        if action in checks:
            return True if checks[action] else None
        return True

    def on_key(self, event: events.Key) -> None:
        """A dimmed Ctrl+F says why (Textual hands the key of a disabled binding on to here)."""
        if event.key == "ctrl+f" and self.data is not None and self.data.can_finish is None:
            event.stop()
            self.notify(self.data.finish_reason, title="Selesai dgn alasan", severity="warning")

    def action_filter(self) -> None:
        self.which = FILTER_ORDER[(FILTER_ORDER.index(self.which) + 1) % len(FILTER_ORDER)]
        self.reload()

    # -- creating and editing --------------------------------------------------------------

    def action_new(self) -> None:
        from ikm_tui.ui.dialogs.ptpp_form import FindingPickDialog, Pick

        if self.check_action("new", ()) is not True or self.data is None:
            return

        def picked(pick: Pick | None) -> None:
            if pick is None:
                return
            service = self.ikm_app.services.ptpp
            run_service(
                self,
                lambda: service.from_finding(self.period_id, pick.finding_id),
                lambda draft: self._open_form("PTPP baru", draft, None),
                group="ptpp-form",
            )

        self.app.push_screen(FindingPickDialog(self.data.findings), picked)

    def action_edit(self) -> None:
        item = self.selected()
        if self.check_action("edit", ()) is not True or item is None:
            return
        draft = self.ikm_app.services.ptpp.as_input(item)
        self._open_form(f"Ubah PTPP {item.nomor}", draft, item)

    def _open_form(self, title: str, draft: PtppInput, item: PtppRecord | None) -> None:
        from ikm_tui.ui.dialogs.ptpp_form import PtppFormScreen

        user = self.ikm_app.user
        if self.data is None or user is None:
            return
        service = self.ikm_app.services.ptpp
        base = item.document.content_hash if item and item.document else None

        def saved(value: PtppInput | None) -> None:
            if value is None:
                return
            call = (
                (lambda: service.create(self.period_id, user, value))
                if item is None
                else (lambda: service.update(item.id, user, value, base))
            )
            run_service(self, call, self._saved, group="ptpp-save")

        self.app.push_screen(PtppFormScreen(title, draft, self.data.users), saved)

    def _saved(self, record: PtppRecord) -> None:
        self.notify(f"PTPP {record.nomor} disimpan.", title="PTPP")
        self.reload()

    # -- signing, verifying, finishing -----------------------------------------------------

    def action_sign(self) -> None:
        from ikm_tui.ui.dialogs.signoff import open_signoff

        item = self.selected()
        if self.check_action("sign", ()) is not True or item is None or item.document is None:
            return
        open_signoff(
            cast("Screen[object]", self),
            item.document.id,
            on_done=lambda _doc: self.reload(),
            shown_hash=item.document.content_hash,
        )

    def action_verify(self) -> None:
        from ikm_tui.ui.dialogs.ptpp_form import Verification, VerifyDialog

        item, user = self.selected(), self.ikm_app.user
        if self.check_action("verify", ()) is not True or item is None or self.data is None:
            return
        service = self.ikm_app.services.ptpp

        def chosen(value: Verification | None) -> None:
            if value is None or user is None:
                return
            run_service(
                self,
                lambda: service.verify(item.id, user, value.hasil, value.catatan),
                self._verified,
                group="ptpp-verify",
            )

        dialog = VerifyDialog(
            item.nomor,
            self.data.comparisons.get(item.id, ""),
            self.data.suggestions.get(item.id, ""),
        )
        self.app.push_screen(dialog, chosen)

    def _verified(self, record: PtppRecord) -> None:
        follow = f"; PTPP lanjutan {record.lanjutan_nomor} dibuat" if record.lanjutan_nomor else ""
        self.notify(f"PTPP {record.nomor} diverifikasi{follow}.", title="Verifikasi")
        self.reload()

    def action_finish(self) -> None:
        """The Camat finishes the step with a reason (no PTPP needed, a finding settled
        without one); audited. With PTPPs, the last approval finishes it by itself."""
        from ikm_tui.ui.dialogs.correction import ReasonDialog, ReasonResult

        user = self.ikm_app.user
        if self.check_action("finish", ()) is not True or user is None or self.data is None:
            return
        workflow, step = self.ikm_app.services.workflow, sop.action_step("ptpp")

        def confirmed(result: ReasonResult | None) -> None:
            if result is None:
                return
            run_service(
                self,
                lambda: workflow.advance(self.period_id, step, user, result.reason),
                done,
                group="ptpp-finish",
            )

        def done(_result: object) -> None:
            self.notify(f"Langkah {step} selesai; alasan dicatat.", title="PTPP")
            self.app.pop_screen()

        question = (
            f"Selesaikan langkah {step} {periode(self.data.period_name, 'periode')} tanpa (menunggu) PTPP "
            "lagi? Tuliskan alasannya, misalnya: rapat tidak memerlukan tindakan perbaikan/"
            "pencegahan. Alasan dicatat di jejak audit."
        )
        dialog = ReasonDialog(
            f"Selesaikan langkah {step}",
            question,
            example="semua unsur bermutu A; tidak perlu PTPP",
        )
        self.app.push_screen(dialog, confirmed)

    def action_export(self, kind: str) -> None:
        if self.check_action("export", ()) is True and self.data is not None:
            draft = not all(item.approved for item in self.data.items)
            ask_export(self, kind, self.period_id, draft)

    def action_back(self) -> None:
        self.app.pop_screen()
