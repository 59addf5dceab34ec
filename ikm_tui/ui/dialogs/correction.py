"""Provides ReasonDialog: asks the reason (and/or the form number) for a correction.

Corrections, exclusions and restorations of saved forms need a reason; the dialog only collects
and checks it, the caller calls EntryService. The example reason in the empty field names the
form the number field holds, and follows it when the number is changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Input, Label

from ikm_tui.ui.dialogs.base import CollectDialog


@dataclass(frozen=True)
class ReasonResult:
    nomor: int | None
    reason: str


class ReasonDialog(CollectDialog[ReasonResult]):
    """Reason (required) and, when asked, the form number; Enter confirms, Escape cancels."""

    def __init__(
        self,
        title: str,
        question: str,
        nomor: int | None = None,
        ask_nomor: bool = False,
        ask_reason: bool = True,
        example: str = "salah ketik jawaban U3",
    ) -> None:
        super().__init__(title, question)
        self.nomor = nomor
        self.ask_nomor = ask_nomor
        self.ask_reason = ask_reason
        self.example = example

    def example_reason(self, nomor: str) -> str:
        """The example reason for the form numbered `nomor` (as typed)."""
        nomor = nomor.strip()
        return f"mis. no. {nomor}: {self.example}" if nomor.isdigit() else f"mis. {self.example}"

    def compose_fields(self) -> ComposeResult:
        if self.ask_nomor:
            yield Label("Nomor formulir", classes="field-label")
            yield Input(str(self.nomor or ""), id="nomor", type="integer")
        if self.ask_reason:
            yield Label("Alasan", classes="field-label")
            yield Input(placeholder=self.example_reason(str(self.nomor or "")), id="reason")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "nomor" and self.ask_reason:
            self.query_one("#reason", Input).placeholder = self.example_reason(event.value)

    def collect(self) -> tuple[str, ReasonResult | None]:
        nomor = self.nomor
        if self.ask_nomor:
            text = self.text("nomor")
            if not text.isdigit() or int(text) < 1:
                return "Nomor formulir harus berupa angka.", None
            nomor = int(text)
        if not self.ask_reason:
            return "", ReasonResult(nomor, "")
        reason = " ".join(self.query_one("#reason", Input).value.split())
        if not reason:
            self.query_one("#reason", Input).focus()
            return "Alasan wajib diisi.", None
        return "", ReasonResult(nomor, reason)
