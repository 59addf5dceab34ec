"""Provides the respondent profile fields with the codes printed on the paper form."""

from __future__ import annotations

from dataclasses import dataclass

from ikm_tui.domain.regimes import KEPMENPAN_2004


@dataclass(frozen=True)
class ProfileField:
    """A coded profile field: key, label and (code, label) options; usia has no options."""

    key: str
    label: str
    options: tuple[tuple[str, str], ...]
    width: int = 1  # keystrokes per answer on the entry form

    def label_for(self, code: str | None) -> str:
        if code is None or code == "":
            return "Tidak diisi"
        for option_code, option_label in self.options:
            if option_code == code:
                return option_label
        return code

    def is_valid(self, code: str) -> bool:
        return any(option_code == code for option_code, _ in self.options)


JENIS_KELAMIN = ProfileField(
    "jenis_kelamin", "Jenis kelamin", (("1", "Laki-laki"), ("2", "Perempuan"))
)
USIA = ProfileField("usia", "Usia (tahun)", (), width=2)

_PENDIDIKAN_2017 = ProfileField(
    "pendidikan",
    "Pendidikan terakhir",
    (
        ("1", "SD"),
        ("2", "SMP"),
        ("3", "SMA"),
        ("4", "D1-D3"),
        ("5", "D4-S1"),
        ("6", "S2"),
        ("7", "S3"),
    ),
)
_PEKERJAAN_2017 = ProfileField(
    "pekerjaan",
    "Pekerjaan",
    (
        ("1", "PNS"),
        ("2", "TNI"),
        ("3", "POLRI"),
        ("4", "Swasta"),
        ("5", "Wirausaha"),
        ("6", "Lainnya"),
    ),
)
_PENDIDIKAN_2004 = ProfileField(
    "pendidikan",
    "Pendidikan terakhir",
    (
        ("1", "SD ke bawah"),
        ("2", "SLTP"),
        ("3", "SLTA"),
        ("4", "D1-D3-D4"),
        ("5", "S-1"),
        ("6", "S-2 ke atas"),
    ),
)
_PEKERJAAN_2004 = ProfileField(
    "pekerjaan",
    "Pekerjaan utama",
    (
        ("1", "PNS/TNI/Polri"),
        ("2", "Pegawai swasta"),
        ("3", "Wiraswasta/Usahawan"),
        ("4", "Pelajar/Mahasiswa"),
        ("5", "Lainnya"),
    ),
)

# Age bands used by breakdowns and reports: (label, lowest age, highest age inclusive).
USIA_BANDS: tuple[tuple[str, int, int], ...] = (
    ("< 20 tahun", 0, 19),
    ("20-29 tahun", 20, 29),
    ("30-39 tahun", 30, 39),
    ("40-49 tahun", 40, 49),
    ("50-59 tahun", 50, 59),
    (">= 60 tahun", 60, 200),
)


def usia_band(usia: int | None) -> str:
    """The report band of an age; "Tidak diisi" for a blank."""
    if usia is None:
        return "Tidak diisi"
    for label, low, high in USIA_BANDS:
        if low <= usia <= high:
            return label
    return "Tidak diisi"


def profile_fields(regime_id: str) -> tuple[ProfileField, ...]:
    """The profile fields in paper-form order for a regime (jenis layanan is kept apart)."""
    if regime_id == KEPMENPAN_2004:
        return (JENIS_KELAMIN, USIA, _PENDIDIKAN_2004, _PEKERJAAN_2004)
    return (JENIS_KELAMIN, USIA, _PENDIDIKAN_2017, _PEKERJAAN_2017)


PROFILE_KEYS = ("jenis_kelamin", "usia", "pendidikan", "pekerjaan")
