"""Provides the Laporan IKM's and the pengumuman's template context from the report's content.

Everything printed comes from the content (the frozen figures once submitted) and the approved
kuesioner; the charts are drawn from the same figures into a private temporary folder (one per
process, removed at exit) because the engine places pictures from files.
"""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ikm_tui.domain import report_text

CHART_WIDTH_CM = 14.5
_chart_dir: Path | None = None


def chart_file(name: str, png: bytes) -> Path:
    """`png` written once under a private temporary folder, named by its hash."""
    global _chart_dir
    if _chart_dir is None:
        _chart_dir = Path(tempfile.mkdtemp(prefix="ikm-tui-grafik-"))
        atexit.register(shutil.rmtree, _chart_dir, True)
    path = _chart_dir / f"{name}-{hashlib.sha256(png).hexdigest()[:16]}.png"
    if not path.exists():
        path.write_bytes(png)
    return path


def questionnaire_rows(content: Mapping[str, Any]) -> list[dict[str, str]]:
    """The approved kuesioner's questions with their four options, for the lampiran."""
    rows = []
    for number, question in enumerate(content.get("questions", []), start=1):
        options = "   ".join(
            f"{score}. {label}" for score, label in enumerate(question.get("labels", []), start=1)
        )
        rows.append({"nomor": str(number), "teks": str(question["pertanyaan"]), "pilihan": options})
    return rows


def trend_rows(figures: Mapping[str, Any]) -> dict[str, Any]:
    """The trend table transposed: one column per period, rows IKM then each unsur."""
    trend = figures["tren"]
    rows = trend["rows"]
    names = {u["kode"]: u["nama"] for u in figures["unsur"]}
    baris = [{"label": "IKM (mutu)", "nilai": [f"{r['ikm']} ({r['mutu']})" for r in rows]}]
    baris += [
        {"label": f"{code} {names.get(code, '')}".strip(), "nilai": [r["unsur"][i] for r in rows]}
        for i, code in enumerate(trend["codes"])
    ]
    return {"periode": [r["periode"] for r in rows], "baris": baris}


def laporan_context(
    figures: Mapping[str, Any],
    narasi: Mapping[str, str],
    rtl: list[dict[str, str]],
    unit: str,
    kuesioner: Mapping[str, Any] | None,
    charts: bool = True,
) -> dict[str, Any]:
    """The laporan template's own placeholders (KindSpec keys), charts as `ImageRef`s
    (`charts=False`: empty, for template checks)."""
    from ikm_tui.export.engine import ImageRef
    from ikm_tui.export.report_charts import trend_chart, unsur_chart

    def picture(name: str, draw: Any) -> Any:
        return ImageRef(str(chart_file(name, draw(figures))), CHART_WIDTH_CM) if charts else ""

    regime = figures["regime"]
    dasar = [
        "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
        "Peraturan Pemerintah Nomor 96 Tahun 2012 tentang Pelaksanaan Undang-Undang Nomor 25 "
        "Tahun 2009 tentang Pelayanan Publik",
        regime["dasar_hukum"],
    ]
    olah = figures["olah_data"]
    return {
        "judul": "LAPORAN PELAKSANAAN SURVEI KEPUASAN MASYARAKAT (SKM)"
        if regime["id"] != "kepmenpan-25-2004"
        else "LAPORAN INDEKS KEPUASAN MASYARAKAT",
        "unit": unit.upper(),
        "subjudul": f"{figures['periode'].upper()}",
        "rentang": f"{figures['mulai']} s.d. {figures['selesai']}",
        "narasi": dict(narasi),
        "rtl": rtl,
        "angka": figures,
        "dasar_hukum": dasar,
        "kalimat": report_text.sentences(figures, unit),
        "kuesioner": {
            "keterangan": "Kuesioner yang disetujui Camat dan dipakai pada periode ini."
            if kuesioner is not None
            else "Kuesioner periode ini belum disetujui.",
            "pertanyaan": questionnaire_rows(kuesioner or {}),
        },
        "olah": [{"nomor": nomor, "nilai": list(values)} for nomor, values in olah["rows"]],
        "tren": trend_rows(figures),
        "grafik_unsur": picture("unsur", unsur_chart),
        "grafik_tren": picture("tren", trend_chart) if len(figures["tren"]["rows"]) > 1 else "",
    }


