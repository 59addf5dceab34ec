"""Provides OfficeService: the office identity (kop) shown in the title bar and on documents."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from ikm_tui.clock import Clock, system_clock
from ikm_tui.errors import ValidationError
from ikm_tui.export.docx_common import PAPER_SIZES_CM
from ikm_tui.persistence import audit_log, converters
from ikm_tui.persistence.models import OfficeRow, database_proxy
from ikm_tui.persistence.records import OfficeRecord, UserRecord

OFFICE_FIELDS = tuple(f.name for f in dataclasses.fields(OfficeRecord))
REQUIRED_FIELDS = {
    "pemerintah": "Baris pemerintah",
    "nama_unit": "Nama unit",
    "alamat": "Alamat",
    "kota": "Kota",
}
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class OfficeService:
    """Reads the one office row (None until `ikm-tui init` or the demo has set it)."""

    def __init__(self, clock: Clock = system_clock) -> None:
        self.clock = clock

    def get(self) -> OfficeRecord | None:
        row = OfficeRow.select().first()  # the office is a single row
        return converters.office(row) if row is not None else None

    def update(self, actor: UserRecord | None, **fields: str | int) -> OfficeRecord:
        """Change the kop (Admin only; None = the administrator's CLI); unnamed fields stay."""
        from ikm_tui.services.users import require_admin

        require_admin(actor, "mengubah identitas kantor")
        unknown = sorted(set(fields) - set(OFFICE_FIELDS))
        if unknown:
            raise ValidationError(f"Isian kantor tidak dikenal: {', '.join(unknown)}.")
        row = OfficeRow.select().first()
        current = converters.office(row) if row is not None else blank_office()
        cleaned: dict[str, Any] = {k: clean_value(k, v) for k, v in fields.items()}
        new = dataclasses.replace(current, **cleaned)
        check_office(new)
        changed = {
            k: getattr(new, k) for k in OFFICE_FIELDS if getattr(new, k) != getattr(current, k)
        }
        if not changed and row is not None:
            return new
        with database_proxy.atomic():
            if row is None:
                OfficeRow.create(**dataclasses.asdict(new))
            else:
                OfficeRow.update(**changed).execute()
            audit_log.append_by(
                self.clock(), actor, "kantor_ubah", "office", 1, {"perubahan": changed}
            )
        return new

    def idle_lock_seconds(self) -> float:
        """After how many seconds without a key the TUI locks itself (office setting)."""
        office = self.get()
        return 60.0 * (office.idle_lock_minutes if office is not None else 15)

    def title(self) -> str:
        """The name shown in the app's title bar: "Kecamatan Bandungan" or a neutral default."""
        office = self.get()
        if office is None or not office.nama_unit.strip():
            return "Pengukuran Kepuasan Pelanggan"
        return office.nama_unit.strip().title()


IDLE_LOCK_RANGE = (1, 480)  # minutes


def blank_office() -> OfficeRecord:
    """An office with every text field empty (A4 paper), to be filled and checked."""
    blank: dict[str, Any] = {field: "" for field in OFFICE_FIELDS if field != "idle_lock_minutes"}
    return OfficeRecord(**blank | {"paper_size": "A4"})


def clean_value(field: str, value: object) -> str | int:
    """A typed or given kop value as stored: spaces collapsed, paper size upper case, the idle
    lock a whole number of minutes (ValidationError when it is not one)."""
    text = " ".join(str(value).split()) if field != "logo_path" else str(value).strip()
    if field == "idle_lock_minutes":
        if not text.isdigit():
            raise ValidationError("Kunci layar: isi jumlah menit dengan angka, mis. 15.")
        return int(text)
    return text.upper() if field == "paper_size" else text


def check_office(office: OfficeRecord) -> None:
    """ValidationError (Bahasa Indonesia) for a kop that cannot be printed as it stands."""
    for field, label in REQUIRED_FIELDS.items():
        if not getattr(office, field):
            raise ValidationError(f"{label} kantor wajib diisi.")
    if office.paper_size not in PAPER_SIZES_CM:
        raise ValidationError(
            f"Ukuran kertas {office.paper_size or '(kosong)'} tidak dikenal; "
            f"pilih {' atau '.join(PAPER_SIZES_CM)}."
        )
    low, high = IDLE_LOCK_RANGE
    if not low <= office.idle_lock_minutes <= high:
        raise ValidationError(f"Kunci layar harus antara {low} dan {high} menit.")
    if office.email and not EMAIL_PATTERN.match(office.email):
        raise ValidationError(f"Alamat email {office.email} tidak valid.")
    if office.kode_pos and not (office.kode_pos.isdigit() and len(office.kode_pos) == 5):
        raise ValidationError("Kode pos harus 5 angka.")
    if office.logo_path and not Path(office.logo_path).expanduser().is_file():
        raise ValidationError(f"Berkas logo {office.logo_path} tidak ditemukan.")
