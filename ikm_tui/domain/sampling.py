"""Provides the minimum sample size: Krejcie & Morgan (2017) and (n_unsur + 1) x 10 (2004)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ikm_tui.domain.regimes import KEPMENPAN_2004, get_regime

CHI_SQUARE = Decimal("3.841")
PROPORTION = Decimal("0.5")
MARGIN = Decimal("0.05")


def krejcie_morgan(population: int) -> int:
    """s = X2 N P(1-P) / (d2 (N-1) + X2 P(1-P)), rounded to the nearest integer (half up)."""
    if population < 0:
        raise ValueError("populasi tidak boleh negatif")
    if population == 0:
        return 0
    pq = PROPORTION * (1 - PROPORTION)
    n = Decimal(population)
    sample = CHI_SQUARE * n * pq / (MARGIN * MARGIN * (n - 1) + CHI_SQUARE * pq)
    return int(sample.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def minimum_sample(population: int | None, regime_id: str) -> int:
    """The minimum number of respondents for this regime.

    Kepmenpan 25/2004 asks (n_unsur + 1) x 10 whatever the population; PermenPANRB 14/2017
    uses Krejcie & Morgan on the population (service recipients over the period).
    """
    regime = get_regime(regime_id)
    if regime_id == KEPMENPAN_2004:
        return (regime.n_unsur + 1) * 10
    if population is None:
        raise ValueError("populasi diperlukan untuk rumus Krejcie & Morgan")
    return krejcie_morgan(population)


def method_text(regime_id: str) -> str:
    """How the minimum was set, for screens and reports."""
    if regime_id == KEPMENPAN_2004:
        return "(jumlah unsur + 1) x 10 responden (Kepmenpan 25/2004)"
    return "tabel Krejcie dan Morgan (PermenPANRB 14/2017)"
