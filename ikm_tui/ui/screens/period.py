"""Provides PeriodScreen: one period's SOP steps and the keys that open each step's screen."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Label, Static

from ikm_tui.domain import sop
from ikm_tui.domain.formatting import bilangan, tanggal_angka
from ikm_tui.domain.sop import DONE, SIGNING_ROLES
from ikm_tui.persistence.records import PeriodRecord, StepStatus, UserRecord
from ikm_tui.services.registry import Services
from ikm_tui.ui.screens.base import DataScreen
from ikm_tui.ui.widgets.footer import KeyFooter
from ikm_tui.ui.widgets.tables import StepTable, step_detail

# Every SOP step's actions: their permissions (workflow.can) gate this screen's keys.
STEP_ACTIONS = tuple(action.name for step in sop.SOP_STEPS for action in step.actions)


@dataclass(frozen=True)
class PeriodData:
    """What the period screen shows, gathered in one worker call."""

    period: PeriodRecord
    steps: list[StepStatus]
    permissions: dict[str, bool | None] = field(default_factory=dict)
    document_id: int | None = None  # a document waiting for this user's signature
    viewer: bool = False  # a signer: may open the screen of every started step to read it
    reasons: dict[str, str] = field(default_factory=dict)  # why a dimmed key cannot act now


def load_period(services: Services, user: UserRecord, period_id: int) -> PeriodData:
    period = services.periods.get(period_id)
    workflow = services.workflow
    permissions = workflow.permissions(user, STEP_ACTIONS, period_id)
    document_id = next(
        (
            task.document_id
            for task in workflow.my_tasks(user)
            if task.period_id == period_id and task.document_id is not None
        ),
        None,
    )
    signer = any(user.has_role(role) for role in SIGNING_ROLES) and not user.disabled
    steps = workflow.steps(period_id)
    for status in steps:
        # A signer reads the screen of every started step (as Enter does): its key opens it,
        # e.g. F for the verification of a finished period's PTPPs.
        action = sop.step(status.number).screen_action
        if signer and action and permissions.get(action) is None and status.started_at:
            permissions[action] = True
    permissions["tanda_tangan"] = True if document_id else (None if signer else False)
    reasons = {
        name: workflow.why_not(user, name, period_id)
        for name, allowed in permissions.items()
        if allowed is None and name in STEP_ACTIONS
    }
    if permissions["tanda_tangan"] is None:
        reasons["tanda_tangan"] = "Tidak ada dokumen periode ini yang menunggu tanda tangan Anda."
    return PeriodData(period, steps, permissions, document_id, signer, reasons)


class PeriodScreen(DataScreen[PeriodData]):
    """A period's SOP steps (1-6, 8-10) with started/finished, deadline and lateness."""

    CSS_PATH = "period.tcss"
    AUTO_FOCUS = "#steps"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Kembali"),
        Binding("enter", "open_step", "Buka langkah", show=False),
        # Priority bindings run as the app reads the key, so the keys typed right after it
        # (type-ahead over SSH) are handed to the new screen instead of this one.
        Binding("k", "open('susun_konsep')", "Konsep", priority=True),
        Binding("p", "open('periksa_konsep')", "Periksa", priority=True),
        Binding("s", "open('setujui_konsep')", "Setujui", priority=True),
        Binding("e", "open('entri')", "Entri", priority=True),
        Binding("i", "open('impor')", "Impor", priority=True),
        Binding("t", "open('tabulasi')", "Tabulasi", priority=True),
        Binding("l", "open('laporan')", "Laporan", priority=True),
        Binding("m", "open('rapat')", "Rapat", priority=True),
        Binding("f", "open('ptpp')", "PTPP", priority=True),
        Binding("n", "open('notulen')", "Notulen", priority=True),
        Binding("d", "sign", "Tanda tangan"),
        Binding("c", "close_collection", "Tutup pengumpulan"),
        Binding("a", "open('arsip')", "Arsip", priority=True),
        Binding("o", "complaints", "Keluhan"),
        Binding("j", "saran", "Saran"),
        Binding("b", "reopen_collection", "Buka pengumpulan"),
        Binding("r", "reload", "Muat ulang", show=False),
    ]

    def __init__(self, period_id: int) -> None:
        super().__init__()
        self.period_id = period_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Periode", id="period-title", classes="section-title")
        yield StepTable(id="steps")
        yield Static("", id="step-detail", markup=False)
        yield KeyFooter()

    def load(self, services: Services, user: UserRecord) -> PeriodData:
        return load_period(services, user, self.period_id)

    def show(self, data: PeriodData) -> None:
        period = data.period
        step = "selesai" if period.current_step == DONE else f"langkah {period.current_step}"
        self.query_one("#period-title", Label).update(
            f"{period.name} ({tanggal_angka(period.start_date)} s.d. {tanggal_angka(period.end_date)}); "
            f"{step}; {bilangan(period.respondents)} responden"
        )
        table = self.query_one(StepTable)
        first_load = table.row_count == 0
        table.show(data.steps)
        current = [i for i, s in enumerate(data.steps) if s.is_current]
        if first_load and current:
            table.move_cursor(row=current[0])
        self._show_detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def selected_step(self) -> StepStatus | None:
        key = self.query_one(StepTable).selected_key()
        if self.data is None or key is None:
            return None
        return next((s for s in self.data.steps if str(s.number) == key), None)

    def _show_detail(self) -> None:
        step = self.selected_step()
        if step is not None:
            self.query_one("#step-detail", Static).update(step_detail(step))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("back", "reload", "open_step", "complaints", "saran"):
            return True
        key = self._permission_key(
            f"{action}({', '.join(repr(p) for p in parameters)})" if parameters else action
        )
        if key is None:
            return True
        return self.data.permissions.get(key, False) if self.data is not None else False

    def _permission_key(self, binding_action: str) -> str | None:
        from textual.actions import parse

        _, action, arguments = parse(binding_action)
        return {
            "sign": "tanda_tangan",
            "close_collection": "tutup_pengumpulan",
            "reopen_collection": "buka_pengumpulan",
        }.get(action, str(arguments[0]) if action == "open" and arguments else None)

    def on_key(self, event: events.Key) -> None:
        """A dimmed key does nothing but say why (Textual hands its key on to here)."""
        if self.data is None:
            return
        for binding in self._bindings.key_to_bindings.get(event.key, []):
            key = self._permission_key(binding.action)
            if key is not None and self.data.permissions.get(key) is None:
                reason = self.data.reasons.get(key, "")
                if reason:
                    event.stop()
                    self.notify(reason, title=binding.description, severity="warning")
                return

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_open(self, action: str) -> None:
        if self.check_action("open", (action,)) is True:
            self.ikm_app.open_step(action, self.period_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_step()

    def action_open_step(self) -> None:
        """Enter: open the selected step's screen when this user may act on it now, or read it
        (signers, once the step has started); a step without a screen yet says so."""
        step = self.selected_step()
        if step is None or self.data is None:
            return
        action = sop.step(step.number).screen_action
        readable = self.data.viewer and step.started_at is not None
        if action is not None and (self.data.permissions.get(action) or readable):
            self.ikm_app.open_step(action, self.period_id)
        else:
            self.notify(
                f"{step.name}: tidak ada yang dapat Anda lakukan pada langkah ini sekarang.",
                title=f"Langkah {step.number}",
                severity="warning",
            )

    def action_complaints(self) -> None:
        self.ikm_app.open_complaints(self.period_id)

    def action_saran(self) -> None:
        self.ikm_app.open_saran(self.period_id)

    def action_sign(self) -> None:
        from ikm_tui.ui.dialogs.signoff import open_signoff

        if self.data is not None and self.data.document_id is not None:
            open_signoff(self, self.data.document_id, on_done=lambda _doc: self.reload())

    def action_close_collection(self) -> None:
        from ikm_tui.ui.flows import close_collection

        if self.check_action("close_collection", ()) is not True or self.data is None:
            return
        close_collection(self, self.data.period, lambda _period: self.reload())

    def action_reopen_collection(self) -> None:
        from ikm_tui.ui.flows import reopen_collection

        if self.check_action("reopen_collection", ()) is not True or self.data is None:
            return
        reopen_collection(self, self.data.period, lambda _period: self.reload())
