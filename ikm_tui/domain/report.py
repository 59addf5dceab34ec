"""Provides the Laporan IKM figures: plain data in, a JSON-able figures dict out.

Every figure comes from `domain.scoring` results (the same engine as the tabulation and
`ikm-tui score`); this module only arranges them for the report: profile tables with shares,
per-unsur NRR rows, the regime's interval table, the sample against its target, strongest and
weakest unsur, the trend over earlier periods, complaints per unsur, respondents' saran grouped
by unsur, and the olah-data table (one row per respondent, footer rows Jumlah, NRR, NRR
tertimbang and IKM). Numbers are formatted with the decimal comma here, once, so a report
rendered from frozen figures reads exactly as it did when it was signed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ikm_tui.domain.formatting import angka, bilangan, persen, tanggal
from ikm_tui.domain.regimes import Regime
from ikm_tui.domain.scoring import SCALE, WEIGHT_RULE_TEXT, ScoreResult, UnsurScore

NRR_PLACES = 3  # NRR and NRR tertimbang printed with three decimals (0,347)
MET, NOT_MET = "terpenuhi", "belum terpenuhi"
OTHER_THEME = "Lainnya / umum"

# Words that tie a typed saran to an unsur (by stable key); the first unsur matched wins.
SARAN_WORDS: dict[str, tuple[str, ...]] = {
    "persyaratan": ("persyaratan", "syarat"),
    "prosedur": ("prosedur", "alur", "mekanisme", "membingungkan", "formulir"),
    "waktu": ("lama", "cepat", "lambat", "menunggu", "waktu", "antre", "antri"),
    "biaya": ("biaya", "gratis", "tarif", "pungut", "bayar"),
    "produk": ("produk", "hasil", "salah ketik", "selesai"),
    "kompetensi": ("kompeten", "kemampuan", "paham", "terampil"),
    "perilaku": ("ramah", "sopan", "judes", "petugas"),
    "sarana": ("ruang", "toilet", "parkir", "kursi", "kipas", "air minum", "sarana", "tempat"),
    "pengaduan": ("pengaduan", "kotak saran", "keluhan", "tanggap", "whatsapp", "informasi"),
    # Kepmenpan 25/2004 keys
    "kejelasan_petugas": ("jelas",),
    "kedisiplinan": ("disiplin", "belum datang", "terlambat", "istirahat"),
    "tanggung_jawab": ("tanggung jawab",),
    "kemampuan": ("kemampuan", "terampil"),
    "kecepatan": ("cepat", "lambat", "lama", "menunggu"),
    "keadilan": ("adil", "didahulukan", "kenalan"),
    "kesopanan": ("ramah", "sopan", "judes"),
    "kewajaran_biaya": ("mahal", "biaya", "gratis"),
    "kepastian_biaya": ("pungut", "bayar", "tarif"),
    "kepastian_jadwal": ("jadwal", "jam "),
    "kenyamanan": ("ruang", "toilet", "panas", "kursi", "kipas", "air minum", "parkir"),
    "keamanan": ("aman", "hilang", "pencuri"),
}


@dataclass(frozen=True)
class Count:
    """A labelled count (a profile value, a jenis layanan, an unsur's complaints)."""

    label: str
    count: int


@dataclass(frozen=True)
class ServiceSample:
    """One jenis layanan: population, minimum sample, counted respondents and its score."""

    nama: str
    population: int | None
    target: int | None
    actual: int
    score: ScoreResult | None


@dataclass(frozen=True)
class TrendPoint:
    """An earlier (or this) period of the same regime and its score."""

    name: str
    start: dt.date
    score: ScoreResult


@dataclass(frozen=True)
class Stage:
    """One line of the time table (waktu pelaksanaan): kegiatan, dates, working days."""

    kegiatan: str
    start: dt.date | None
    end: dt.date | None
    working_days: int | None


@dataclass(frozen=True)
class ReportInputs:
    """Everything the figures are made from, read from the database by the service."""

    regime: Regime
    period_name: str
    start: dt.date
    end: dt.date
    score: ScoreResult
    profiles: Sequence[tuple[str, Sequence[Count]]]  # (field label, counts per value)
    services: Sequence[ServiceSample]
    sample_method: str
    target: int | None
    trend: Sequence[TrendPoint]  # earlier periods first, this one last
    complaints: Mapping[str, int]  # unsur key ("" = none given) -> complaints of the period
    saran: Sequence[str]
    # (form number, answers in kode order), read once (may be a stream from the database)
    olah_rows: Iterable[tuple[int, Sequence[int | None]]]
    stages: Sequence[Stage] = field(default_factory=tuple)


def percent(part: int, whole: int) -> str:
    return persen(Fraction(part * 100, whole) if whole else 0)


def status(actual: int, target: int | None) -> str:
    if target is None:
        return "-"
    return MET if actual >= target else NOT_MET


def _number(value: Fraction | None, places: int = 4) -> float | None:
    """A chart value (floats are only drawn, never classified)."""
    return None if value is None else float(round(value, places))


def unsur_row(item: UnsurScore) -> dict[str, Any]:
    return {
        "kode": item.kode,
        "key": item.key,
        "nama": item.nama,
        "n": item.n,
        "jumlah": bilangan(item.total),
        "nrr": angka(item.nrr, NRR_PLACES),
        "nrr_tertimbang": angka(item.nrr_tertimbang, NRR_PLACES),
        "konversi": angka(item.konversi),
        "mutu": item.mutu or "-",
        "kinerja": item.kinerja or "-",
        "nilai": _number(item.nrr),
    }


def score_summary(result: ScoreResult | None) -> dict[str, Any]:
    if result is None:
        return {"ikm": "-", "mutu": "-", "kinerja": "-", "responden": 0}
    return {
        "ikm": angka(result.ikm),
        "mutu": result.mutu,
        "kinerja": result.kinerja,
        "responden": result.respondents,
    }


def profile_tables(
    profiles: Sequence[tuple[str, Sequence[Count]]], services: Sequence[ServiceSample], total: int
) -> list[dict[str, Any]]:
    tables = [
        {
            "label": label,
            "rows": [
                {"label": c.label, "jumlah": c.count, "persen": percent(c.count, total)}
                for c in counts
            ],
        }
        for label, counts in profiles
    ]
    tables.append(
        {
            "label": "Jenis layanan",
            "rows": [
                {"label": s.nama, "jumlah": s.actual, "persen": percent(s.actual, total)}
                for s in services
            ],
        }
    )
    return tables


def sample_table(inputs: ReportInputs) -> dict[str, Any]:
    rows = [
        {
            "nama": s.nama,
            "populasi": bilangan(s.population) if s.population is not None else "-",
            "target": bilangan(s.target) if s.target is not None else "-",
            "actual": bilangan(s.actual),
            "status": status(s.actual, s.target),
        }
        for s in inputs.services
    ]
    known = [s.population for s in inputs.services if s.population is not None]
    actual = inputs.score.respondents
    return {
        "method": inputs.sample_method,
        "rows": rows,
        "populasi": bilangan(sum(known)) if known else "-",
        "target": bilangan(inputs.target) if inputs.target is not None else "-",
        "actual": bilangan(actual),
        "status": status(actual, inputs.target),
    }


def ranked(result: ScoreResult, count: int = 3) -> tuple[list[UnsurScore], list[UnsurScore]]:
    """(strongest first, weakest first): the weakest are the priorities for follow-up."""
    answered = [u for u in result.unsur if u.nrr is not None]
    strongest = sorted(answered, key=lambda u: (-(u.nrr or 0), u.kode))[:count]
    return strongest, result.weakest(count)


def trend_table(regime: Regime, points: Sequence[TrendPoint]) -> dict[str, Any]:
    return {
        "codes": [u.kode for u in regime.unsur],
        "rows": [
            {
                "periode": p.name,
                "ikm": angka(p.score.ikm),
                "mutu": p.score.mutu,
                "nilai": float(p.score.ikm),
                "unsur": [angka(u.nrr * SCALE if u.nrr else None) for u in p.score.unsur],
            }
            for p in points
        ],
    }


def complaint_table(regime: Regime, counts: Mapping[str, int]) -> dict[str, Any]:
    rows = [
        {"kode": u.kode, "nama": u.nama, "jumlah": counts.get(u.key, 0)}
        for u in regime.unsur
        if counts.get(u.key, 0)
    ]
    known = {u.key for u in regime.unsur}
    other = sum(n for key, n in counts.items() if key not in known)
    if other:
        rows.append({"kode": "-", "nama": "Tanpa unsur terkait", "jumlah": other})
    return {"rows": rows, "total": sum(counts.values())}


def saran_theme(regime: Regime, text: str) -> str:
    """The unsur key a typed saran speaks of: the one with most SARAN_WORDS in it (the first
    in print order on a tie), "" when none matches."""
    lowered = f" {text.casefold()} "
    best, hits = "", 0
    for unsur in regime.unsur:
        found = sum(word in lowered for word in SARAN_WORDS.get(unsur.key, ()))
        if found > hits:
            best, hits = unsur.key, found
    return best


def saran_groups(regime: Regime, texts: Sequence[str]) -> list[dict[str, Any]]:
    """Saran as typed, identical ones counted, grouped by the unsur they speak of."""
    counted: dict[str, dict[str, int]] = {}
    spelled: dict[str, str] = {}
    for text in texts:
        cleaned = " ".join(text.split())
        if not cleaned:
            continue
        key = cleaned.casefold()
        spelled.setdefault(key, cleaned)
        theme = saran_theme(regime, cleaned)
        group = counted.setdefault(theme, {})
        group[key] = group.get(key, 0) + 1
    order = [(u.key, f"{u.kode} {u.nama}") for u in regime.unsur] + [("", OTHER_THEME)]
    return [
        {
            "tema": label,
            "jumlah": sum(counted[key].values()),
            "daftar": [
                {"teks": spelled[text], "jumlah": n}
                for text, n in sorted(counted[key].items(), key=lambda item: (-item[1], item[0]))
            ],
        }
        for key, label in order
        if key in counted
    ]


def olah_data(
    regime: Regime, result: ScoreResult, rows: Iterable[tuple[int, Sequence[int | None]]]
) -> dict[str, Any]:
    """The lampiran's table: one line per respondent and the footer rows from the score."""
    return {
        "codes": [u.kode for u in regime.unsur],
        "rows": [
            [nomor, "".join(str(v) if v else "-" for v in answers)] for nomor, answers in rows
        ],
        "jumlah": [bilangan(u.total) for u in result.unsur],
        "nrr": [angka(u.nrr, NRR_PLACES) for u in result.unsur],
        "nrr_tertimbang": [angka(u.nrr_tertimbang, NRR_PLACES) for u in result.unsur],
        "indeks": angka(result.indeks, NRR_PLACES),
        "ikm": angka(result.ikm),
    }


def figures(inputs: ReportInputs) -> dict[str, Any]:
    """The report's figures as JSON-able data (what a submitted report freezes)."""
    regime, result = inputs.regime, inputs.score
    strongest, weakest = ranked(result)
    return {
        "periode": inputs.period_name,
        "mulai": tanggal(inputs.start),
        "selesai": tanggal(inputs.end),
        "tahun": str(inputs.end.year),
        "akhir": inputs.end.isoformat(),
        "regime": {"id": regime.id, "nama": regime.nama, "dasar_hukum": regime.dasar_hukum},
        "n_unsur": regime.n_unsur,
        "bobot": {"aturan": result.weights, "teks": WEIGHT_RULE_TEXT[result.weights]},
        **score_summary(result),
        "indeks": angka(result.indeks, NRR_PLACES),
        "unsur": [unsur_row(u) for u in result.unsur],
        "interval": [
            {
                "nilai_persepsi": band.nilai_persepsi,
                "interval_nilai": band.interval_nilai,
                "interval_konversi": band.interval_konversi,
                "mutu": band.mutu,
                "kinerja": band.kinerja,
            }
            for band in sorted(regime.bands, key=lambda b: b.nilai_persepsi)
        ],
        "profil": profile_tables(inputs.profiles, inputs.services, result.respondents),
        "layanan": [{"nama": s.nama, **score_summary(s.score)} for s in inputs.services],
        "sampel": sample_table(inputs),
        "terkuat": [unsur_row(u) for u in strongest],
        "terlemah": [unsur_row(u) for u in weakest],
        "tren": trend_table(regime, inputs.trend),
        "keluhan": complaint_table(regime, inputs.complaints),
        "saran": saran_groups(regime, inputs.saran),
        "waktu": [
            {
                "kegiatan": s.kegiatan,
                "waktu": _span(s.start, s.end),
                "hari_kerja": "-" if s.working_days is None else str(s.working_days),
            }
            for s in inputs.stages
        ],
        "olah_data": olah_data(regime, result, inputs.olah_rows),
    }


def _span(start: dt.date | None, end: dt.date | None) -> str:
    if start is None:
        return "-"
    if end is None:
        return f"{tanggal(start)} s.d. laporan disetujui"
    if end == start:
        return tanggal(start)
    return f"{tanggal(start)} s.d. {tanggal(end)}"
