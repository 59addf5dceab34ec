"""Tests the pure Laporan IKM figures: shares, sample status, ranking, saran themes, olah data."""

from __future__ import annotations

import datetime as dt

from ikm_tui.domain import report
from ikm_tui.domain.regimes import PERMENPANRB_2017, get_regime
from ikm_tui.domain.scoring import score, tally

REGIME = get_regime(PERMENPANRB_2017)
ROWS = [
    (1, [4, 4, 3, 4, 3, 4, 4, 3, 3]),
    (2, [3, 3, 2, 4, 3, 3, 4, 2, None]),
    (3, [4, 3, 2, 4, 4, 3, 3, 3, 3]),
]


def _inputs(**changes: object) -> report.ReportInputs:
    tallies, respondents = tally(REGIME, [answers for _, answers in ROWS])
    result = score(REGIME, tallies, respondents)
    base = dict(
        regime=REGIME,
        period_name="Periode I 2026",
        start=dt.date(2026, 1, 5),
        end=dt.date(2026, 4, 30),
        score=result,
        profiles=[("Jenis kelamin", [report.Count("Laki-laki", 2), report.Count("Perempuan", 1)])],
        services=[report.ServiceSample("KTP-el", 3, 3, 3, result)],
        sample_method="tabel Krejcie dan Morgan",
        target=3,
        trend=[report.TrendPoint("Periode I 2026", dt.date(2026, 1, 5), result)],
        complaints={"waktu": 2, "": 1},
        saran=["Antrean terlalu lama", "antrean terlalu  lama", "Toilet kotor", "Mantap"],
        olah_rows=ROWS,
    )
    base.update(changes)
    return report.ReportInputs(**base)  # type: ignore[arg-type]


def test_figures_take_the_scores_numbers_with_decimal_commas():
    figures = report.figures(_inputs())
    assert figures["responden"] == 3
    assert figures["unsur"][2]["nrr"] == "2,333" and figures["unsur"][2]["mutu"] == "D"
    assert figures["olah_data"]["rows"][1] == [2, "33243342-"]
    assert (
        figures["olah_data"]["jumlah"][0] == "11" and figures["olah_data"]["ikm"] == figures["ikm"]
    )
    assert figures["profil"][0]["rows"][0] == {
        "label": "Laki-laki",
        "jumlah": 2,
        "persen": "66,67%",
    }
    assert figures["sampel"]["status"] == "terpenuhi"
    assert [r["kode"] for r in figures["terkuat"]][:1] == ["U4"]
    assert [r["kode"] for r in figures["terlemah"]][:1] == ["U3"]
    assert figures["keluhan"] == {
        "rows": [
            {"kode": "U3", "nama": "Waktu Penyelesaian", "jumlah": 2},
            {"kode": "-", "nama": "Tanpa unsur terkait", "jumlah": 1},
        ],
        "total": 3,
    }


def test_sample_below_target_is_not_met():
    figures = report.figures(_inputs(target=10))
    assert figures["sampel"]["status"] == "belum terpenuhi"
    assert report.status(3, None) == "-"


def test_saran_grouped_by_unsur_as_typed_and_counted():
    groups = report.figures(_inputs())["saran"]
    assert groups[0] == {
        "tema": "U3 Waktu Penyelesaian",
        "jumlah": 2,
        "daftar": [{"teks": "Antrean terlalu lama", "jumlah": 2}],
    }
    assert [g["tema"] for g in groups] == [
        "U3 Waktu Penyelesaian",
        "U8 Sarana dan Prasarana",
        report.OTHER_THEME,
    ]
