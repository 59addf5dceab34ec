"""Provides BatchDialog: edits the batch constants carried from form to form during entry.

Tanggal survei (DD-MM-YYYY), sesi (1 = 08.00-12.00, 2 = 13.00-17.00, or free text), surveyor or
bundle number, and optionally a fixed jenis layanan for a whole bundle (its code; 0 = typed on
each form). The dialog only collects and checks values: a tanggal survei after today or outside
the period keeps it open with the reason.
"""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.widgets import Input, Static

from ikm_tui.domain.formatting import tanggal_angka
from ikm_tui.services.entry_layout import BatchConstants, FormLayout
from ikm_tui.ui.dialogs.base import CollectDialog, inline

SESI = {"1": "08.00-12.00", "2": "13.00-17.00"}


def parse_date(text: str) -> dt.date | None:
    """DD-MM-YYYY (or with slashes/dots) -> date; ValueError when not a date; "" -> None."""
    text = text.strip().replace("/", "-").replace(".", "-")
    if not text:
        return None
    day, month, year = (int(part) for part in text.split("-"))
    return dt.date(year, month, day)


class BatchDialog(CollectDialog[BatchConstants]):
    """Batch constants of the forms being typed; Enter on the last field confirms."""

    BOX_CLASSES = "dialog batch-dialog"

    def __init__(self, layout: FormLayout, batch: BatchConstants, today: dt.date) -> None:
        super().__init__("Konstanta batch (terbawa ke formulir berikutnya)")
        self.form_layout = layout
        self.constants = batch
        self.today = today

    def compose_fields(self) -> ComposeResult:
        # label and field on one line, the jenis layanan codes wrapped below their field: the
        # dialog fits an 80x24 terminal without scrolling
        date = self.constants.tanggal_survei
        yield inline(
            "Tanggal survei (HH-BB-TTTT)",
            Input(tanggal_angka(date) if date else "", id="tanggal", compact=True),
        )
        yield inline(
            "Sesi (1 = 08.00-12.00, 2 = 13.00-17.00)",
            Input(self.constants.sesi, id="sesi", compact=True),
        )
        yield inline(
            "Surveyor / nomor bundel", Input(self.constants.batch, id="bundel", compact=True)
        )
        if len(self.form_layout.services) > 1:
            code = (
                self.form_layout.service_code(self.constants.service_type_id)
                if self.constants.service_type_id
                else "0"
            )
            yield inline(
                "Jenis layanan tetap (0 = per formulir)", Input(code, id="layanan", compact=True)
            )
            codes = ", ".join(f"{kode} {nama}" for kode, _, nama in self.form_layout.services)
            yield Static(codes, id="codes", markup=False)

    def collect(self) -> tuple[str, BatchConstants | None]:
        try:
            tanggal = parse_date(self.text("tanggal"))
        except ValueError:
            return "Tanggal survei tidak valid: tulis seperti 25-11-2026.", None
        problem = self.form_layout.date_problem(tanggal, self.today)
        if problem:
            self.query_one("#tanggal", Input).focus()
            return problem, None
        sesi = self.text("sesi")
        service_id = None
        if len(self.form_layout.services) > 1:
            code = self.text("layanan").upper() or "0"
            if not (code.isdigit() and int(code) == 0):
                service_id = self.form_layout.service_id(code)
                if service_id is None:
                    return f"Kode jenis layanan {code} tidak ada.", None
        return "", BatchConstants(tanggal, SESI.get(sesi, sesi), self.text("bundel"), service_id)
