"""Provides the questionnaire as data: the regime template, validation, ordering and diff.

A questionnaire is a plain dict (stored as canonical JSON in a sign-off document):

    {"regime_id": str, "judul": str, "pengantar": str, "saran": str,
     "questions": [{"key", "kode", "pertanyaan", "labels": [4 str]}],   # print order
     "profile": [{"key", "label", "options": [[code, label], ...], "width"}],
     "services": [{"kode", "nama"}]}

Every question stays tied to its unsur's stable key whatever its wording or position; the answer
score is the label's index + 1 in the regime's order, never a position the office chose.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ikm_tui.domain.profile import profile_fields
from ikm_tui.domain.regimes import DEFAULT_REGIME, get_regime, unsur_label
from ikm_tui.errors import ValidationError

Questionnaire = dict[str, Any]

DEFAULT_JUDUL = "KUESIONER SURVEI KEPUASAN MASYARAKAT"
DEFAULT_PENGANTAR = (
    "Dalam rangka meningkatkan kualitas pelayanan, kami mohon kesediaan Bapak/Ibu/Saudara "
    "mengisi kuesioner ini dengan memberi tanda silang (X) pada jawaban yang sesuai. "
    "Jawaban Saudara dijamin kerahasiaannya."
)
DEFAULT_SARAN = "Saran dan masukan untuk perbaikan pelayanan:"


def template(regime_id: str, services: Sequence[tuple[str, str]] = ()) -> Questionnaire:
    """A new questionnaire from the regime's unsur and profile fields; services as (kode, nama)."""
    regime = get_regime(regime_id)
    return {
        "regime_id": regime.id,
        "judul": DEFAULT_JUDUL,
        "pengantar": DEFAULT_PENGANTAR,
        "saran": DEFAULT_SARAN,
        "questions": [
            {"key": u.key, "kode": u.kode, "pertanyaan": u.pertanyaan, "labels": list(u.labels)}
            for u in regime.unsur
        ],
        "profile": [
            {
                "key": f.key,
                "label": f.label,
                "options": [list(o) for o in f.options],
                "width": f.width,
            }
            for f in profile_fields(regime.id)
        ],
        "services": [{"kode": kode, "nama": nama} for kode, nama in services],
    }


SERVICE_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def service_entry_codes(count: int) -> list[str]:
    """The entry codes of `count` jenis layanan in print order: A, B, C, ... (one keystroke).

    Printed on the paper form next to each service and typed by the clerk; more than 26
    services fall back to two-digit numbers 01, 02, ... ("0"/"00" stays "tidak diisi").
    """
    if count <= len(SERVICE_LETTERS):
        return list(SERVICE_LETTERS[:count])
    return [f"{number:02d}" for number in range(1, count + 1)]


def validate(content: Questionnaire) -> None:
    """Raise ValidationError unless every unsur of the regime is asked exactly once, fully worded."""
    regime = get_regime(str(content.get("regime_id")))
    keys = [q.get("key") for q in content.get("questions", [])]
    expected = {u.key for u in regime.unsur}
    missing = expected - set(keys)
    if missing:
        names = ", ".join(regime.unsur_by_key(k).nama for k in sorted(missing))
        raise ValidationError(f"Kuesioner belum memuat unsur: {names}.")
    extra = [k for k in keys if k not in expected]
    if extra or len(keys) != len(set(keys)):
        raise ValidationError("Setiap unsur harus ditanyakan tepat satu kali.")
    for number, question in enumerate(content["questions"], start=1):
        if not str(question.get("pertanyaan", "")).strip():
            raise ValidationError(f"Pertanyaan nomor {number} masih kosong.")
        labels = question.get("labels", [])
        if len(labels) != 4 or any(not str(label).strip() for label in labels):
            raise ValidationError(
                f"Pertanyaan nomor {number} harus memiliki empat pilihan jawaban."
            )


def move_question(content: Questionnaire, key: str, offset: int) -> Questionnaire:
    """A copy with the question of `key` moved up (-1) or down (+1) in print order."""
    questions = list(content["questions"])
    index = next(i for i, q in enumerate(questions) if q["key"] == key)
    target = max(0, min(len(questions) - 1, index + offset))
    questions.insert(target, questions.pop(index))
    return {**content, "questions": questions}


def score_for_label(content: Questionnaire, key: str, label: str) -> int | None:
    """The score (1..4) of an answer label for one unsur, matched case- and space-insensitively."""
    wanted = " ".join(label.split()).casefold()
    for question in content["questions"]:
        if question["key"] == key:
            for index, text in enumerate(question["labels"]):
                if " ".join(str(text).split()).casefold() == wanted:
                    return index + 1
            return None
    return None


def diff(old: Questionnaire, new: Questionnaire) -> list[str]:
    """Human-readable changes (Bahasa Indonesia) from `old` to `new`, for reviewers."""
    changes: list[str] = []
    for field, label in (("judul", "Judul"), ("pengantar", "Pengantar"), ("saran", "Saran")):
        if old.get(field) != new.get(field):
            changes.append(f"{label} diubah.")
    old_by_key = {q["key"]: (i, q) for i, q in enumerate(old.get("questions", []))}
    for position, question in enumerate(new.get("questions", [])):
        before = old_by_key.get(question["key"])
        name = unsur_label(question["key"], str(new.get("regime_id", DEFAULT_REGIME)))
        if before is None:
            changes.append(f"{name} ditambahkan.")
            continue
        old_position, old_question = before
        if old_position != position:
            changes.append(
                f"{name} dipindah dari nomor {old_position + 1} ke nomor {position + 1}."
            )
        if old_question["pertanyaan"] != question["pertanyaan"]:
            changes.append(f"{name}: bunyi pertanyaan diubah.")
        if list(old_question["labels"]) != list(question["labels"]):
            changes.append(f"{name}: pilihan jawaban diubah.")
    if old.get("services") != new.get("services"):
        changes.append("Daftar jenis layanan diubah.")
    return changes
