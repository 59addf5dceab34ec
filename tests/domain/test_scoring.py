"""Provides tests of the exact scoring engine against the public worked examples and boundaries."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from ikm_tui.domain import scoring
from ikm_tui.domain.formatting import angka
from ikm_tui.domain.regimes import KEPMENPAN_2004, PERMENPANRB_2017, get_regime
from ikm_tui.domain.scoring import UnsurTally, round_half_up, score, tally
from ikm_tui.errors import NoAnswersError

R2017 = get_regime(PERMENPANRB_2017)
R2004 = get_regime(KEPMENPAN_2004)
TOTALS_29 = [105, 101, 100, 116, 102, 105, 106, 105, 115]
NRR_2012 = [
    "3.06",
    "2.98",
    "3.06",
    "2.90",
    "3.06",
    "3.14",
    "3.04",
    "3.06",
    "3.18",
    "3.08",
    "3.20",
    "3.18",
    "3.10",
    "3.04",
]


def tallies_of(regime, totals, n):
    return {u.key: UnsurTally(t, n) for u, t in zip(regime.unsur, totals, strict=True)}


@pytest.mark.parametrize(
    ("weights", "ikm"),
    [
        ("exact", "91.48"),
        ("0.11", "90.56"),
        ("0.111", "91.38"),
    ],
)
def test_29_respondents(weights, ikm):
    result = score(R2017, tallies_of(R2017, TOTALS_29, 29), 29, weights)
    assert result.ikm == Decimal(ikm)
    assert result.mutu == "A" and result.kinerja == "Sangat baik"


def test_2012_report_with_exact_weights_is_76_93_b():
    # NRR with two decimals = totals over 50 respondents
    totals = [int(Fraction(v) * 50) for v in NRR_2012]
    result = score(R2004, tallies_of(R2004, totals, 50), 50)
    assert result.ikm == Decimal("76.93") and result.mutu == "B" and result.kinerja == "Baik"
    assert angka(result.ikm) == "76,93"


@pytest.mark.parametrize(
    ("regime", "weights", "ikm"),
    [
        (R2017, "exact", "100.00"),
        (R2004, "exact", "100.00"),
        (R2004, "0.071", "99.40"),
        (R2017, "0.11", "99.00"),
    ],
)
def test_all_fours(regime, weights, ikm):
    result = score(regime, tallies_of(regime, [4 * 10] * regime.n_unsur, 10), 10, weights)
    assert result.ikm == Decimal(ikm)


def test_all_ones_with_0_071_falls_below_the_floor():
    result = score(R2004, tallies_of(R2004, [10] * 14, 10), 10, "0.071")
    assert result.ikm == Decimal("24.85") and result.mutu == "D"


def test_blank_is_not_counted_as_zero():
    rows = [[4, None, 3, 4, 4, 4, 4, 4, 4], [2, 2, None, 4, 4, 4, 4, 4, 4]]
    tallies, respondents = tally(R2017, rows)
    assert respondents == 2
    assert tallies["prosedur"] == UnsurTally(2, 1)
    assert tallies["waktu"] == UnsurTally(3, 1)
    result = score(R2017, tallies, respondents)
    assert result.unsur[1].nrr == 2 and result.unsur[0].nrr == 3


def test_unanswered_unsur_leaves_the_weighting():
    tallies = tallies_of(R2017, [40] * 9, 10)
    tallies["pengaduan"] = UnsurTally(0, 0)
    result = score(R2017, tallies, 10)
    assert result.ikm == Decimal("100.00") and result.unsur[8].nrr is None


def test_no_answers_at_all_raises():
    with pytest.raises(NoAnswersError):
        score(R2017, {}, 0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("88.305", "88.31"),
        ("88.3049", "88.30"),
        ("76.605", "76.61"),
        ("2.675", "2.68"),
        ("0.125", "0.13"),
        ("-1.005", "-1.01"),
        ("64.995", "65.00"),
    ],
)
def test_round_half_up_is_excel_round(value, expected):
    assert round_half_up(Decimal(value)) == Decimal(expected)


def test_round_half_up_differs_from_python_round():
    assert round(2.675, 2) == 2.67  # binary float + banker's: the trap
    assert round(0.125, 2) == 0.12
    assert round_half_up(Fraction(2675, 1000)) == Decimal("2.68")
    assert round_half_up(Fraction(1, 8)) == Decimal("0.13")


@pytest.mark.parametrize(
    ("konversi", "mutu"),
    [
        ("100.00", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25.00", "D"),
    ],
)
def test_2017_boundaries(konversi, mutu):
    assert R2017.classify(Decimal(konversi)).mutu == mutu


@pytest.mark.parametrize(
    ("konversi", "mutu"),
    [
        ("81.26", "A"),
        ("81.25", "B"),
        ("62.51", "B"),
        ("62.50", "C"),
        ("43.76", "C"),
        ("43.75", "D"),
    ],
)
def test_2004_boundaries(konversi, mutu):
    assert R2004.classify(Decimal(konversi)).mutu == mutu


def test_88_305_is_rounded_up_into_a():
    # IKM exactly 88.305: indeks 3.5322 -> a set whose exact IKM is 88.305
    indeks = Fraction(88305, 1000) / 25
    n = indeks.denominator * 9
    total = indeks * n
    assert total.denominator == 1
    tallies = {u.key: UnsurTally(int(total), n) for u in R2017.unsur}
    result = score(R2017, tallies, n)
    assert result.ikm_exact == Fraction(88305, 1000)
    assert result.ikm == Decimal("88.31") and result.mutu == "A"


def test_unknown_weight_rule_is_refused():
    with pytest.raises(ValueError):
        scoring.weight_for("0.5", 9)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        (1, 1),
        (4, 4),
        ("3", 3),
        (2.0, 2),
        ("4,0", 4),
    ],
)
def test_check_answer_accepts(value, expected):
    assert scoring.check_answer(value) == expected


@pytest.mark.parametrize("value", [0, 5, 2.5, "x", True, "-1", "4,5"])
def test_check_answer_refuses(value):
    with pytest.raises(ValueError):
        scoring.check_answer(value)
