"""Provides the archive rules of step 10 (pure): the fields of an archive item (berkas), their
defaults for the IKM/SKM documents, their validation, and retention.

Classification follows Permendagri 83/2022 (`000.8.3.4` Pelayanan Publik); retention and the
final disposition come from the kabupaten's JRA, so every field stays editable. Active
retention runs from the end of the item's kurun waktu: an item of 2026 with 2 years active is
active until 31 December 2028, then inactive for `retensi_inaktif` years, then its nasib akhir.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

DEFAULT_CLASSIFICATION = "000.8.3.4"
DEFAULT_ACTIVE_YEARS = 2
DEFAULT_INACTIVE_YEARS = 3

TINGKAT_PERKEMBANGAN = ("asli", "salinan")
NASIB_AKHIR = ("permanen", "musnah", "dinilai kembali")
KLASIFIKASI_KEAMANAN = ("biasa", "terbatas", "rahasia")

# What an item holds: the approved documents of the period (by document kind) and the meeting's
# daftar hadir, which is not a signed document but a list kept with the notulen.
DAFTAR_HADIR = "daftar_hadir"
ITEM_NOUNS = {
    "laporan": "Laporan hasil survei kepuasan masyarakat",
    "notulen": "Notulen rapat pembahasan hasil survei kepuasan masyarakat",
    "ptpp": "Permintaan tindakan perbaikan dan pencegahan (PTPP)",
    "pengumuman": "Pengumuman hasil survei kepuasan masyarakat",
    DAFTAR_HADIR: "Daftar hadir rapat pembahasan hasil survei kepuasan masyarakat",
}
# Order in which a period's items are numbered and listed.
ITEM_ORDER = ("laporan", "pengumuman", "notulen", DAFTAR_HADIR, "ptpp")

_CODE = re.compile(r"^\d{3}(\.\d{1,3}){0,4}$")
_YEAR = re.compile(r"(19|20)\d{2}")


@dataclass(frozen=True)
class ArchiveDraft:
    """An item as proposed before archiving (every field but the source may be edited)."""

    jenis: str  # a document kind or DAFTAR_HADIR
    source_id: int  # the document id, or the meeting id of a daftar hadir
    judul: str  # the document's title (shown while choosing)
    uraian: str
    kurun_waktu: str
    kode_klasifikasi: str = DEFAULT_CLASSIFICATION
    jumlah: str = "1 berkas"
    tingkat_perkembangan: str = "asli"
    retensi_aktif: int = DEFAULT_ACTIVE_YEARS
    retensi_inaktif: int = DEFAULT_INACTIVE_YEARS
    nasib_akhir: str = "permanen"
    lokasi_simpan: str = ""  # room / lemari of the wet-signed paper
    rak: str = ""
    boks: str = ""
    klasifikasi_keamanan: str = "biasa"
    berkas: str = ""  # a file (scan of the signed paper) to store instead of the rendered one

    def edited(self, **changes: object) -> ArchiveDraft:
        return replace(self, **changes)  # type: ignore[arg-type]


def kurun_waktu(start: dt.date, end: dt.date) -> str:
    """The years an item covers: "2026" or "2025-2026"."""
    return str(start.year) if start.year == end.year else f"{start.year}-{end.year}"


def last_year(kurun: str) -> int | None:
    """The last year named in a kurun waktu ("Januari-Juni 2026" -> 2026), or None."""
    years = [int(match.group(0)) for match in _YEAR.finditer(kurun)]
    return max(years) if years else None


def problems(draft: ArchiveDraft) -> list[str]:
    """What is wrong with a draft item, as sentences (empty when it may be archived)."""
    found: list[str] = []
    name = draft.uraian.strip() or draft.judul
    if not draft.uraian.strip():
        found.append(f"{draft.judul}: uraian wajib diisi.")
    if not _CODE.match(draft.kode_klasifikasi.strip()):
        found.append(
            f"{name}: kode klasifikasi {draft.kode_klasifikasi!r} tidak valid (000.8.3.4)."
        )
    if last_year(draft.kurun_waktu) is None:
        found.append(f"{name}: kurun waktu harus memuat tahun (mis. 2026).")
    if not draft.jumlah.strip():
        found.append(f"{name}: jumlah wajib diisi (mis. 1 berkas).")
    if draft.tingkat_perkembangan not in TINGKAT_PERKEMBANGAN:
        found.append(f"{name}: tingkat perkembangan harus asli atau salinan.")
    if not 0 <= draft.retensi_aktif <= 100 or not 0 <= draft.retensi_inaktif <= 100:
        found.append(f"{name}: retensi aktif/inaktif harus 0-100 tahun.")
    if draft.nasib_akhir not in NASIB_AKHIR:
        found.append(f"{name}: nasib akhir harus {', '.join(NASIB_AKHIR)}.")
    if draft.klasifikasi_keamanan not in KLASIFIKASI_KEAMANAN:
        found.append(f"{name}: klasifikasi keamanan harus {', '.join(KLASIFIKASI_KEAMANAN)}.")
    if not (draft.lokasi_simpan.strip() or draft.rak.strip() or draft.boks.strip()):
        found.append(f"{name}: lokasi simpan kertas bertanda tangan basah (rak, boks) wajib diisi.")
    return found


def nomor_berkas(year: int, sequence: int) -> str:
    """The item's number within the year's archive: 2026/001."""
    return f"{year}/{sequence:03d}"


def next_sequence(existing: list[str], year: int) -> int:
    """The next sequence of `year` given the numbers already used (max + 1)."""
    prefix = f"{year}/"
    tails = [n[len(prefix) :] for n in existing if n.startswith(prefix)]
    used = [int(tail) for tail in tails if tail.isdigit()]
    return max(used, default=0) + 1


@dataclass(frozen=True)
class Retention:
    """When an item leaves the active archive, and when its nasib akhir is due."""

    active_until: dt.date
    inactive_until: dt.date

    def stage(self, today: dt.date) -> str:
        """ "aktif", "inaktif" or "nasib akhir" on `today`."""
        if today <= self.active_until:
            return "aktif"
        if today <= self.inactive_until:
            return "inaktif"
        return "nasib akhir"


def retention(kurun: str, active_years: int, inactive_years: int) -> Retention | None:
    """The retention of an item of this kurun waktu (None when it names no year)."""
    year = last_year(kurun)
    if year is None:
        return None
    return Retention(
        dt.date(year + active_years, 12, 31), dt.date(year + active_years + inactive_years, 12, 31)
    )
