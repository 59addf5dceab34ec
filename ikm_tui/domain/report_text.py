"""Provides the Laporan IKM's narrative fields and their Indonesian default texts.

The Staf edits these texts on the step-5 screen; figures are never part of them (the report
prints the computed figures in fixed sentences beside them), so an edited text cannot
contradict the data. `rtl_defaults` offers one follow-up row per weakest unsur.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NarrativeField:
    """One editable text of the report: key, the chapter it belongs to, its label."""

    key: str
    bab: str
    label: str


NARRATIVE_FIELDS = (
    NarrativeField("kata_pengantar", "Kata Pengantar", "Kata pengantar"),
    NarrativeField("latar_belakang", "BAB I", "1.1 Latar belakang"),
    NarrativeField("maksud_tujuan", "BAB I", "1.3 Maksud dan tujuan"),
    NarrativeField("pelaksana", "BAB II", "2.1 Pelaksana"),
    NarrativeField("metode", "BAB II", "2.2 Metode"),
    NarrativeField("lokasi", "BAB II", "2.3 Lokasi"),
    NarrativeField("analisis", "BAB IV", "4.1 Kelemahan dan kelebihan (uraian)"),
    NarrativeField("kesimpulan", "BAB V", "5.1 Kesimpulan (uraian)"),
    NarrativeField("saran", "BAB V", "5.2 Saran"),
)
NARRATIVE_KEYS = tuple(f.key for f in NARRATIVE_FIELDS)
RTL_COLUMNS = ("unsur", "program", "waktu", "penanggung_jawab")
MAX_RTL_ROWS = 9

# A sensible first programme per unsur (stable key) for the rencana tindak lanjut.
PROGRAMS: dict[str, str] = {
    "persyaratan": "Memasang daftar persyaratan tiap layanan di papan informasi dan laman",
    "prosedur": "Menyederhanakan alur layanan dan memasang bagan alur di ruang tunggu",
    "waktu": "Menambah petugas loket pada jam sibuk dan menerapkan nomor antrean",
    "biaya": "Mengumumkan bahwa layanan tidak dipungut biaya di setiap loket",
    "produk": "Memeriksa ulang dokumen sebelum diserahkan (daftar periksa)",
    "kompetensi": "Bimbingan teknis pelayanan bagi petugas loket",
    "perilaku": "Pembinaan sikap pelayanan (senyum, sapa, salam) secara berkala",
    "sarana": "Perbaikan ruang tunggu: kursi, kipas angin, air minum, toilet",
    "pengaduan": "Membuka kotak saran tiap minggu dan menanggapi pengaduan melalui WhatsApp",
    # Kepmenpan 25/2004 keys
    "kejelasan_petugas": "Memasang papan nama dan tugas petugas di setiap loket",
    "kedisiplinan": "Apel pagi dan daftar hadir petugas loket sebelum jam layanan dibuka",
    "tanggung_jawab": "Menetapkan penanggung jawab setiap jenis layanan dan mengumumkannya",
    "kemampuan": "Bimbingan teknis pelayanan bagi petugas loket",
    "kecepatan": "Menambah petugas loket pada jam sibuk dan menerapkan nomor antrean",
    "keadilan": "Menerapkan nomor antrean untuk semua pemohon tanpa kecuali",
    "kesopanan": "Pembinaan sikap pelayanan (senyum, sapa, salam) secara berkala",
    "kewajaran_biaya": "Mengumumkan biaya resmi setiap layanan di papan informasi",
    "kepastian_biaya": "Memberikan tanda terima untuk setiap pembayaran sesuai tarif resmi",
    "kepastian_jadwal": "Mengumumkan jam layanan dan waktu penyelesaian setiap jenis layanan",
    "kenyamanan": "Perbaikan ruang tunggu: kursi, kipas angin, air minum, toilet",
    "keamanan": "Memasang kamera pengawas dan menyediakan tempat penitipan barang",
}
DEFAULT_PROGRAM = "Menyusun langkah perbaikan unsur ini bersama petugas layanan"


def defaults(unit: str, kota: str, period_name: str, regime_nama: str) -> dict[str, str]:
    """The narrative fields' default texts for an office and a period."""
    unit_text = unit.title() if unit.isupper() else unit
    return {
        "kata_pengantar": (
            f"Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa, sehingga laporan hasil "
            f"Survei Kepuasan Masyarakat {unit_text} {period_name} dapat diselesaikan. Survei ini "
            "merupakan sarana untuk mengetahui pendapat masyarakat atas pelayanan yang kami "
            "berikan, sekaligus bahan evaluasi dan perbaikan mutu pelayanan publik. Kami "
            "menyampaikan terima kasih kepada masyarakat yang telah bersedia menjadi responden "
            "dan kepada seluruh petugas yang telah membantu pelaksanaan survei. Semoga laporan "
            "ini bermanfaat bagi peningkatan kualitas pelayanan."
        ),
        "latar_belakang": (
            "Pelayanan publik merupakan kewajiban penyelenggara negara untuk memenuhi kebutuhan "
            "dasar masyarakat. Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik "
            "mewajibkan penyelenggara melakukan penilaian kinerja secara berkala, antara lain "
            f"melalui survei kepuasan masyarakat. {unit_text} melaksanakan survei ini untuk "
            "mengukur tingkat kepuasan masyarakat atas pelayanan yang diberikan, sebagai dasar "
            "perbaikan yang berkelanjutan."
        ),
        "maksud_tujuan": (
            "Survei dimaksudkan untuk mengetahui tingkat kepuasan masyarakat terhadap pelayanan "
            f"{unit_text}. Tujuannya: mengetahui kelemahan dan kekuatan tiap unsur pelayanan, "
            "mengukur kinerja penyelenggaraan pelayanan secara berkala, dan menjadi bahan "
            "penetapan kebijakan serta rencana tindak lanjut perbaikan pelayanan."
        ),
        "pelaksana": (
            f"Survei dilaksanakan secara mandiri oleh tim {unit_text}: Staf pelaksana survei "
            "menyusun kuesioner, mengumpulkan dan mengolah data; Sekretaris Camat memeriksa; "
            "Camat menyetujui hasilnya."
        ),
        "metode": (
            "Pengumpulan data menggunakan kuesioner yang diisi sendiri oleh penerima layanan "
            f"setelah menerima pelayanan, dengan unsur dan skala penilaian menurut {regime_nama}. "
            "Setiap pertanyaan memiliki empat pilihan jawaban bernilai 1 sampai 4."
        ),
        "lokasi": (
            f"Survei dilaksanakan di ruang pelayanan {unit_text}"
            + (f", {kota}." if kota and kota.casefold() not in unit_text.casefold() else ".")
        ),
        "analisis": (
            "Unsur dengan nilai terendah menjadi prioritas perbaikan pada periode berikutnya, "
            "sedangkan unsur dengan nilai tertinggi dipertahankan. Saran dan keluhan masyarakat "
            "pada periode ini dipakai untuk menentukan langkah perbaikan yang paling dibutuhkan."
        ),
        "kesimpulan": (
            "Secara umum masyarakat menilai pelayanan sudah baik. Perbaikan tetap diperlukan "
            "pada unsur-unsur dengan nilai terendah sebagaimana tercantum dalam rencana tindak "
            "lanjut."
        ),
        "saran": (
            "Melaksanakan rencana tindak lanjut sesuai jadwal, memantau hasilnya pada survei "
            "berikutnya, dan mengumumkan hasil survei kepada masyarakat melalui papan "
            "pengumuman, laman dan media sosial kecamatan."
        ),
    }


