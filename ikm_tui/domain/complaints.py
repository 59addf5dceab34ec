"""Provides the complaint rules (pure): the SOP's "Form Catatan Keluhan Pelanggan" and "Buku
Register Keluhan Pelanggan": channels, numbering, statuses, what a record needs, lateness.

A complaint is received (baru), disposed to a staff member (diproses) and closed (selesai) with
the answer given and the complainant's confirmation. Its deadline is a number of working days
after it was received (14 by default; shorter classes the Admin sets); the working-day
calendar itself lives with the services.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

SP4N_LAPOR = "SP4N-LAPOR!"
SALURAN = (
    "Datang langsung",
    "Kotak saran",
    "Telepon/WA",
    "Surat",
    "E-mail",
    "Media sosial",
    SP4N_LAPOR,
)

BARU = "baru"
DIPROSES = "diproses"
SELESAI = "selesai"
STATUSES = (BARU, DIPROSES, SELESAI)
STATUS_TEXT = {BARU: "Baru", DIPROSES: "Diproses", SELESAI: "Selesai"}

DEFAULT_TARGET_DAYS = 14
DEFAULT_CLASS = "Umum"
ANONIM = "Anonim"

_NOMOR = re.compile(r"^KLH/(\d{4})/(\d{3,})$")


def nomor(year: int, sequence: int) -> str:
    """KLH/2026/001."""
    return f"KLH/{year}/{sequence:03d}"


def parse_nomor(text: str) -> tuple[int, int] | None:
    """(year, sequence) of a complaint number, or None when it is not one."""
    match = _NOMOR.match(text.strip().upper())
    return (int(match.group(1)), int(match.group(2))) if match else None


def next_sequence(existing: list[str], year: int) -> int:
    """The next sequence of `year` given the numbers already used that year (max + 1)."""
    used = [parsed[1] for parsed in map(parse_nomor, existing) if parsed and parsed[0] == year]
    return max(used, default=0) + 1


@dataclass(frozen=True)
class ComplaintInput:
    """What the petugas types when a complaint arrives (Form Catatan Keluhan Pelanggan)."""

    received_at: dt.datetime
    saluran: str
    uraian: str
    lapor_ticket: str = ""  # SP4N-LAPOR! ticket number
    pelapor_nama: str = ""  # empty = anonim
    pelapor_alamat: str = ""
    pelapor_hp: str = ""
    service_type_id: int | None = None
    harapan: str = ""
    klasifikasi: str = ""
    unsur_key: str = ""
    tindakan_segera: str = ""
    kelas: str = DEFAULT_CLASS  # deadline class (Pengaturan)


def problems(item: ComplaintInput, unsur_keys: tuple[str, ...] = ()) -> list[str]:
    """What is missing or wrong in a new complaint, as sentences."""
    found: list[str] = []
    if item.saluran not in SALURAN:
        found.append(f"Saluran harus salah satu dari: {', '.join(SALURAN)}.")
    if item.saluran == SP4N_LAPOR and not item.lapor_ticket.strip():
        found.append("Keluhan dari SP4N-LAPOR! wajib dicatat dengan nomor tiketnya.")
    if not item.uraian.strip():
        found.append("Uraian keluhan wajib diisi.")
    if item.unsur_key and unsur_keys and item.unsur_key not in unsur_keys:
        found.append(f"Unsur {item.unsur_key} tidak dikenal.")
    return found


def pelapor_text(nama: str) -> str:
    return nama.strip() or ANONIM


def status_text(status: str, ptpp_nomor: str = "") -> str:
    """Register wording: "Baru", "Diproses", "Selesai", or "PTPP No. 001/PTPP/2026"."""
    if ptpp_nomor:
        return f"{STATUS_TEXT.get(status, status)}; PTPP No. {ptpp_nomor}"
    return STATUS_TEXT.get(status, status)


def is_overdue(
    status: str, deadline: dt.date | None, today: dt.date, closed: dt.date | None
) -> bool:
    """Late: still open after its deadline, or closed after it."""
    if deadline is None:
        return False
    if status == SELESAI and closed is not None:
        return closed > deadline
    return today > deadline


@dataclass(frozen=True)
class DeadlineClass:
    """A class of complaints with its target in working days (e.g. Sederhana: 2)."""

    nama: str
    hari: int


def class_problems(nama: str, hari: int) -> list[str]:
    found = []
    if not nama.strip():
        found.append("Nama kelas keluhan wajib diisi.")
    if not 1 <= hari <= DEFAULT_TARGET_DAYS:
        found.append(f"Target penyelesaian harus 1-{DEFAULT_TARGET_DAYS} hari kerja.")
    return found


def parse_time(text: str) -> dt.time | None:
    """09.15 / 09:15 / 9 -> a time of day; None when not one."""
    parts = text.strip().replace(":", ".").split(".")
    try:
        hour = int(parts[0])
        minute = int(parts[1]) if len(parts) > 1 and parts[1] else 0
        return dt.time(hour, minute) if len(parts) <= 2 else None
    except ValueError:
        return None
