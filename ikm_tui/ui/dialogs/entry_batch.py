"""Provides BatchDialog: edits the batch constants carried from form to form during entry.

Tanggal survei (DD-MM-YYYY), sesi (1 = 08.00-12.00, 2 = 13.00-17.00, or free text), surveyor or
bundle number, and optionally a fixed jenis layanan for a whole bundle (its code; 0 = typed on
each form). The dialog only collects and checks values.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ikm_tui.services.entry_layout import BatchConstants, FormLayout

SESI = {"1": "08.00-12.00", "2": "13.00-17.00"}


def parse_date(text: str) -> dt.date | None:
    """DD-MM-YYYY (or with slashes/dots) -> date; ValueError when not a date; "" -> None."""
    text = text.strip().replace("/", "-").replace(".", "-")
    if not text:
        return None
    day, month, year = (int(part) for part in text.split("-"))
    return dt.date(year, month, day)


class BatchDialog(ModalScreen[BatchConstants | None]):
    """Batch constants of the forms being typed; Enter on the last field confirms."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Batal")]

    def __init__(self, layout: FormLayout, batch: BatchConstants) -> None:
        super().__init__(classes="dialog-screen")
        self.form_layout = layout
        self.constants = batch

    def compose(self) -> ComposeResult:
        date = self.constants.tanggal_survei
        with Vertical(classes="dialog"):
            yield Label("Konstanta batch (terbawa ke formulir berikutnya)", classes="dialog-title")
            yield Label("Tanggal survei (HH-BB-TTTT)", classes="field-label")
            yield Input(date.strftime("%d-%m-%Y") if date else "", id="tanggal")
            yield Label("Sesi (1 = 08.00-12.00, 2 = 13.00-17.00)", classes="field-label")
            yield Input(self.constants.sesi, id="sesi")
            yield Label("Surveyor / nomor bundel", classes="field-label")
            yield Input(self.constants.batch, id="bundel")
            if len(self.form_layout.services) > 1:
                codes = ", ".join(f"{code} {nama}" for code, _, nama in self.form_layout.services)
                yield Label(f"Jenis layanan tetap (0 = diketik per formulir): {codes}",
                            classes="field-label")
                code = (self.form_layout.service_code(self.constants.service_type_id)
                        if self.constants.service_type_id else "0")
                yield Input(code, id="layanan")
            yield Static("", id="error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Simpan (Enter)", id="ok", variant="primary")
                yield Button("Batal (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#tanggal", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self._confirm()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self._confirm()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _confirm(self) -> None:
        error = self.query_one("#error", Static)
        try:
            tanggal = parse_date(self.query_one("#tanggal", Input).value)
        except ValueError:
            error.update("Tanggal survei tidak valid: tulis seperti 25-11-2026.")
            return
        sesi = self.query_one("#sesi", Input).value.strip()
        service_id = None
        if len(self.form_layout.services) > 1:
            code = self.query_one("#layanan", Input).value.strip().upper() or "0"
            if not (code.isdigit() and int(code) == 0):
                service_id = self.form_layout.service_id(code)
                if service_id is None:
                    error.update(f"Kode jenis layanan {code} tidak ada.")
                    return
        self.dismiss(BatchConstants(tanggal, SESI.get(sesi, sesi),
                                    self.query_one("#bundel", Input).value.strip(), service_id))