ROMAN = ("I", "II", "III", "IV")


def following_quarters(end: dt.date, count: int = 3) -> list[str]:
    """The triwulan after the period's last day and the ones after it: "Triwulan III 2026"."""
    quarter, year = (end.month - 1) // 3 + 1, end.year
    names = []
    for _ in range(count):
        quarter += 1
        if quarter > 4:
            quarter, year = 1, year + 1
        names.append(f"Triwulan {ROMAN[quarter - 1]} {year}")
    return names


def rtl_defaults(weakest: Sequence[Mapping[str, Any]], end: dt.date) -> list[dict[str, str]]:
    """One rencana tindak lanjut row per weakest unsur (figures rows: kode, key, nama), timed
    in the triwulan after the period."""
    timings = following_quarters(end)
    owners = ("Sekretaris Camat", "Kepala Seksi Pelayanan Umum", "Kepala Seksi Pelayanan Umum")
    return [
        {
            "unsur": f"{row['kode']} {row['nama']}",
            "program": PROGRAMS.get(str(row["key"]), DEFAULT_PROGRAM),
            "waktu": timings[index % len(timings)],
            "penanggung_jawab": owners[index % len(owners)],
        }
        for index, row in enumerate(weakest)
    ]


def clean_narrative(values: Mapping[str, object], base: Mapping[str, str]) -> dict[str, str]:
    """Known fields only, stripped; a field left empty falls back to its default."""
    result = {}
    for key in NARRATIVE_KEYS:
        text = str(values.get(key, base.get(key, ""))).strip()
        result[key] = text or base.get(key, "")
    return result


