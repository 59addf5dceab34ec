"""Tests the pure PTPP rules: numbering per year, the findings, overdue and effectiveness."""

from __future__ import annotations

import datetime as dt

import pytest

from ikm_tui.domain import ptpp
from ikm_tui.domain.regimes import get_regime
from ikm_tui.domain.scoring import UnsurTally, score
from ikm_tui.errors import ValidationError

REGIME = get_regime("permenpanrb-14-2017")


def result(means: dict[str, tuple[int, int]]):
    tallies = {u.key: UnsurTally(*means.get(u.key, (40, 10))) for u in REGIME.unsur}
    return score(REGIME, tallies, 10)


def test_numbers_count_per_year():
    assert ptpp.format_nomor(1, 2026) == "001/PTPP/2026"
    assert ptpp.parse_nomor("012/PTPP/2026") == (12, 2026)
    assert ptpp.parse_nomor("12/PTPP/2026") is None
    existing = ["001/PTPP/2026", "009/PTPP/2026", "004/PTPP/2027", "rusak"]
    assert ptpp.next_nomor(existing, 2026) == "010/PTPP/2026"
    assert ptpp.next_nomor(existing, 2027) == "005/PTPP/2027"
    assert ptpp.next_nomor(existing, 2028) == "001/PTPP/2028"


def test_weakest_are_those_below_b_else_the_lowest_three():
    weak = result({"waktu": (25, 10), "sarana": (30, 10)})  # 62,50 D and 75,00 C
    assert [u.key for u in ptpp.weakest_unsur(weak)] == ["waktu", "sarana"]
    good = result({"waktu": (35, 10), "sarana": (36, 10), "produk": (37, 10)})  # all A/B
    assert [u.key for u in ptpp.weakest_unsur(good)] == ["waktu", "sarana", "produk"]


def test_overdue_means_past_target_and_not_verified():
    today = dt.date(2026, 10, 1)
    assert ptpp.is_overdue(dt.date(2026, 9, 30), False, today)
    assert not ptpp.is_overdue(dt.date(2026, 10, 1), False, today)
    assert not ptpp.is_overdue(dt.date(2026, 9, 30), True, today)
    assert not ptpp.is_overdue(None, False, today)


def test_effectiveness_follows_the_next_periods_figures():
    before = ptpp.unsur_figures(result({"waktu": (25, 10)}).unsur[2], "Periode I")
    assert before["mutu"] == "D" and before["konversi"] == "62,50"
    better = result({"waktu": (33, 10)}).unsur[2]  # 82,50 B
    same_band = result({"waktu": (26, 10)}).unsur[2]  # 65,00 C: up, but still below B
    lower = result({"waktu": (24, 10)}).unsur[2]
    assert ptpp.compare(before, better, "Periode II", False).suggestion == ptpp.EFEKTIF
    assert ptpp.compare(before, same_band, "Periode II", False).suggestion == ptpp.EFEKTIF
    assert ptpp.compare(before, lower, "Periode II", True).suggestion == ptpp.TIDAK_EFEKTIF
    assert "sementara" in ptpp.compare(before, lower, "Periode II", True).text
    assert ptpp.compare(before, None, "Periode II", False) is None


def test_parts_1_and_2_must_be_filled_before_submitting():
    with pytest.raises(ValidationError, match="Analisis penyebab, Koreksi segera"):
        ptpp.validate_content({"persyaratan": "SOP", "uraian": "x", "target_selesai": "2026-10-01"})
    with pytest.raises(ValidationError, match="Target selesai tidak boleh"):
        ptpp.check_dates(dt.date(2026, 9, 1), None, dt.date(2026, 8, 1))
