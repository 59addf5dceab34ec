"""Provides AuditService: the audit trail for the Sekretaris Camat, the Camat and the Admin,
filtered by period, user and action, with corrections and their reasons in plain words."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain.regimes import REGIMES
from ikm_tui.domain.sop import ADMIN, CAMAT, SEKCAM
from ikm_tui.errors import PermissionDenied
from ikm_tui.persistence import audit_view
from ikm_tui.persistence.audit_view import AuditEntry, AuditFilter

__all__ = ["READERS", "AuditFilter", "AuditLine", "AuditService"]
from ikm_tui.persistence.records import UserRecord

READERS = (SEKCAM, CAMAT, ADMIN)

# Bahasa Indonesia names of the actions people look for; others are shown by their key.
ACTION_NAMES = {
    "login_berhasil": "Masuk",
    "login_gagal": "Gagal masuk",
    "login_terkunci": "Akun terkunci",
    "formulir_simpan": "Formulir disimpan",
    "responden_entri": "Formulir dimasukkan",
    "dokumen_ekspor": "Dokumen dicetak",
    "dokumen_versi_baru": "Dokumen versi baru",
    "langkah_buka_ulang": "Langkah dibuka lagi",
    "libur_tambah": "Hari libur ditambah",
    "libur_hapus": "Hari libur dihapus",
    "pengguna_aktif": "Pengguna diaktifkan",
    "sandi_ubah": "Kata sandi diubah",
    "populasi_impor": "Populasi diimpor",
    "arsip_tambah": "Arsip ditambah",
    "keluhan_catat": "Keluhan dicatat",
    "rapat_catat": "Rapat dicatat",
    "rapat_notulen": "Notulen dibuat",
    "ptpp_buat": "PTPP dibuat",
    "basis_data_init": "Basis data disiapkan",
    "pemulihan_admin": "Sandi Admin dipulihkan",
    "pemulihan_gagal": "Pemulihan gagal",
    "formulir_koreksi": "Formulir dikoreksi",
    "formulir_kecualikan": "Formulir dikecualikan",
    "formulir_pulihkan": "Formulir dipulihkan",
    "impor": "Impor berkas",
    "dokumen_buat": "Dokumen dibuat",
    "dokumen_ubah": "Dokumen diubah",
    "dokumen_ajukan": "Dokumen diajukan",
    "dokumen_periksa": "Dokumen diperiksa",
    "dokumen_setujui": "Dokumen disetujui",
    "dokumen_kembalikan": "Dokumen dikembalikan",
    "langkah_mulai": "Langkah dimulai",
    "langkah_selesai": "Langkah selesai",
    "pengumpulan_tutup": "Pengumpulan ditutup",
    "pengumpulan_buka": "Pengumpulan dibuka lagi",
    "periode_buat": "Periode dibuat",
    "populasi_ubah": "Populasi diubah",
    "pengguna_tambah": "Pengguna ditambah",
    "pengguna_ubah": "Pengguna diubah",
    "kata_sandi_ganti": "Kata sandi diganti",
    "kantor_atur": "Kop kantor diatur",
    "kantor_ubah": "Kop kantor diubah",
    "layanan_tambah": "Jenis layanan ditambah",
    "basis_data_dipulihkan": "Basis data dipulihkan",
}
# Detail keys shown first (the reason of a correction before anything else).
HEX = frozenset("0123456789abcdef")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FIRST_KEYS = ("alasan", "catatan", "nomor", "jenis", "judul", "jumlah", "sumber")


@dataclass(frozen=True)
class AuditLine:
    """One entry as the audit view shows it."""

    id: int
    at: dt.datetime
    username: str
    action: str
    action_name: str
    keterangan: str


def action_name(action: str) -> str:
    return ACTION_NAMES.get(action, action.replace("_", " ").capitalize())


def describe(entry: AuditEntry) -> str:
    """The entry's detail as one line: reasons first, hashes left out."""
    detail = {k: v for k, v in entry.detail.items() if "hash" not in k}
    keys = [k for k in FIRST_KEYS if k in detail] + sorted(k for k in detail if k not in FIRST_KEYS)
    if detail.get("regime") in REGIMES:  # the regime's name, not its key
        detail["regime"] = REGIMES[detail["regime"]].nama
    parts = [
        f"{key.replace('_', ' ')}: {_value(detail[key])}"
        for key in keys
        if detail[key] not in ("", None, [], {})
    ]
    return "; ".join(parts)


def _is_digest(value: object) -> bool:
    """A content fingerprint (hex SHA-256 or the like): checked by `verify`, not read."""
    return isinstance(value, str) and len(value) >= 32 and all(c in HEX for c in value)


def _ranges(keys: list[object]) -> str:
    """Form numbers as runs: 233-236, 240 (numbers that are not integers as they are)."""
    try:
        numbers = sorted(int(str(key)) for key in keys)
    except ValueError:
        return ", ".join(str(key) for key in keys)
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _value(value: object) -> str:
    if isinstance(value, dict) and value and all(_is_digest(v) for v in value.values()):
        # {form number: content fingerprint}: the numbers say which forms; verify checks them
        return "no. " + _ranges(list(value))
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        return dt.date.fromisoformat(value).strftime("%d-%m-%Y")
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


class AuditService:
    """Reads the audit trail for the roles that supervise the work."""

    def __init__(self, clock: Clock = system_clock) -> None:
        self.clock = clock

    @staticmethod
    def require_reader(actor: UserRecord) -> None:
        if not any(actor.has_role(role) for role in READERS):
            raise PermissionDenied(
                "Jejak audit hanya dapat dibuka Sekretaris Camat, Camat atau Admin."
            )

    def lines(self, actor: UserRecord, filters: AuditFilter, limit: int = 500) -> list[AuditLine]:
        self.require_reader(actor)
        return [
            AuditLine(
                entry.id,
                entry.at,
                entry.username,
                entry.action,
                action_name(entry.action),
                describe(entry),
            )
            for entry in audit_view.search(filters, limit)
        ]

    def choices(self, actor: UserRecord) -> tuple[list[str], list[tuple[str, str]]]:
        """The user names and the (action, name) pairs that occur, for the filters."""
        self.require_reader(actor)
        return audit_view.usernames(), [(a, action_name(a)) for a in audit_view.actions()]
