"""Provides the two scoring regimes (Kepmenpan 25/2004, PermenPANRB 14/2017) as data."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Unsur:
    """One service element: printed code, stable key, name, question and the four answer labels."""

    kode: str
    key: str
    nama: str
    pertanyaan: str
    labels: tuple[str, str, str, str]  # labels[0] is score 1, labels[3] is score 4


@dataclass(frozen=True)
class Band:
    """One row of an interval table, matched on the 2-decimal converted value (lower bound only)."""

    lower_konversi: Decimal  # inclusive lower bound on the 25..100 scale
    nilai_persepsi: int
    interval_nilai: str  # as printed, e.g. "3,5324 - 4,00"
    interval_konversi: str  # as printed, e.g. "88,31 - 100,00"
    mutu: str
    kinerja: str


@dataclass(frozen=True)
class Regime:
    """A scoring regime: its unsur in printed order and its interval table."""

    id: str
    nama: str
    dasar_hukum: str
    unsur: tuple[Unsur, ...]
    bands: tuple[Band, ...]  # highest band first
    legacy_weights: tuple[str, ...]

    @property
    def n_unsur(self) -> int:
        return len(self.unsur)

    def unsur_by_kode(self, kode: str) -> Unsur:
        for item in self.unsur:
            if item.kode.upper() == kode.upper():
                return item
        raise KeyError(kode)

    def unsur_by_key(self, key: str) -> Unsur:
        for item in self.unsur:
            if item.key == key:
                return item
        raise KeyError(key)

    def classify(self, konversi: Decimal) -> Band:
        """The band for a converted value already rounded half-up to 2 decimals."""
        for band in self.bands:
            if konversi >= band.lower_konversi:
                return band
        return self.bands[-1]


PERMENPANRB_2017 = "permenpanrb-14-2017"
KEPMENPAN_2004 = "kepmenpan-25-2004"
DEFAULT_REGIME = PERMENPANRB_2017

_ASK = "Bagaimana pendapat Saudara tentang"

_UNSUR_2017 = (
    Unsur(
        "U1",
        "persyaratan",
        "Persyaratan",
        f"{_ASK} kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Unsur(
        "U2",
        "prosedur",
        "Sistem, Mekanisme, dan Prosedur",
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ),
    Unsur(
        "U3",
        "waktu",
        "Waktu Penyelesaian",
        f"{_ASK} kecepatan waktu dalam memberikan pelayanan?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ),
    Unsur(
        "U4",
        "biaya",
        "Biaya/Tarif",
        f"{_ASK} kewajaran biaya/tarif dalam pelayanan?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    ),
    Unsur(
        "U5",
        "produk",
        "Produk Spesifikasi Jenis Pelayanan",
        f"{_ASK} kesesuaian produk pelayanan antara yang tercantum dalam standar "
        "pelayanan dengan hasil yang diberikan?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Unsur(
        "U6",
        "kompetensi",
        "Kompetensi Pelaksana",
        f"{_ASK} kompetensi/kemampuan petugas dalam pelayanan?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ),
    Unsur(
        "U7",
        "perilaku",
        "Perilaku Pelaksana",
        f"{_ASK} perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
        (
            "Tidak sopan dan ramah",
            "Kurang sopan dan ramah",
            "Sopan dan ramah",
            "Sangat sopan dan ramah",
        ),
    ),
    Unsur(
        "U8",
        "sarana",
        "Sarana dan Prasarana",
        f"{_ASK} kualitas sarana dan prasarana?",
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
    ),
    Unsur(
        "U9",
        "pengaduan",
        "Penanganan Pengaduan, Saran dan Masukan",
        f"{_ASK} penanganan pengaduan pengguna layanan?",
        (
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ),
    ),
)

_UNSUR_2004 = (
    Unsur(
        "U1",
        "prosedur",
        "Prosedur pelayanan",
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ),
    Unsur(
        "U2",
        "persyaratan",
        "Persyaratan pelayanan",
        f"{_ASK} kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Unsur(
        "U3",
        "kejelasan_petugas",
        "Kejelasan petugas pelayanan",
        f"{_ASK} kejelasan dan kepastian petugas yang melayani?",
        ("Tidak jelas", "Kurang jelas", "Jelas", "Sangat jelas"),
    ),
    Unsur(
        "U4",
        "kedisiplinan",
        "Kedisiplinan petugas pelayanan",
        f"{_ASK} kedisiplinan petugas dalam memberikan pelayanan?",
        ("Tidak disiplin", "Kurang disiplin", "Disiplin", "Sangat disiplin"),
    ),
    Unsur(
        "U5",
        "tanggung_jawab",
        "Tanggung jawab petugas pelayanan",
        f"{_ASK} tanggung jawab petugas dalam memberikan pelayanan?",
        (
            "Tidak bertanggung jawab",
            "Kurang bertanggung jawab",
            "Bertanggung jawab",
            "Sangat bertanggung jawab",
        ),
    ),
    Unsur(
        "U6",
        "kemampuan",
        "Kemampuan petugas pelayanan",
        f"{_ASK} kemampuan petugas dalam memberikan pelayanan?",
        ("Tidak mampu", "Kurang mampu", "Mampu", "Sangat mampu"),
    ),
    Unsur(
        "U7",
        "kecepatan",
        "Kecepatan pelayanan",
        f"{_ASK} kecepatan pelayanan di unit ini?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ),
    Unsur(
        "U8",
        "keadilan",
        "Keadilan mendapatkan pelayanan",
        f"{_ASK} keadilan untuk mendapatkan pelayanan di unit ini?",
        ("Tidak adil", "Kurang adil", "Adil", "Sangat adil"),
    ),
    Unsur(
        "U9",
        "kesopanan",
        "Kesopanan dan keramahan petugas",
        f"{_ASK} kesopanan dan keramahan petugas dalam memberikan pelayanan?",
        (
            "Tidak sopan dan ramah",
            "Kurang sopan dan ramah",
            "Sopan dan ramah",
            "Sangat sopan dan ramah",
        ),
    ),
    Unsur(
        "U10",
        "kewajaran_biaya",
        "Kewajaran biaya pelayanan",
        f"{_ASK} kewajaran biaya untuk mendapatkan pelayanan?",
        ("Tidak wajar", "Kurang wajar", "Wajar", "Sangat wajar"),
    ),
    Unsur(
        "U11",
        "kepastian_biaya",
        "Kepastian biaya pelayanan",
        f"{_ASK} kesesuaian antara biaya yang dibayarkan dengan biaya yang telah ditetapkan?",
        ("Selalu tidak sesuai", "Kadang-kadang sesuai", "Banyak sesuainya", "Selalu sesuai"),
    ),
    Unsur(
        "U12",
        "kepastian_jadwal",
        "Kepastian jadwal pelayanan",
        f"{_ASK} ketepatan pelaksanaan terhadap jadwal waktu pelayanan?",
        ("Selalu tidak tepat", "Kadang-kadang tepat", "Banyak tepatnya", "Selalu tepat"),
    ),
    Unsur(
        "U13",
        "kenyamanan",
        "Kenyamanan lingkungan",
        f"{_ASK} kenyamanan di lingkungan unit pelayanan?",
        ("Tidak nyaman", "Kurang nyaman", "Nyaman", "Sangat nyaman"),
    ),
    Unsur(
        "U14",
        "keamanan",
        "Keamanan pelayanan",
        f"{_ASK} keamanan pelayanan di unit ini?",
        ("Tidak aman", "Kurang aman", "Aman", "Sangat aman"),
    ),
)

_BANDS_2017 = (
    Band(Decimal("88.31"), 4, "3,5324 - 4,00", "88,31 - 100,00", "A", "Sangat baik"),
    Band(Decimal("76.61"), 3, "3,0644 - 3,532", "76,61 - 88,30", "B", "Baik"),
    Band(Decimal("65.00"), 2, "2,60 - 3,064", "65,00 - 76,60", "C", "Kurang baik"),
    Band(Decimal("25.00"), 1, "1,00 - 2,5996", "25,00 - 64,99", "D", "Tidak baik"),
)

_BANDS_2004 = (
    Band(Decimal("81.26"), 4, "3,26 - 4,00", "81,26 - 100,00", "A", "Sangat baik"),
    Band(Decimal("62.51"), 3, "2,51 - 3,25", "62,51 - 81,25", "B", "Baik"),
    Band(Decimal("43.76"), 2, "1,76 - 2,50", "43,76 - 62,50", "C", "Kurang baik"),
    Band(Decimal("25.00"), 1, "1,00 - 1,75", "25,00 - 43,75", "D", "Tidak baik"),
)

REGIMES: dict[str, Regime] = {
    PERMENPANRB_2017: Regime(
        id=PERMENPANRB_2017,
        nama="PermenPANRB 14/2017",
        dasar_hukum=(
            "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi "
            "Nomor 14 Tahun 2017 tentang Pedoman Penyusunan Survei Kepuasan Masyarakat "
            "Unit Penyelenggara Pelayanan Publik"
        ),
        unsur=_UNSUR_2017,
        bands=_BANDS_2017,
        legacy_weights=("0.11", "0.111"),
    ),
    KEPMENPAN_2004: Regime(
        id=KEPMENPAN_2004,
        nama="Kepmenpan 25/2004",
        dasar_hukum=(
            "Keputusan Menteri Pendayagunaan Aparatur Negara Nomor KEP/25/M.PAN/2/2004 "
            "tentang Pedoman Umum Penyusunan Indeks Kepuasan Masyarakat Unit Pelayanan "
            "Instansi Pemerintah"
        ),
        unsur=_UNSUR_2004,
        bands=_BANDS_2004,
        legacy_weights=("0.071",),
    ),
}


def get_regime(regime_id: str) -> Regime:
    """The regime with this id; KeyError names the valid ids."""
    try:
        return REGIMES[regime_id]
    except KeyError:
        valid = ", ".join(REGIMES)
        raise KeyError(f"regime tidak dikenal: {regime_id!r} (pilihan: {valid})") from None


def unsur_label(key: str, regime_id: str = DEFAULT_REGIME) -> str:
    """An unsur as users read it, "U3 Waktu Penyelesaian", from its stable key ("waktu").

    The stable key is internal: every text shown or printed names the unsur this way. A key the
    regime lacks is looked up in the other regime; one no regime knows is shown as it is.
    """
    for regime in (REGIMES.get(regime_id), *REGIMES.values()):
        for unsur in regime.unsur if regime else ():
            if unsur.key == key:
                return f"{unsur.kode} {unsur.nama}"
    return key or "-"
