"""Provides tests of the questionnaire template rules, NIP checks and password hashing."""

from __future__ import annotations

import copy

import pytest

from ikm_tui.domain import questionnaire
from ikm_tui.domain.nip import format_nip, nip_problem
from ikm_tui.domain.passwords import hash_password, password_problem, verify_password
from ikm_tui.domain.regimes import KEPMENPAN_2004, PERMENPANRB_2017
from ikm_tui.errors import ValidationError


def test_template_asks_every_unsur_once_and_validates():
    content = questionnaire.template(PERMENPANRB_2017, [("KTP", "Pengantar KTP-el")])
    assert [q["kode"] for q in content["questions"]] == [f"U{i}" for i in range(1, 10)]
    assert content["services"] == [{"kode": "KTP", "nama": "Pengantar KTP-el"}]
    questionnaire.validate(content)
    questionnaire.validate(questionnaire.template(KEPMENPAN_2004))


@pytest.mark.parametrize("breakage", ["drop", "duplicate", "blank", "three_labels"])
def test_broken_questionnaires_are_refused(breakage):
    content = copy.deepcopy(questionnaire.template(PERMENPANRB_2017))
    questions = content["questions"]
    if breakage == "drop":
        questions.pop(3)
    elif breakage == "duplicate":
        questions.append(copy.deepcopy(questions[0]))
    elif breakage == "blank":
        questions[2]["pertanyaan"] = "  "
    else:
        questions[5]["labels"] = questions[5]["labels"][:3]
    with pytest.raises(ValidationError):
        questionnaire.validate(content)


def test_move_diff_and_label_scores():
    old = questionnaire.template(PERMENPANRB_2017)
    new = questionnaire.move_question(old, "pengaduan", -1)
    assert [q["key"] for q in new["questions"]][-2:] == ["pengaduan", "sarana"]
    assert any("dipindah dari nomor 9 ke nomor 8" in line for line in questionnaire.diff(old, new))
    assert questionnaire.diff(old, old) == []
    assert questionnaire.score_for_label(old, "biaya", "  gratis ") == 4
    assert questionnaire.score_for_label(old, "biaya", "mahal sekali") is None


@pytest.mark.parametrize(
    ("nip", "valid"),
    [
        ("197006051990031013", True),
        ("198404192003121002", True),
        ("19700605199003101", False),
        ("197013051990031013", False),
        ("197006051960031013", False),
        ("197006051990033013", False),
        ("197006051990031000", False),
        ("1970O6051990031013", False),
    ],
)
def test_nip(nip, valid):
    assert (nip_problem(nip) is None) == valid


def test_nip_is_grouped_as_printed():
    assert format_nip("197006051990031013") == "19700605 199003 1 013"


def test_password_hash_round_trip_with_salt():
    first, second = hash_password("rahasia-1", n=2**10), hash_password("rahasia-1", n=2**10)
    assert first != second and first.startswith("scrypt$1024$")
    assert verify_password("rahasia-1", first) and verify_password("rahasia-1", second)
    assert not verify_password("rahasia-2", first)
    assert not verify_password("rahasia-1", "bukan-hash")
    assert (
        password_problem("pendek") is not None and password_problem(" spasi-di-depan") is not None
    )
    assert password_problem("cukup-panjang") is None
