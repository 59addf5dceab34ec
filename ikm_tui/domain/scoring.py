"""Provides the exact IKM/SKM arithmetic: NRR per unsur, weights, IKM, mutu and kinerja.

Sums and counts are integers (from SQL, pandas or `tally`); everything after them is exact
(`fractions.Fraction`), and classification uses the converted value rounded half-up to two
decimals, as the binding Decisions in the regulations reference say.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ikm_tui.domain.regimes import Regime
from ikm_tui.errors import NoAnswersError

EXACT = "exact"
LEGACY_WEIGHTS = ("0.071", "0.11", "0.111")
WEIGHT_RULES = (EXACT, *LEGACY_WEIGHTS)

WEIGHT_RULE_TEXT = {
    EXACT: "bobot tepat 1/jumlah unsur",
    "0.071": "bobot tercetak 0,071 (cara lama)",
    "0.11": "bobot tercetak 0,11 (cara lama)",
    "0.111": "bobot tercetak 0,111 (cara lama)",
}

SCALE = 25  # IKM = indeks x 25


def round_half_up(value: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """Round half away from zero (Excel's ROUND) exactly, never through a binary float."""
    exact = Fraction(value)
    factor = 10**places
    scaled = exact * factor
    sign = -1 if scaled < 0 else 1
    magnitude = abs(scaled)
    whole = int(magnitude + Fraction(1, 2))  # floor(|x| + 1/2)
    return (Decimal(sign * whole) / Decimal(factor)).quantize(Decimal(1).scaleb(-places))


@dataclass(frozen=True)
class UnsurTally:
    """Integer sum and count of the answers given to one unsur (blanks not counted)."""

    total: int
    n: int


@dataclass(frozen=True)
class UnsurScore:
    """The figures of one unsur in a score."""

    kode: str
    key: str
    nama: str
    n: int
    total: int
    nrr: Fraction | None
    nrr_tertimbang: Fraction | None
    konversi: Decimal | None
    mutu: str | None
    kinerja: str | None


@dataclass(frozen=True)
class ScoreResult:
    """A complete IKM computation for one set of respondents."""

    regime_id: str
    weights: str
    respondents: int
    unsur: tuple[UnsurScore, ...]
    indeks: Fraction
    ikm_exact: Fraction
    ikm: Decimal
    mutu: str
    kinerja: str

    def weakest(self, count: int = 3) -> list[UnsurScore]:
        """The lowest-scoring answered unsur (priorities for follow-up), lowest first."""
        answered = [u for u in self.unsur if u.nrr is not None]
        return sorted(answered, key=lambda u: (u.nrr, u.kode))[:count]

    def to_json(self) -> dict[str, object]:
        """The CLI's `--json` object: unrounded numbers as floats, rounded ones as 2-dp floats."""
        return {
            "regime": self.regime_id,
            "weights": self.weights,
            "respondents": self.respondents,
            "unsur": [
                {
                    "kode": u.kode,
                    "key": u.key,
                    "nama": u.nama,
                    "n": u.n,
                    "total": u.total,
                    "nrr": _float(u.nrr),
                    "nrr_tertimbang": _float(u.nrr_tertimbang),
                    "konversi": _float(u.konversi),
                    "mutu": u.mutu,
                    "kinerja": u.kinerja,
                }
                for u in self.unsur
            ],
            "indeks": float(self.indeks),
            "ikm_exact": float(self.ikm_exact),
            "ikm": float(self.ikm),
            "mutu": self.mutu,
            "kinerja": self.kinerja,
        }


def _float(value: Fraction | Decimal | None) -> float | None:
    return None if value is None else float(value)


def weight_for(rule: str, n_answered_unsur: int) -> Fraction:
    """The weight per unsur: exactly 1/n, or a printed legacy weight taken literally."""
    if rule == EXACT:
        return Fraction(1, n_answered_unsur)
    if rule in LEGACY_WEIGHTS:
        return Fraction(rule)
    raise ValueError(f"aturan bobot tidak dikenal: {rule!r} (pilihan: {', '.join(WEIGHT_RULES)})")


def score(
    regime: Regime,
    tallies: Mapping[str, UnsurTally],
    respondents: int,
    weights: str = EXACT,
) -> ScoreResult:
    """Score a survey from per-unsur tallies keyed by the unsur's stable key.

    An unsur nobody answered gets no NRR and is left out of the weighting ("total unsur yang
    terisi"); a set with no answer at all raises NoAnswersError.
    """
    answered = [u for u in regime.unsur if tallies.get(u.key, UnsurTally(0, 0)).n > 0]
    if not answered:
        raise NoAnswersError("Belum ada jawaban yang dapat diolah untuk menghitung IKM.")
    weight = weight_for(weights, len(answered))
    rows: list[UnsurScore] = []
    indeks = Fraction(0)
    for unsur in regime.unsur:
        tally = tallies.get(unsur.key, UnsurTally(0, 0))
        if tally.n == 0:
            rows.append(
                UnsurScore(unsur.kode, unsur.key, unsur.nama, 0, 0, None, None, None, None, None)
            )
            continue
        nrr = Fraction(tally.total, tally.n)
        weighted = nrr * weight
        indeks += weighted
        konversi = round_half_up(nrr * SCALE)
        band = regime.classify(konversi)
        rows.append(
            UnsurScore(
                unsur.kode,
                unsur.key,
                unsur.nama,
                tally.n,
                tally.total,
                nrr,
                weighted,
                konversi,
                band.mutu,
                band.kinerja,
            )
        )
    ikm_exact = indeks * SCALE
    ikm = round_half_up(ikm_exact)
    band = regime.classify(ikm)
    return ScoreResult(
        regime.id,
        weights,
        respondents,
        tuple(rows),
        indeks,
        ikm_exact,
        ikm,
        band.mutu,
        band.kinerja,
    )


def check_answer(value: object) -> int | None:
    """An answer as stored: 1..4, or None for "tidak menjawab"; ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int) and 1 <= value <= 4:
        return value
    if isinstance(value, float) and value.is_integer() and 1 <= value <= 4:
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            return None
        if text in {"1", "2", "3", "4"}:
            return int(text)
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise ValueError(value) from None
        if number.is_integer() and 1 <= number <= 4:
            return int(number)
    raise ValueError(value)


def tally(
    regime: Regime, answer_rows: Iterable[Sequence[int | None]]
) -> tuple[dict[str, UnsurTally], int]:
    """Tally rows of answers given in the regime's unsur order; returns (tallies, respondents)."""
    n_unsur = regime.n_unsur
    totals = [0] * n_unsur
    counts = [0] * n_unsur
    respondents = 0
    for row in answer_rows:
        respondents += 1
        for index in range(n_unsur):
            value = row[index]
            if value is not None:
                totals[index] += value
                counts[index] += 1
    tallies = {u.key: UnsurTally(totals[i], counts[i]) for i, u in enumerate(regime.unsur)}
    return tallies, respondents


def score_groups(
    regime: Regime,
    groups: Mapping[str, tuple[Mapping[str, UnsurTally], int]],
    weights: str = EXACT,
) -> dict[str, ScoreResult | None]:
    """Score each group (a profile value or a jenis layanan); None where a group has no answers."""
    results: dict[str, ScoreResult | None] = {}
    for label, (group_tallies, respondents) in groups.items():
        try:
            results[label] = score(regime, group_tallies, respondents, weights)
        except NoAnswersError:
            results[label] = None
    return results
