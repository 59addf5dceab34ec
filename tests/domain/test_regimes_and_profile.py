"""Provides tests of the regimes as data, the respondent profile codes and the SOP steps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ikm_tui.domain import sop
from ikm_tui.domain.profile import PROFILE_KEYS, profile_fields, usia_band
from ikm_tui.domain.regimes import (
    DEFAULT_REGIME,
    KEPMENPAN_2004,
    PERMENPANRB_2017,
    REGIMES,
    get_regime,
)


def test_both_regimes_with_their_unsur():
    r2017, r2004 = get_regime(PERMENPANRB_2017), get_regime(KEPMENPAN_2004)
    assert (r2017.n_unsur, r2004.n_unsur) == (9, 14)
    assert DEFAULT_REGIME == PERMENPANRB_2017
    assert [u.key for u in r2017.unsur] == [
        "persyaratan",
        "prosedur",
        "waktu",
        "biaya",
        "produk",
        "kompetensi",
        "perilaku",
        "sarana",
        "pengaduan",
    ]
    assert r2017.unsur_by_kode("u8").nama == "Sarana dan Prasarana"
    assert r2004.unsur_by_kode("U11").labels[3] == "Selalu sesuai"
    assert r2017.unsur_by_key("biaya").labels == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")


@pytest.mark.parametrize("regime", list(REGIMES.values()), ids=list(REGIMES))
def test_regime_data_is_complete(regime):
    assert len({u.key for u in regime.unsur}) == regime.n_unsur
    assert [u.kode for u in regime.unsur] == [f"U{i}" for i in range(1, regime.n_unsur + 1)]
    assert all(len(u.labels) == 4 and u.pertanyaan.endswith("?") for u in regime.unsur)
    assert [b.mutu for b in regime.bands] == ["A", "B", "C", "D"]
    assert [b.kinerja for b in regime.bands] == ["Sangat baik", "Baik", "Kurang baik", "Tidak baik"]
    assert regime.bands[-1].lower_konversi == Decimal("25.00")


def test_unknown_regime_names_the_choices():
    with pytest.raises(KeyError, match="permenpanrb-14-2017"):
        get_regime("permenpan-2099")


@pytest.mark.parametrize(
    ("usia", "band"),
    [
        (None, "Tidak diisi"),
        (17, "< 20 tahun"),
        (20, "20-29 tahun"),
        (39, "30-39 tahun"),
        (59, "50-59 tahun"),
        (60, ">= 60 tahun"),
        (95, ">= 60 tahun"),
    ],
)
def test_usia_bands(usia, band):
    assert usia_band(usia) == band


def test_profile_codes_follow_the_regime():
    fields_2017 = {f.key: f for f in profile_fields(PERMENPANRB_2017)}
    fields_2004 = {f.key: f for f in profile_fields(KEPMENPAN_2004)}
    assert tuple(fields_2017) == PROFILE_KEYS == tuple(fields_2004)
    assert fields_2017["pendidikan"].label_for("5") == "D4-S1"
    assert fields_2004["pendidikan"].label_for("5") == "S-1"
    assert fields_2004["pekerjaan"].label_for("1") == "PNS/TNI/Polri"
    assert fields_2017["jenis_kelamin"].is_valid("2") and not fields_2017["jenis_kelamin"].is_valid(
        "3"
    )
    assert fields_2017["pekerjaan"].label_for(None) == "Tidak diisi"


def test_sop_steps_as_printed_without_seven():
    assert sop.STEP_NUMBERS == (1, 2, 3, 4, 5, 6, 8, 9, 10)
    assert sop.next_step(6) == 8 and sop.next_step(10) == sop.DONE
    assert sop.step(3).role == sop.CAMAT and sop.step(3).standard.text == "30 menit"
    assert sop.step(4).standard.text == "4 bulan"
    with pytest.raises(KeyError):
        sop.step(7)


@pytest.mark.parametrize(
    ("step_no", "start", "due"),
    [
        (3, dt.datetime(2026, 1, 6, 9, 10), dt.datetime(2026, 1, 6, 9, 40)),
        (9, dt.datetime(2026, 5, 13, 14, 23), dt.datetime(2026, 5, 13, 15, 23)),
        (2, dt.datetime(2026, 1, 9, 10, 0), dt.datetime(2026, 1, 12, 10, 0)),  # Friday -> Monday
        (4, dt.datetime(2026, 10, 31, 9, 0), dt.datetime(2027, 2, 28, 9, 0)),  # month end clamps
    ],
)
def test_time_standards(step_no, start, due):
    assert sop.step(step_no).standard.deadline(start) == due
