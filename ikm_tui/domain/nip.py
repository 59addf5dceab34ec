"""Provides checking and printing the 18-digit NIP (Nomor Induk Pegawai) of a civil servant.

Layout: yyyymmdd (birth date) yyyymm (TMT CPNS) g (1 = laki-laki, 2 = perempuan) nnn (serial).
"""

from __future__ import annotations

import datetime as dt

NIP_LENGTH = 18


def normalise_nip(text: str) -> str:
    """The NIP as stored (18 digits): typed as printed, "19700605 199003 1 013", or with dots
    or dashes, the separators are dropped; anything else is left for `nip_problem` to name."""
    return "".join(char for char in text if not (char.isspace() or char in ".-"))


def nip_problem(nip: str) -> str | None:
    """Why `nip` is not a valid NIP (Bahasa Indonesia), or None when it is valid."""
    if len(nip) != NIP_LENGTH or not nip.isascii() or not nip.isdigit():
        return f"NIP harus {NIP_LENGTH} angka (tertulis: {nip!r})."
    try:
        birth = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return f"NIP {nip}: angka 1-8 harus tanggal lahir yang sah (tttt bb hh)."
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12 or tmt_year < 1900:
        return f"NIP {nip}: angka 9-14 harus tahun dan bulan TMT yang sah (tttt bb)."
    if (tmt_year, tmt_month) <= (birth.year, birth.month):
        return f"NIP {nip}: TMT (angka 9-14) harus sesudah tanggal lahir."
    if nip[14] not in "12":
        return f"NIP {nip}: angka ke-15 (jenis kelamin) harus 1 atau 2."
    if nip[15:] == "000":
        return f"NIP {nip}: nomor urut (angka 16-18) tidak boleh 000."
    return None


def format_nip(nip: str) -> str:
    """A NIP grouped as printed under a signature: 19800101 200501 1 001."""
    if len(nip) != NIP_LENGTH:
        return nip
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
