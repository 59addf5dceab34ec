"""Provides OfficeFormDialog: the office identity printed in every kop (one line per field).

The dialog checks the values with the OfficeService's own rules (required fields, paper size,
email, kode pos, logo file) before closing with {field: value}; the screen saves them.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from ikm_tui.errors import ValidationError
from ikm_tui.persistence.records import OfficeRecord
from ikm_tui.services.office import OFFICE_FIELDS, check_office, clean_value
from ikm_tui.ui.dialogs.form_dialog import FormDialog, row

LABELS = {
    "pemerintah": "Pemerintah",
    "nama_unit": "Nama unit",
    "alamat": "Alamat",
    "telepon": "Telepon",
    "faks": "Faks",
    "email": "Email",
    "website": "Website",
    "kota": "Kota (tanda tangan)",
    "kode_pos": "Kode pos",
    "kode_unit": "Kode unit",
    "logo_path": "Berkas logo",
    "paper_size": "Kertas (A4/F4)",
    "idle_lock_minutes": "Kunci layar (menit)",
}
PLACEHOLDERS = {
    "pemerintah": "PEMERINTAH KABUPATEN ...",
    "nama_unit": "KECAMATAN ...",
    "kode_unit": "untuk nomor surat, mis. VI.01",
    "logo_path": "PNG/JPG, kosong = tanpa logo",
    "idle_lock_minutes": "layar terkunci setelah sekian menit tanpa tombol",
}


class OfficeFormDialog(FormDialog[dict[str, str | int]]):
    """Edit the kop: pemerintah, unit, alamat, telepon, faks, email, website, kota, kode pos,
    kode unit, logo and paper size."""

    def __init__(self, office: OfficeRecord | None) -> None:
        super().__init__("Identitas kantor (kop dokumen)")
        self.office = office

    def compose_fields(self) -> ComposeResult:
        for field in OFFICE_FIELDS:
            value = str(getattr(self.office, field)) if self.office is not None else ""
            if field == "paper_size" and not value:
                value = "A4"
            if field == "idle_lock_minutes" and not value:
                value = "15"
            yield row(
                LABELS[field],
                Input(value, id=field, placeholder=PLACEHOLDERS.get(field, ""), compact=True),
            )

    def collect(self) -> tuple[str, dict[str, str | int] | None]:
        try:
            values = {field: clean_value(field, self.text(field)) for field in OFFICE_FIELDS}
            check_office(OfficeRecord(**values))  # type: ignore[arg-type]
        except ValidationError as error:
            return error.message, None
        return "", values
