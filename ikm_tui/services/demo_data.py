"""Provides the demo office's data: reading sample_data and generating believable respondents.

Respondents come from a seeded `random.Random`, so the same sample data always builds the
same database. Answers lean on each unsur's mean in periods.json, with a per-respondent mood,
a few blanks (more for "pengaduan", which many visitors never used) and a service mix that
follows the populations.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from ikm_tui.persistence.respondents import FormData

SESI = ("08.00-12.00", "13.00-17.00")
PENDIDIKAN_WEIGHTS = (("1", 14), ("2", 19), ("3", 41), ("4", 9), ("5", 15), ("6", 2))
PEKERJAAN_WEIGHTS = (("1", 6), ("2", 1), ("3", 1), ("4", 31), ("5", 34), ("6", 27))
BLANK_RATE = {"pengaduan": 0.06}
DEFAULT_BLANK_RATE = 0.012
SARAN_RATE = 0.22


def sample_dir() -> Traversable:
    """The sample_data files: the checkout's folder beside this source tree when there is one
    (the data of the same version as the code), else the installed `ikm_tui.sample_data`."""
    checkout = Path(__file__).resolve().parents[2] / "sample_data"
    if (checkout / "periods.json").is_file():
        return checkout
    return resources.files("ikm_tui.sample_data")


def load(name: str) -> Any:
    """One JSON file of sample_data."""
    return json.loads(sample_dir().joinpath(name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class ServiceMix:
    """Service type ids and their weights (populations) for drawing a respondent's service."""

    ids: tuple[int, ...]
    weights: tuple[int, ...]


def working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Monday-Friday dates from start to end inclusive."""
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _answer(rng: random.Random, mean: float) -> int:
    """An answer 1..4 around `mean`: mostly the two nearest levels, sometimes one further."""
    value = rng.gauss(mean, 0.55)
    return min(4, max(1, int(value + 0.5)))


def _age(rng: random.Random) -> int:
    return int(rng.triangular(17, 72, 36))


def _weighted(rng: random.Random, options: Sequence[tuple[str, int]]) -> str:
    codes = [code for code, _ in options]
    return rng.choices(codes, weights=[weight for _, weight in options])[0]


def generate_forms(
    spec: dict[str, Any], unsur_keys: Sequence[str], mix: ServiceMix, saran: Sequence[str]
) -> list[FormData]:
    """The period's respondents, oldest first, reproducibly from the spec's seed."""
    rng = random.Random(spec["seed"])
    start = dt.date.fromisoformat(spec["start"])
    until = dt.date.fromisoformat(spec["answered_until"])
    days = working_days(start, until)
    dates = sorted(rng.choice(days) for _ in range(spec["respondents"]))
    forms = []
    for number, day in enumerate(dates):
        mood = rng.gauss(0, 0.3)
        answers: dict[str, int | None] = {}
        for key in unsur_keys:
            blank = rng.random() < BLANK_RATE.get(key, DEFAULT_BLANK_RATE)
            answers[key] = None if blank else _answer(rng, spec["mean"][key] + mood)
        forms.append(
            FormData(
                service_type_id=rng.choices(mix.ids, weights=mix.weights)[0],
                tanggal_survei=day,
                sesi=SESI[0] if rng.random() < 0.7 else SESI[1],
                batch=f"Bundel {day.isocalendar().week:02d}",
                jenis_kelamin=rng.choice(("1", "2")),
                usia=_age(rng) if rng.random() > 0.02 else None,
                pendidikan=_weighted(rng, PENDIDIKAN_WEIGHTS),
                pekerjaan=_weighted(rng, PEKERJAAN_WEIGHTS),
                saran=rng.choice(saran) if rng.random() < SARAN_RATE else "",
                answers=answers,
                source="impor" if number % 4 == 3 else "kertas",
            )
        )
    return forms
