"""Provides DayOffFormDialog: a date and keterangan for one of the office's own days off."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Input

from ikm_tui.domain.formatting import parse_date, tanggal_angka
from ikm_tui.ui.dialogs.form_dialog import FormDialog, row

KETERANGAN_LENGTH = 200  # OfficeDayOffRow.keterangan


@dataclass(frozen=True)
class DayOffForm:
    tanggal: dt.date
    keterangan: str


class DayOffFormDialog(FormDialog[DayOffForm]):
    """Add an office day off, or change the keterangan of one (its date then fixed)."""

    def __init__(self, current: DayOffForm | None = None) -> None:
        super().__init__(
            "Tambah hari libur kantor" if current is None else "Ubah keterangan hari libur",
            "Hari libur nasional dan cuti bersama sudah dihitung; tambahkan hanya libur "
            "kantor sendiri. Tenggat SOP dalam hari kerja melewatinya.",
        )
        self.current = current

    def compose_fields(self) -> ComposeResult:
        current = self.current
        yield row(
            "Tanggal",
            Input(
                tanggal_angka(current.tanggal) if current else "",
                id="tanggal",
                placeholder="HH-BB-TTTT, mis. 25-03-2026",
                max_length=10,
                disabled=current is not None,
                compact=True,
            ),
        )
        yield row(
            "Keterangan",
            Input(
                current.keterangan if current else "",
                id="keterangan",
                placeholder="mis. Hari jadi kabupaten",
                max_length=KETERANGAN_LENGTH,
                compact=True,
            ),
        )

    def collect(self) -> tuple[str, DayOffForm | None]:
        if self.current is not None:
            return "", DayOffForm(self.current.tanggal, self.text("keterangan"))
        day = parse_date(self.text("tanggal"))
        if day is None:
            return "Tanggal tidak dikenal; tulis HH-BB-TTTT, mis. 25-03-2026.", None
        return "", DayOffForm(day, self.text("keterangan"))
