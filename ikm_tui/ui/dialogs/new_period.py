"""Provides NewPeriodDialog: name, regime, dates and jenis layanan of a new period (Staf, key N).

PermenPANRB 14/2017 is preselected; F2 switches to Kepmenpan 25/2004 (and back). Dates are typed
dd-mm-yyyy; the end date follows the start date (four months). Every active jenis
layanan is checked; Space unchecks one. Dates sharing a day with an existing period are pointed
out first (PeriodService.overlapping); creating again with the same dates goes ahead. The caller
passes the result to PeriodService.create.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, SelectionList, Static

from ikm_tui.domain.formatting import parse_date, tanggal_angka
from ikm_tui.domain.regimes import DEFAULT_REGIME, REGIMES
from ikm_tui.persistence.records import PeriodRecord, ServiceTypeRecord
from ikm_tui.services.periods import default_end_date
from ikm_tui.ui.widgets.marks import MarkedRadioButton, MarkedSelectionList
from ikm_tui.ui.worker import run_service


@dataclass(frozen=True)
class NewPeriod:
    """What the dialog collected; the caller passes it to PeriodService.create."""

    name: str
    regime_id: str
    start_date: dt.date
    end_date: dt.date
    service_type_ids: tuple[int, ...] | None = None  # None: every active jenis layanan


class NewPeriodDialog(ModalScreen[NewPeriod | None]):
    """Collects and validates a new period; the survey runs four months by default."""

    CSS_PATH = "dialogs.tcss"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Batal"),
        Binding("f2", "toggle_regime", "Ganti regime"),
        Binding("ctrl+s", "create", "Buat"),
    ]

    def __init__(self, today: dt.date) -> None:
        super().__init__(classes="dialog-screen")
        self.today = today
        self.service_types: list[ServiceTypeRecord] | None = None
        # the dates whose overlap the user has been shown: a second Buat with them goes ahead
        self._overlap_shown: tuple[dt.date, dt.date] | None = None

    def compose(self) -> ComposeResult:
        # name and regime side by side, the dates on one line and the jenis layanan in a list of
        # bounded height: the whole dialog, buttons included, fits an 80x24 terminal
        with Vertical(classes="dialog", id="new-period"):
            yield Label("Periode survei baru", classes="dialog-title")
            with Horizontal(id="name-regime"):
                with Vertical(id="name-column"):
                    yield Label("Nama periode", classes="field-label")
                    yield Input(
                        id="name",
                        placeholder=f"mis. SKM Semester I {self.today.year}",
                        compact=True,
                    )
                with Vertical(id="regime-column"):
                    yield Label("Regime (F2: ganti)", classes="field-label")
                    with RadioSet(id="regime", compact=True):
                        for regime_id, regime in REGIMES.items():
                            yield MarkedRadioButton(
                                regime.nama,
                                value=regime_id == DEFAULT_REGIME,
                                name=regime_id,
                                compact=True,
                            )
            with Horizontal(id="dates"):
                yield Label("Mulai", classes="date-label")
                yield Input(tanggal_angka(self.today), id="start", compact=True)
                yield Label("Selesai", classes="date-label")
                yield Input(tanggal_angka(default_end_date(self.today)), id="end", compact=True)
                yield Label("(HH-BB-TTTT)", classes="date-label")
            yield Label("Jenis layanan yang disurvei (Spasi: pilih/batal)", classes="field-label")
            yield MarkedSelectionList[int](id="services", compact=True)
            yield Static("", classes="field-error", id="error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Buat (^S)", id="create", variant="primary", compact=True)
                yield Button("Batal (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        periods = getattr(self.app, "services").periods  # noqa: B009 - IkmApp's attribute
        run_service(self, periods.service_types, self._show_services, group="new-period")

    def _show_services(self, service_types: list[ServiceTypeRecord]) -> None:
        self.service_types = service_types
        options = [(f"{s.kode}  {s.nama}", s.id, True) for s in service_types]
        checklist = self.query_one("#services", SelectionList)
        checklist.add_options(options)
        if options:
            checklist.highlighted = 0

    def regime_id(self) -> str:
        pressed = self.query_one("#regime", RadioSet).pressed_button
        return pressed.name if pressed is not None and pressed.name else DEFAULT_REGIME

    def action_toggle_regime(self) -> None:
        buttons = list(self.query_one("#regime", RadioSet).query(RadioButton))
        current = self.regime_id()
        for button in buttons:
            if button.name != current:
                button.value = True
                break

    def action_create(self) -> None:
        self.submit()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "start":
            start = parse_date(event.value)
            if start is not None:
                self.query_one("#end", Input).value = tanggal_angka(default_end_date(start))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "create":
            self.submit()
        else:
            self.dismiss(None)

    def submit(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        start = parse_date(self.query_one("#start", Input).value)
        end = parse_date(self.query_one("#end", Input).value)
        problem = (
            "Nama periode wajib diisi."
            if not name
            else "Tanggal mulai tidak valid (contoh 01-07-2026)."
            if start is None
            else "Tanggal selesai tidak valid (contoh 31-12-2026)."
            if end is None
            else "Tanggal selesai tidak boleh sebelum tanggal mulai."
            if end < start
            else ""
        )
        if problem or start is None or end is None:
            self.query_one("#error", Static).update(problem)
            return
        chosen = tuple(self.query_one("#services", SelectionList).selected)
        if self.service_types and not chosen:
            self.query_one("#error", Static).update("Pilih sedikitnya satu jenis layanan.")
            return
        ids = chosen if self.service_types is not None else None
        result = NewPeriod(name, self.regime_id(), start, end, ids)
        if self._overlap_shown == (start, end):
            self.dismiss(result)
            return
        periods = getattr(self.app, "services").periods  # noqa: B009 - IkmApp's attribute
        run_service(
            self,
            lambda: periods.overlapping(start, end),
            lambda found: self._check_overlap(result, found),
            group="new-period-overlap",
            exclusive=True,
        )

    def _check_overlap(self, result: NewPeriod, found: list[PeriodRecord]) -> None:
        """Create at once, or name the periods the dates overlap and wait for a second Buat."""
        if not found:
            self.dismiss(result)
            return
        self._overlap_shown = (result.start_date, result.end_date)
        names = "; ".join(
            f"{p.name} ({tanggal_angka(p.start_date)} s.d. {tanggal_angka(p.end_date)})"
            for p in found
        )
        self.query_one("#error", Static).update(
            f"Perhatian: masa survei ini beririsan dengan {names}. "
            "Periksa tanggalnya; tekan Buat (Ctrl+S) sekali lagi untuk tetap membuat."
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