def pengumuman_context(notice: Mapping[str, Any], unit: str) -> dict[str, Any]:
    """The pengumuman template's placeholders from the approved report's content."""
    unit_text = unit.title() if unit.isupper() else unit
    return {
        **notice,
        "pembuka": (
            f"Dalam rangka meningkatkan mutu pelayanan publik, {unit_text} telah melaksanakan "
            f"Survei Kepuasan Masyarakat {notice['periode']} ({notice['mulai']} s.d. "
            f"{notice['selesai']}) dengan {notice['responden']} responden. Hasilnya sebagai "
            "berikut."
        ),
        "penutup": (
            "Terima kasih kepada masyarakat yang telah berpartisipasi. Saran dan pengaduan "
            f"tetap dapat disampaikan melalui kotak saran dan petugas pengaduan {unit_text}."
        ),
    }


def sample_figures() -> dict[str, Any]:
    """Figures of a tiny made-up survey, shaped like a real report's (template checks)."""
    from ikm_tui.domain import report
    from ikm_tui.domain.regimes import PERMENPANRB_2017, get_regime
    from ikm_tui.domain.scoring import score, tally

    regime = get_regime(PERMENPANRB_2017)
    rows: list[tuple[int, list[int | None]]] = [
        (1, [4, 3, 3, 4, 3, 4, 4, 3, 3]),
        (2, [3, 3, 2, 4, 3, 3, 4, 2, None]),
    ]
    tallies, respondents = tally(regime, [answers for _, answers in rows])
    result = score(regime, tallies, respondents)
    day = dt.date(2026, 1, 5)
    return report.figures(
        report.ReportInputs(
            regime=regime,
            period_name="Periode I 2026",
            start=day,
            end=day,
            score=result,
            profiles=[("Jenis kelamin", [report.Count("Laki-laki", 2)])],
            services=[report.ServiceSample("KTP-el", 10, 10, 2, result)],
            sample_method="tabel Krejcie dan Morgan",
            target=10,
            trend=[report.TrendPoint("Periode I 2026", day, result)],
            complaints={"waktu": 1},
            saran=["Antrean lama"],
            olah_rows=rows,
            stages=[report.Stage("Pengumpulan data", day, day, 1)],
        )
    )


def sample_laporan() -> dict[str, Any]:
    from ikm_tui.domain import report_text
    from ikm_tui.domain.questionnaire import template

    figures = sample_figures()
    narasi = report_text.defaults("KECAMATAN X", "X", "Periode I 2026", "PermenPANRB 14/2017")
    rtl = report_text.rtl_defaults(figures["terlemah"], dt.date(2026, 4, 30))
    kuesioner = template("permenpanrb-14-2017", [("01", "KTP")])
    return laporan_context(figures, narasi, rtl, "KECAMATAN X", kuesioner, charts=False)


def sample_pengumuman() -> dict[str, Any]:
    from ikm_tui.domain import report_text

    figures = sample_figures()
    notice = notice_of(figures, report_text.rtl_defaults(figures["terlemah"], dt.date(2026, 4, 30)))
    return pengumuman_context(notice, "KECAMATAN X")


def notice_of(figures: Mapping[str, Any], rtl: list[dict[str, str]]) -> dict[str, Any]:
    """What the pengumuman shows, taken from the (approved) report's figures and rows."""
    return {
        "periode": figures["periode"],
        "mulai": figures["mulai"],
        "selesai": figures["selesai"],
        "ikm": figures["ikm"],
        "mutu": figures["mutu"],
        "kinerja": figures["kinerja"],
        "responden": figures["responden"],
        "unsur": figures["unsur"],
        "rtl": rtl,
    }
