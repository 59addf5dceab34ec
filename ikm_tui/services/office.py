"""Provides OfficeService: the office identity (kop) shown in the title bar and on documents."""

from __future__ import annotations

from ikm_tui.clock import Clock, system_clock
from ikm_tui.persistence import converters
from ikm_tui.persistence.models import OfficeRow
from ikm_tui.persistence.records import OfficeRecord


class OfficeService:
    """Reads the one office row (None until `ikm-tui init` or the demo has set it)."""

    def __init__(self, clock: Clock = system_clock) -> None:
        self.clock = clock

    def get(self) -> OfficeRecord | None:
        row = OfficeRow.select().first()  # the office is a single row
        return converters.office(row) if row is not None else None

    def title(self) -> str:
        """The name shown in the app's title bar: "Kecamatan Bandungan" or a neutral default."""
        office = self.get()
        if office is None or not office.nama_unit.strip():
            return "Pengukuran Kepuasan Pelanggan"
        return office.nama_unit.strip().title()
