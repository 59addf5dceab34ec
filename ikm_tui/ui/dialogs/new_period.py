"""Provides NewPeriodDialog: name, regime and dates of a new survey period (Staf, key N)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ikm_tui.domain.regimes import DEFAULT_REGIME, REGIMES
from ikm_tui.services.periods import default_end_date

DATE_PATTERN = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")


@dataclass(frozen=True)
class NewPeriod:
    """What the dialog collected; the caller passes it to PeriodService.create."""

    name: str
    regime_id: str
    start_date: dt.date
    end_date: dt.date


def parse_date(text: str) -> dt.date | None:
    """DD-MM-YYYY (also with / or .), or ISO YYYY-MM-DD; None when not a valid date."""
    match = DATE_PATTERN.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


class NewPeriodDialog(ModalScreen[NewPeriod | None]):
    """Collects and validates a new period; the survey runs four months by default."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Batal")]

    def __init__(self, today: dt.date) -> None:
        super().__init__(classes="dialog-screen")
        self.today = today

    def compose(self) -> ComposeResult:
        options = [(regime.nama, regime_id) for regime_id, regime in REGIMES.items()]
        with Vertical(classes="dialog"):
            yield Label("Periode survei baru", classes="dialog-title")
            yield Label("Nama periode", classes="field-label")
            yield Input(id="name", placeholder=f"mis. SKM Semester I {self.today.year}")
            yield Label("Regime", classes="field-label")
            yield Select(options, value=DEFAULT_REGIME, allow_blank=False, id="regime")
            yield Label("Tanggal mulai dan selesai (HH-BB-TTTT)", classes="field-label")
            with Horizontal(classes="dialog-row"):
                yield Input(self.today.strftime("%d-%m-%Y"), id="start")
                yield Input(default_end_date(self.today).strftime("%d-%m-%Y"), id="end")
            yield Static("", classes="field-error", id="error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Buat", id="create", variant="primary")
                yield Button("Batal (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "start":
            start = parse_date(event.value)
            if start is not None:
                self.query_one("#end", Input).value = default_end_date(start).strftime("%d-%m-%Y")

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
        problem = ("Nama periode wajib diisi." if not name else
                   "Tanggal mulai tidak valid (contoh 01-07-2026)." if start is None else
                   "Tanggal selesai tidak valid (contoh 31-12-2026)." if end is None else
                   "Tanggal selesai tidak boleh sebelum tanggal mulai." if end < start else "")
        if problem or start is None or end is None:
            self.query_one("#error", Static).update(problem)
            return
        regime = self.query_one("#regime", Select).value
        self.dismiss(NewPeriod(name, str(regime), start, end))

    def action_cancel(self) -> None:
        self.dismiss(None)
