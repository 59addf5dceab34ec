"""Provides the PTPP rules (Permintaan Tindakan Perbaikan dan Pencegahan) as pure Python.

Numbering (`001/PTPP/2026`, per year), the choices of each field, what parts 1 and 2 must
hold before the form is submitted, when a PTPP is overdue, and how an unsur-based PTPP's
effectiveness reads from the same unsur's NRR in the next period.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ikm_tui.domain.formatting import angka
from ikm_tui.domain.scoring import ScoreResult, UnsurScore
from ikm_tui.errors import ValidationError

SURVEI = "survei"
KELUHAN = "keluhan"
AUDIT = "audit"
TINJAUAN = "tinjauan"
LAIN = "lain"
SUMBER = {
    SURVEI: "Hasil survei kepuasan masyarakat (IKM/SKM)",
    KELUHAN: "Keluhan pelanggan",
    AUDIT: "Audit internal/eksternal",
    TINJAUAN: "Tinjauan manajemen",
    LAIN: "Lain-lain",
}
# The meeting finding kinds (services.meeting) answered by raising a PTPP; a "verifikasi"
# finding is answered by verifying the earlier PTPP instead.
FINDINGS_NEEDING_PTPP = ("unsur", "keluhan", "lain")
KATEGORI = {"mayor": "Mayor", "minor": "Minor", "observasi": "Observasi"}

TERBUKA = "terbuka"
TERTUTUP = "tertutup"
EFEKTIF = "efektif"
TIDAK_EFEKTIF = "tidak efektif"
HASIL_VERIFIKASI = {EFEKTIF: "Efektif", TIDAK_EFEKTIF: "Tidak efektif"}

NOMOR_PATTERN = re.compile(r"^(\d{3,})/PTPP/(\d{4})$")

# The content keys of part 1 (requester) and part 2 (receiver), with their printed labels.
PART1_FIELDS = {
    "persyaratan": "Persyaratan/SOP yang tidak dipenuhi",
    "uraian": "Uraian ketidaksesuaian",
}
PART2_FIELDS = {
    "analisis_penyebab": "Analisis penyebab",
    "koreksi": "Koreksi segera",
    "tindakan_perbaikan": "Tindakan perbaikan",
    "tindakan_pencegahan": "Tindakan pencegahan",
    "pic": "Penanggung jawab (PIC)",
}
FILTERS = {
    "semua": "Semua",
    "terbuka": "Terbuka",
    "terlambat": "Terlambat",
    "terverifikasi": "Terverifikasi",
}


def format_nomor(sequence: int, year: int) -> str:
    """001/PTPP/2026."""
    return f"{sequence:03d}/PTPP/{year}"


def parse_nomor(nomor: str) -> tuple[int, int] | None:
    """(sequence, year) of a PTPP number, or None when it is not one."""
    match = NOMOR_PATTERN.match(nomor.strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def next_nomor(existing: Iterable[str], year: int) -> str:
    """The number after the highest of `year` among `existing` (001 when there is none)."""
    sequences = [parsed[0] for n in existing if (parsed := parse_nomor(n)) and parsed[1] == year]
    return format_nomor(max(sequences, default=0) + 1, year)


def below(mutu: str | None, threshold: str = "B") -> bool:
    """Whether a mutu letter is worse than `threshold` (A best, D worst)."""
    return mutu is not None and mutu > threshold


def weakest_unsur(result: ScoreResult, count: int = 3) -> list[UnsurScore]:
    """The unsur to discuss: every unsur below mutu B, or else the lowest `count`, lowest first."""
    ranked = result.weakest(len(result.unsur))
    weak = [u for u in ranked if below(u.mutu)]
    return weak or ranked[:count]


def unsur_figures(unsur: UnsurScore, period_name: str) -> dict[str, str]:
    """The figures an unsur-based PTPP carries (printed as they are: decimal comma)."""
    return {
        "kode": unsur.kode,
        "key": unsur.key,
        "nama": unsur.nama,
        "nrr": angka(unsur.nrr, 3),
        "konversi": angka(unsur.konversi),
        "mutu": unsur.mutu or "-",
        "periode": period_name,
    }


def unsur_uraian(unsur: UnsurScore, period_name: str) -> str:
    """The default uraian ketidaksesuaian of an unsur finding."""
    figures = unsur_figures(unsur, period_name)
    return (
        f"Unsur {figures['kode']} {figures['nama']} pada {period_name} memperoleh NRR "
        f"{figures['nrr']} (nilai konversi {figures['konversi']}, mutu {figures['mutu']}), "
        "di bawah harapan pelayanan."
    )


def missing_fields(content: Mapping[str, object]) -> list[str]:
    """The labels of parts 1 and 2 still empty (the form cannot be submitted with any)."""
    missing = [
        label
        for key, label in (*PART1_FIELDS.items(), *PART2_FIELDS.items())
        if not str(content.get(key) or "").strip()
    ]
    if not content.get("target_selesai"):
        missing.append("Target selesai")
    return missing


def validate_content(content: Mapping[str, object]) -> None:
    """ValidationError naming what is missing before a PTPP may be submitted."""
    missing = missing_fields(content)
    if missing:
        raise ValidationError(f"PTPP belum lengkap: {', '.join(missing)} wajib diisi.")


def check_dates(tanggal: dt.date, batas_waktu: dt.date | None, target: dt.date | None) -> None:
    """ValidationError when the batas waktu or the target lie before the PTPP's date."""
    if batas_waktu is not None and batas_waktu < tanggal:
        raise ValidationError("Batas waktu jawaban tidak boleh sebelum tanggal PTPP.")
    if target is not None and target < tanggal:
        raise ValidationError("Target selesai tidak boleh sebelum tanggal PTPP.")


def is_overdue(target: dt.date | None, verified: bool, today: dt.date) -> bool:
    """Past its target and not yet verified."""
    return target is not None and not verified and target < today


@dataclass(frozen=True)
class Comparison:
    """An unsur's figures in the period that raised the PTPP and in the next period."""

    before_nrr: str
    before_konversi: str
    before_mutu: str
    after_period: str
    after_nrr: str
    after_konversi: str
    after_mutu: str
    provisional: bool  # the next period's collection is still open
    suggestion: str  # EFEKTIF or TIDAK_EFEKTIF

    @property
    def text(self) -> str:
        note = " (sementara: pengumpulan data belum ditutup)" if self.provisional else ""
        return (
            f"Sebelum: NRR {self.before_nrr}, konversi {self.before_konversi}, mutu "
            f"{self.before_mutu}. {self.after_period}: NRR {self.after_nrr}, konversi "
            f"{self.after_konversi}, mutu {self.after_mutu}{note}. Saran hasil: "
            f"{HASIL_VERIFIKASI[self.suggestion]}."
        )


def compare(
    before: Mapping[str, str],
    after: UnsurScore | None,
    after_period: str,
    provisional: bool,
) -> Comparison | None:
    """How the unsur moved; efektif when its conversion rose and its mutu is B or better (or
    improved). None when the next period has no answer for that unsur yet."""
    if after is None or after.konversi is None or after.mutu is None:
        return None
    before_value = Decimal(before["konversi"].replace(".", "").replace(",", "."))
    improved = after.konversi > before_value
    good = not below(after.mutu) or after.mutu < before.get("mutu", "D")
    suggestion = EFEKTIF if improved and good else TIDAK_EFEKTIF
    return Comparison(
        before["nrr"],
        before["konversi"],
        before.get("mutu", "-"),
        after_period,
        angka(after.nrr, 3),
        angka(after.konversi),
        after.mutu,
        provisional,
        suggestion,
    )
