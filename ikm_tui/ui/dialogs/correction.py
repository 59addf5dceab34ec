"""Provides ReasonDialog: asks the reason (and/or the form number) for a correction.

Corrections, exclusions and restorations of saved forms need a reason; the dialog only collects
and checks it, the caller calls EntryService.
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
        placeholder: str = "mis. salah ketik jawaban U3",
    ) -> None:
        super().__init__(title, question)
        self.placeholder = placeholder
        self.nomor = nomor
        self.ask_nomor = ask_nomor
        self.ask_reason = ask_reason

    def compose_fields(self) -> ComposeResult:
        if self.ask_nomor:
            yield Label("Nomor formulir", classes="field-label")
            yield Input(str(self.nomor or ""), id="nomor", type="integer")
        if self.ask_reason:
            yield Label("Alasan", classes="field-label")
            yield Input(placeholder=self.placeholder, id="reason")

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
