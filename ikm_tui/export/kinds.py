"""Provides the document kinds the engine renders: their placeholders and signature slots.

Plain data (no python-docx), so the CLI can list the kinds and template checks can name the
placeholders without loading Word libraries. A new kind adds one `KindSpec` to `KINDS`, one
builder to `export/templates/build.py` and a `document_data` provider in its service (see
docs/ARCHITECTURE.md, "Document engine").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ikm_tui.errors import NotFound

# Placeholders the engine gives every template, next to the kind's own keys.
COMMON_KEYS = (
    "kop",
    "draf",
    "tempat_tanggal",
    "kota",
    "tanggal",
    "ttd",
    "verifikasi",
    "dokumen",
)
SIGNER_FIELDS = ("frasa", "jabatan", "nama", "pangkat", "nip", "kode")
KOP_FIELDS = ("pemerintah", "nama_unit", "alamat", "kontak", "logo")


@dataclass(frozen=True)
class KindSpec:
    """One document kind: its name, the placeholders its context provides, its signers.

    `keys`: the kind's own top-level placeholders; `slots`: signature slots, left to right
    (`ttd.<slot>.nama` ...); `images`: keys whose value is an `ImageRef` (rendered as a picture);
    `sample`: a context shaped like the real one, used to check an installed template's
    attribute names (`{{ judul }}`, `{{ q.teks }}`) without a database.
    """

    kind: str
    title: str
    keys: tuple[str, ...]
    slots: tuple[str, ...] = ("dibuat", "diperiksa", "disetujui")
    images: tuple[str, ...] = ()
    sample: Callable[[], Mapping[str, Any]] | None = field(default=None, compare=False)

    @property
    def all_keys(self) -> frozenset[str]:
        return frozenset(COMMON_KEYS) | frozenset(self.keys)


def _sample_kuesioner() -> Mapping[str, Any]:
    from ikm_tui.domain.questionnaire import template
    from ikm_tui.export.questionnaire_docx import questionnaire_context

    return questionnaire_context(template("permenpanrb-14-2017", [("01", "KTP")]), "Periode")


def _sample_laporan() -> Mapping[str, Any]:
    from ikm_tui.export.report_context import sample_laporan

    return sample_laporan()


def _sample_pengumuman() -> Mapping[str, Any]:
    from ikm_tui.export.report_context import sample_pengumuman

    return sample_pengumuman()


KINDS: dict[str, KindSpec] = {
    "kuesioner": KindSpec(
        "kuesioner",
        "Kuesioner",
        keys=(
            "judul",
            "subjudul",
            "pengantar",
            "data_survei",
            "profil",
            "pertanyaan",
            "saran",
            "baris_saran",
            "terima_kasih",
        ),
        sample=_sample_kuesioner,
    ),
    "laporan": KindSpec(
        "laporan",
        "Laporan IKM",
        keys=(
            "judul",
            "unit",
            "subjudul",
            "rentang",
            "narasi",
            "rtl",
            "angka",
            "dasar_hukum",
            "kalimat",
            "kuesioner",
            "olah",
            "tren",
            "grafik_unsur",
            "grafik_tren",
        ),
        images=("grafik_unsur", "grafik_tren"),
        sample=_sample_laporan,
    ),
    "pengumuman": KindSpec(
        "pengumuman",
        "Pengumuman hasil SKM",
        keys=(
            "periode",
            "mulai",
            "selesai",
            "ikm",
            "mutu",
            "kinerja",
            "responden",
            "unsur",
            "rtl",
            "pembuka",
            "penutup",
        ),
        slots=("disetujui",),
        sample=_sample_pengumuman,
    ),
}


def _signer_sample() -> dict[str, str]:
    return {"frasa": "Pemohon", "jabatan": "Staf", "nama": "Nama", "pangkat": "", "nip": "NIP"}


def _sample_ptpp() -> Mapping[str, Any]:
    keys = [
        "nomor",
        "tanggal",
        "formulir",
        "revisi",
        "kepada",
        "dari",
        "status",
        "sumber",
        "persyaratan",
        "kategori",
        "uraian",
        "unsur",
        "batas_waktu",
        "analisis_penyebab",
        "koreksi",
        "tindakan_perbaikan",
        "tindakan_pencegahan",
        "pic",
        "target_selesai",
        "dokumen_revisi",
        "hasil",
        "pembanding",
        "catatan",
        "tanggal_verifikasi",
        "lanjutan",
    ]
    page: dict[str, Any] = dict.fromkeys(keys, "-")
    slots = ("pemohon", "pemeriksa", "penetap", "verifikator", "mengetahui")
    page["ttd"] = {slot: {**_signer_sample(), "kode": ""} for slot in slots}
    return {"judul": "PTPP", "daftar": [page]}


def _sample_register() -> Mapping[str, Any]:
    keys = "no nomor tanggal temuan penyebab perbaikan pencegahan pic target selesai hasil status"
    return {"judul": "Register", "subjudul": "Periode", "baris": [dict.fromkeys(keys.split(), "-")]}


def _sample_notulen() -> Mapping[str, Any]:
    text = "sidang hari_tanggal surat_undangan waktu tempat ketua sekretaris pencatat"
    return {
        **dict.fromkeys(text.split(), "-"),
        "jumlah_peserta": "1",
        "acara": ["-"],
        "peserta": ["-"],
        "pembukaan": ["-"],
        "pembahasan": ["-"],
        "keputusan": ["-"],
        "tindak_lanjut": [{"uraian": "-", "pic": "-", "target": "-", "ptpp": "-"}],
        "penutup": "-",
    }


def _sample_daftar_hadir() -> Mapping[str, Any]:
    row = dict.fromkeys(["no", "nama", "jabatan", "nip", "kiri", "kanan"], "-")
    return {**dict.fromkeys(("acara", "hari_tanggal", "waktu", "tempat"), "-"), "baris": [row]}


KINDS.update(
    {
        "ptpp": KindSpec("ptpp", "PTPP", keys=("judul", "daftar"), slots=(), sample=_sample_ptpp),
        "register-ptpp": KindSpec(
            "register-ptpp",
            "Register PTPP",
            keys=("judul", "subjudul", "baris"),
            slots=("dibuat", "disetujui"),
            sample=_sample_register,
        ),
        "notulen": KindSpec(
            "notulen",
            "Notulen rapat",
            keys=(
                "sidang",
                "hari_tanggal",
                "surat_undangan",
                "waktu",
                "tempat",
                "acara",
                "ketua",
                "sekretaris",
                "pencatat",
                "jumlah_peserta",
                "peserta",
                "pembukaan",
                "pembahasan",
                "keputusan",
                "tindak_lanjut",
                "penutup",
            ),
            slots=("pencatat", "pimpinan"),
            sample=_sample_notulen,
        ),
        "daftar-hadir": KindSpec(
            "daftar-hadir",
            "Daftar hadir rapat",
            keys=("acara", "hari_tanggal", "waktu", "tempat", "baris"),
            slots=("pimpinan",),
            sample=_sample_daftar_hadir,
        ),
    }
)


DAFTAR_ARSIP_ROW = [
    "no",
    "nomor",
    "kode",
    "uraian",
    "kurun",
    "jumlah",
    "tingkat",
    "retensi",
    "nasib",
    "lokasi",
    "keamanan",
    "berkas",
]
REGISTER_KELUHAN_ROW = [
    "no",
    "nomor",
    "tanggal",
    "saluran",
    "pelapor",
    "layanan",
    "uraian",
    "unsur",
    "petugas",
    "diteruskan",
    "tindak_lanjut",
    "selesai",
    "lama",
    "status",
    "konfirmasi",
]
KELUHAN_FIELDS = [
    "nomor",
    "tanggal",
    "jam",
    "saluran",
    "tiket",
    "nama",
    "alamat",
    "hp",
    "layanan",
    "uraian",
    "harapan",
    "klasifikasi",
    "unsur",
    "tindakan_segera",
    "ptpp",
    "disposisi",
    "tanggapan",
    "tindak_lanjut",
    "batas_waktu",
    "kelas",
    "status",
    "selesai",
    "konfirmasi",
]


def _sample_daftar_arsip() -> Mapping[str, Any]:
    return {
        "judul": "DAFTAR ARSIP",
        "subjudul": "Periode",
        "pengantar": "-",
        "baris": [dict.fromkeys(DAFTAR_ARSIP_ROW, "-")],
    }


def _sample_keluhan() -> Mapping[str, Any]:
    return {"judul": "FORM CATATAN KELUHAN PELANGGAN", "k": dict.fromkeys(KELUHAN_FIELDS, "-")}


def _sample_register_keluhan() -> Mapping[str, Any]:
    return {
        "judul": "BUKU REGISTER KELUHAN PELANGGAN",
        "subjudul": "Periode",
        "ringkasan": "-",
        "baris": [dict.fromkeys(REGISTER_KELUHAN_ROW, "-")],
    }


KINDS.update(
    {
        "daftar-arsip": KindSpec(
            "daftar-arsip",
            "Daftar arsip",
            keys=("judul", "subjudul", "pengantar", "baris"),
            slots=("dibuat", "mengetahui"),
            sample=_sample_daftar_arsip,
        ),
        "keluhan": KindSpec(
            "keluhan",
            "Form catatan keluhan pelanggan",
            keys=("judul", "k"),
            slots=("pelapor", "penerima", "mengetahui"),
            sample=_sample_keluhan,
        ),
        "register-keluhan": KindSpec(
            "register-keluhan",
            "Buku register keluhan pelanggan",
            keys=("judul", "subjudul", "ringkasan", "baris"),
            slots=("dibuat", "mengetahui"),
            sample=_sample_register_keluhan,
        ),
    }
)


def get_kind(kind: str) -> KindSpec:
    """The spec of `kind`, or NotFound naming the kinds there are."""
    try:
        return KINDS[kind]
    except KeyError:
        raise NotFound(
            f"Jenis dokumen {kind!r} tidak dikenal (pilihan: {', '.join(sorted(KINDS))})."
        ) from None