def clean_rtl(rows: Sequence[Mapping[str, object]]) -> list[dict[str, str]]:
    """Rencana tindak lanjut rows with the four columns; rows without a programme dropped."""
    cleaned = []
    for row in rows[:MAX_RTL_ROWS]:
        item = {column: " ".join(str(row.get(column, "")).split()) for column in RTL_COLUMNS}
        if item["unsur"] and item["program"]:
            cleaned.append(item)
    return cleaned


def sentences(figures: Mapping[str, Any], unit: str) -> dict[str, str]:
    """The report's fixed sentences around the figures (not editable: they state the data)."""
    unit_text = unit.title() if unit.isupper() else unit
    strongest = ", ".join(f"{r['kode']} {r['nama']} ({r['konversi']})" for r in figures["terkuat"])
    weakest = ", ".join(f"{r['kode']} {r['nama']} ({r['konversi']})" for r in figures["terlemah"])
    sample = figures["sampel"]
    trend_rows = figures["tren"]["rows"]
    earlier = trend_rows[:-1]
    if earlier:
        before = earlier[-1]
        change = "naik" if before["nilai"] < trend_rows[-1]["nilai"] else "turun"
        if before["nilai"] == trend_rows[-1]["nilai"]:
            change = "tetap"
        trend = (
            f"Dibandingkan {before['periode']} (IKM {before['ikm']}), IKM {figures['periode']} "
            f"{change} menjadi {figures['ikm']}."
        )
    else:
        trend = (
            f"{figures['periode']} adalah periode pertama yang diukur menurut "
            f"{figures['regime']['nama']}; tren akan terlihat pada periode berikutnya."
        )
    complaints = figures["keluhan"]["total"]
    return {
        "metode": (
            f"Kuesioner memuat {figures['n_unsur']} unsur pelayanan menurut "
            f"{figures['regime']['nama']}; setiap unsur dinilai 1 (tidak baik) sampai 4 "
            "(sangat baik). Jawaban yang dikosongkan tidak dihitung pada unsur tersebut."
        ),
        "sampel": (
            f"Jumlah sampel minimal ditentukan dengan {sample['method'] or 'ketentuan regulasi'}"
            f". Dari populasi {sample['populasi']} penerima layanan, sampel minimal "
            f"{sample['target']} responden; yang terkumpul dan diolah {sample['actual']} "
            f"responden, sehingga jumlah sampel {sample['status']}."
        ),
        "responden": (
            f"Jumlah responden yang diolah {figures['responden']} orang "
            f"({figures['mulai']} s.d. {figures['selesai']}), dengan profil sebagai berikut."
        ),
        "ikm": (
            f"Nilai IKM {unit_text} {figures['periode']} adalah {figures['ikm']} dengan mutu "
            f"pelayanan {figures['mutu']} ({figures['kinerja']})."
        ),
        "bobot": (
            f"Perhitungan memakai {figures['bobot']['teks']}: NRR tertimbang = NRR x bobot; "
            "IKM = jumlah NRR tertimbang x 25. Nilai konversi dan IKM dibulatkan dua desimal "
            "(setengah ke atas) sebelum digolongkan."
        ),
        "kelebihan": f"Unsur dengan nilai tertinggi: {strongest}.",
        "kelemahan": (f"Unsur dengan nilai terendah, yang menjadi prioritas perbaikan: {weakest}."),
        "tren": trend,
        "keluhan": (
            f"Selama periode survei tercatat {complaints} keluhan masyarakat"
            + (", dengan unsur terkait sebagai berikut." if complaints else ".")
        ),
        "saran": (
            "Saran yang ditulis responden, dikelompokkan menurut unsur yang dibicarakan "
            "(ditulis sebagaimana adanya)."
            if figures["saran"]
            else "Tidak ada responden yang menuliskan saran."
        ),
        "kesimpulan": (
            f"Berdasarkan survei terhadap {figures['responden']} responden, IKM {unit_text} "
            f"{figures['periode']} sebesar {figures['ikm']} dengan mutu {figures['mutu']} "
            f"({figures['kinerja']}). Unsur terendah: {weakest}."
        ),
        "olah_ikm": (
            f"Indeks = jumlah NRR tertimbang = {figures['indeks']}; "
            f"IKM unit pelayanan = indeks x 25 = {figures['ikm']} (mutu {figures['mutu']})."
        ),
    }
