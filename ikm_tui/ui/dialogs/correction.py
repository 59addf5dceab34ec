"""Provides ReasonDialog: asks the reason (and/or the form number) for a correction.

Corrections, exclusions and restorations of saved forms need a reason; the dialog only collects
and checks it, the caller calls EntryService.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


@dataclass(frozen=True)
class ReasonResult:
    nomor: int | None
    reason: str


class ReasonDialog(ModalScreen[ReasonResult | None]):
    """Reason (required) and, when asked, the form number; Enter confirms, Escape cancels."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Batal")]

    def __init__(self, title: str, question: str, nomor: int | None = None,
                 ask_nomor: bool = False, ask_reason: bool = True) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.question = question
        self.nomor = nomor
        self.ask_nomor = ask_nomor
        self.ask_reason = ask_reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.question, classes="dialog-body", markup=False)
            if self.ask_nomor:
                yield Label("Nomor formulir", classes="field-label")
                yield Input(str(self.nomor or ""), id="nomor", type="integer")
            if self.ask_reason:
                yield Label("Alasan", classes="field-label")
                yield Input(placeholder="mis. salah ketik jawaban U3", id="reason")
            yield Static("", id="error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Simpan (Enter)", id="ok", variant="primary")
                yield Button("Batal (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#nomor" if self.ask_nomor else "#reason", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "nomor" and self.ask_reason:
            self.query_one("#reason", Input).focus()
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
        nomor = self.nomor
        if self.ask_nomor:
            text = self.query_one("#nomor", Input).value.strip()
            if not text.isdigit() or int(text) < 1:
                error.update("Nomor formulir harus berupa angka.")
                return
            nomor = int(text)
        if not self.ask_reason:
            self.dismiss(ReasonResult(nomor, ""))
            return
        reason = " ".join(self.query_one("#reason", Input).value.split())
        if not reason:
            error.update("Alasan wajib diisi.")
            self.query_one("#reason", Input).focus()
            return
        self.dismiss(ReasonResult(nomor, reason))
