"""Provides the SOP "Pengukuran Kepuasan Pelanggan" as data: roles, steps, time standards.

Another office's variant of the SOP is a change to `SOP_STEPS` only. The SOP has no step 7;
its numbering is kept.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

STAF = "staf"
SEKCAM = "sekcam"
CAMAT = "camat"
ADMIN = "admin"

ROLES = (STAF, SEKCAM, CAMAT, ADMIN)
SIGNING_ROLES = (STAF, SEKCAM, CAMAT)
ROLE_NAMES = {
    STAF: "Staf",
    SEKCAM: "Sekretaris Camat",
    CAMAT: "Camat",
    ADMIN: "Admin",
}


@dataclass(frozen=True)
class TimeStandard:
    """A Mutu Baku time standard: an amount of minutes, hours, working days or months."""

    amount: int
    unit: str  # "menit" | "jam" | "hari" | "bulan"

    @property
    def text(self) -> str:
        return f"{self.amount} {self.unit}"

    def deadline(self, start: dt.datetime) -> dt.datetime:
        """When a step started at `start` is due; "hari" counts working days (Mon-Fri)."""
        if self.unit == "menit":
            return start + dt.timedelta(minutes=self.amount)
        if self.unit == "jam":
            return start + dt.timedelta(hours=self.amount)
        if self.unit == "hari":
            due = start
            remaining = self.amount
            while remaining > 0:
                due += dt.timedelta(days=1)
                if due.weekday() < 5:
                    remaining -= 1
            return due
        if self.unit == "bulan":
            month_index = start.month - 1 + self.amount
            year = start.year + month_index // 12
            month = month_index % 12 + 1
            day = min(start.day, calendar.monthrange(year, month)[1])
            return start.replace(year=year, month=month, day=day)
        raise ValueError(f"satuan waktu tidak dikenal: {self.unit}")


@dataclass(frozen=True)
class SopStep:
    """One SOP activity with its executing role(s), requirements, time standard and output."""

    number: int
    name: str
    roles: tuple[str, ...]  # the first role is the one who starts and finishes the step
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    standard: TimeStandard

    @property
    def role(self) -> str:
        return self.roles[0]


SOP_STEPS: tuple[SopStep, ...] = (
    SopStep(
        1,
        "Menyusun konsep pengukuran kepuasan pelanggan",
        (STAF,),
        ("Draft kuesioner", "Data pelanggan"),
        ("Draft kuesioner", "Data pelanggan"),
        TimeStandard(1, "hari"),
    ),
    SopStep(
        2,
        "Memeriksa konsep pengukuran",
        (SEKCAM,),
        ("Kuesioner",),
        ("Kuesioner",),
        TimeStandard(1, "hari"),
    ),
    SopStep(
        3,
        "Menyetujui konsep pengukuran",
        (CAMAT,),
        ("Kuesioner",),
        ("Kuesioner",),
        TimeStandard(30, "menit"),
    ),
    SopStep(
        4,
        "Melaksanakan pengukuran kepuasan pelanggan",
        (STAF,),
        ("Data mentah", "Hasil tabulasi"),
        ("Data mentah", "Hasil tabulasi"),
        TimeStandard(4, "bulan"),
    ),
    SopStep(
        5,
        "Membuat laporan pengukuran kepuasan pelanggan",
        (STAF,),
        ("Laporan IKM",),
        ("Laporan IKM",),
        TimeStandard(1, "bulan"),
    ),
    SopStep(
        6,
        "Membahas hasil pengukuran kepuasan pelanggan",
        (CAMAT, SEKCAM, STAF),
        ("Laporan IKM",),
        ("Laporan IKM",),
        TimeStandard(1, "hari"),
    ),
    SopStep(
        8,
        "Menetapkan tindakan perbaikan/pencegahan",
        (CAMAT, SEKCAM, STAF),
        ("PTPP (Permintaan Tindakan Perbaikan dan Pencegahan)",),
        ("PTPP (Permintaan Tindakan Perbaikan dan Pencegahan)",),
        TimeStandard(1, "hari"),
    ),
    SopStep(
        9, "Membuat notulen rapat", (STAF,), ("Notulen",), ("Notulen",), TimeStandard(1, "jam")
    ),
    SopStep(
        10,
        "Mengarsipkan notulen rapat dan laporan IKM",
        (STAF,),
        ("Notulen", "Laporan IKM"),
        ("Notulen", "Laporan IKM"),
        TimeStandard(15, "menit"),
    ),
)

STEP_NUMBERS = tuple(step.number for step in SOP_STEPS)
FINAL_STEP = SOP_STEPS[-1].number
DONE = 0  # current_step value of a period whose step 10 is finished


def step(number: int) -> SopStep:
    """The SOP step with this printed number."""
    for item in SOP_STEPS:
        if item.number == number:
            return item
    raise KeyError(f"langkah SOP {number} tidak ada")


def next_step(number: int) -> int:
    """The printed number after `number` (skips the SOP's missing 7); DONE after the last."""
    index = STEP_NUMBERS.index(number)
    return STEP_NUMBERS[index + 1] if index + 1 < len(STEP_NUMBERS) else DONE


# Sign-off: every signable document goes Staf (dibuat) -> Sekcam (diperiksa) -> Camat (disetujui).
DIBUAT = "dibuat"
DIPERIKSA = "diperiksa"
DISETUJUI = "disetujui"
SIGN_STAGES = (DIBUAT, DIPERIKSA, DISETUJUI)
STAGE_ROLE = {DIBUAT: STAF, DIPERIKSA: SEKCAM, DISETUJUI: CAMAT}
STAGE_PHRASE = {DIBUAT: "Dibuat oleh", DIPERIKSA: "Diperiksa oleh", DISETUJUI: "Disetujui oleh"}

# Document states.
DRAF = "draf"
DIAJUKAN = "diajukan"  # Staf submitted; awaiting the Sekcam's check
DIPERIKSA_STATE = "diperiksa"  # Sekcam signed; awaiting the Camat
DISETUJUI_STATE = "disetujui"  # Camat signed: final
DIKEMBALIKAN = "dikembalikan"  # returned with a note; back with the Staf
DOC_STATE_TEXT = {
    DRAF: "Draf",
    DIAJUKAN: "Menunggu pemeriksaan Sekretaris Camat",
    DIPERIKSA_STATE: "Menunggu persetujuan Camat",
    DISETUJUI_STATE: "Disetujui",
    DIKEMBALIKAN: "Dikembalikan ke Staf",
}

# Document kinds that need signatures.
KUESIONER = "kuesioner"
LAPORAN = "laporan"
PTPP = "ptpp"
NOTULEN = "notulen"
DOC_KINDS = {KUESIONER: "Kuesioner", LAPORAN: "Laporan IKM", PTPP: "PTPP", NOTULEN: "Notulen"}
