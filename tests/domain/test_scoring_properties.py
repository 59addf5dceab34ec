"""Provides property-based tests (hypothesis) of the scoring of answers: a blank never counts,
the order of the rows does not change the IKM, and the score equals a computation by hand with
Fraction (NRR per unsur, 1/n weights over the answered unsur, x25, half-up to two places)."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ikm_tui.domain.regimes import KEPMENPAN_2004, PERMENPANRB_2017, get_regime
from ikm_tui.domain.scoring import SCALE, score, tally
from ikm_tui.errors import NoAnswersError

REGIMES = [get_regime(PERMENPANRB_2017), get_regime(KEPMENPAN_2004)]


@st.composite
def surveys(draw, blank_share: float = 0.2):
    """A regime and rows of its answers (1-4, or None for a blank), at least one answer."""
    regime = draw(st.sampled_from(REGIMES))
    cell = st.one_of(st.integers(1, 4), st.none()) if blank_share else st.integers(1, 4)
    rows = draw(
        st.lists(
            st.lists(cell, min_size=regime.n_unsur, max_size=regime.n_unsur),
            min_size=1,
            max_size=40,
        )
    )
    assume(any(value is not None for row in rows for value in row))
    return regime, rows


def _ikm(regime, rows):
    tallies, respondents = tally(regime, rows)
    return score(regime, tallies, respondents)


def _by_hand(regime, rows) -> Fraction:
    """IKM exactly: the mean of the answered unsur's NRR (sum / answers) times 25."""
    nrr = []
    for index in range(regime.n_unsur):
        given_answers = [row[index] for row in rows if row[index] is not None]
        if given_answers:
            nrr.append(Fraction(sum(given_answers), len(given_answers)))
    return sum(nrr, Fraction(0)) / len(nrr) * SCALE


def _half_up(value: Fraction) -> Decimal:
    hundredths = math.floor(value * 100 + Fraction(1, 2))
    return Decimal(hundredths) / 100


@settings(deadline=None)  # exact Fraction sums: timing varies with machine load
@given(surveys())
def test_score_equals_the_hand_computation(survey):
    regime, rows = survey
    result = _ikm(regime, rows)
    assert result.ikm_exact == _by_hand(regime, rows)
    assert result.ikm == _half_up(_by_hand(regime, rows))
    assert result.mutu == regime.classify(result.ikm).mutu
    for index, unsur in enumerate(result.unsur):
        column = [row[index] for row in rows if row[index] is not None]
        assert (unsur.n, unsur.total) == (len(column), sum(column))
        assert unsur.nrr == (Fraction(sum(column), len(column)) if column else None)


@settings(deadline=None)  # exact Fraction sums: timing varies with machine load
@given(surveys(), st.randoms(use_true_random=False))
def test_the_order_of_the_rows_does_not_change_the_score(survey, random):
    regime, rows = survey
    shuffled = list(rows)
    random.shuffle(shuffled)
    before, after = _ikm(regime, rows), _ikm(regime, shuffled)
    assert (after.ikm_exact, after.ikm, after.unsur) == (before.ikm_exact, before.ikm, before.unsur)


@settings(deadline=None)  # exact Fraction sums: timing varies with machine load
@given(surveys(), st.integers(1, 5), st.data())
def test_a_blank_never_counts(survey, extra, data):
    regime, rows = survey
    before = _ikm(regime, rows)
    # blank forms added: respondents grow, nothing else moves
    blank_rows = [[None] * regime.n_unsur for _ in range(extra)]
    after = _ikm(regime, rows + blank_rows)
    assert after.respondents == before.respondents + extra
    assert (after.ikm_exact, after.unsur) == (before.ikm_exact, before.unsur)
    # blanking one answer removes exactly that answer from its unsur: never counted as a zero
    answered = [(r, c) for r, row in enumerate(rows) for c, v in enumerate(row) if v is not None]
    r, c = data.draw(st.sampled_from(answered))
    blanked = [list(row) for row in rows]
    removed, blanked[r][c] = blanked[r][c], None
    if all(v is None for row in blanked for v in row):
        with pytest.raises(NoAnswersError):
            _ikm(regime, blanked)
        return
    changed = _ikm(regime, blanked).unsur[c]
    assert (changed.n, changed.total) == (before.unsur[c].n - 1, before.unsur[c].total - removed)
    assert changed.nrr is None or changed.nrr >= 1  # a zero would pull the NRR below 1
