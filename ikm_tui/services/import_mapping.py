"""Provides column mapping for imports: automatic detection and cell-by-cell conversion to forms.

A mapping is `{column index: target}` where the target is an unsur's stable key, a profile
target (PROFILE_TARGETS) or IGNORE. Answers may be scores 1-4 or the questionnaire's answer
labels ("Sangat sesuai"), always scored through the questionnaire, never by position.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from ikm_tui.domain.formatting import tanggal_angka
from ikm_tui.domain.profile import ProfileField, profile_fields
from ikm_tui.domain.questionnaire import Questionnaire, score_for_label
from ikm_tui.domain.regimes import Regime
from ikm_tui.persistence.records import ServiceTypeRecord
from ikm_tui.persistence.respondents import FormData
from ikm_tui.services.table_reader import answer, is_missing_token, unsur_code

IGNORE = ""
JENIS_LAYANAN = "jenis_layanan"
TANGGAL = "tanggal_survei"
SARAN = "saran"
PROFILE_TARGETS: tuple[tuple[str, str], ...] = (
    ("jenis_kelamin", "Jenis kelamin"),
    ("usia", "Usia"),
    ("pendidikan", "Pendidikan"),
    ("pekerjaan", "Pekerjaan"),
    (JENIS_LAYANAN, "Jenis layanan"),
    (TANGGAL, "Tanggal survei"),
    (SARAN, "Saran"),
)
PROFILE_ALIASES: dict[str, tuple[str, ...]] = {
    "jenis_kelamin": ("jenis kelamin", "kelamin", "jk", "l p", "gender", "sex"),
    "usia": ("usia", "umur", "usia tahun", "umur tahun"),
    "pendidikan": ("pendidikan", "pendidikan terakhir", "pendidikan terakhir responden"),
    "pekerjaan": ("pekerjaan", "pekerjaan utama"),
    JENIS_LAYANAN: (
        "jenis layanan",
        "layanan",
        "jenis pelayanan",
        "pelayanan",
        "jenis layanan yang diterima",
        "layanan yang diterima",
    ),
    TANGGAL: ("tanggal", "tanggal survei", "tgl", "timestamp", "stempel waktu", "cap waktu"),
    SARAN: ("saran", "saran dan masukan", "kritik dan saran", "saran masukan", "masukan"),
}
SEX_ALIASES = {"l": "1", "laki laki": "1", "pria": "1", "p": "2", "perempuan": "2", "wanita": "2"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")
MIN_CONTAINED = 20  # characters before "header contains the question" counts as a match


@dataclass(frozen=True)
class CellProblem:
    """Why one cell of a row was refused (column index, the value as written, reason)."""

    column: int
    value: str
    reason: str


@dataclass(frozen=True)
class ImportContext:
    """What converting a row needs: regime, questionnaire, jenis layanan and period dates."""

    regime: Regime
    questionnaire: Questionnaire
    services: tuple[ServiceTypeRecord, ...]
    start_date: dt.date
    end_date: dt.date

    def target_label(self, target: str) -> str:
        """A target's display name: "U1 Persyaratan", "Jenis kelamin", "(abaikan)"."""
        if target == IGNORE:
            return "(abaikan)"
        for unsur in self.regime.unsur:
            if unsur.key == target:
                return f"{unsur.kode} {unsur.nama}"
        return dict(PROFILE_TARGETS).get(target, target)

    def targets(self) -> list[tuple[str, str]]:
        """Every target a column may map to, as (key, label), unsur first."""
        keys = [u.key for u in self.regime.unsur] + [key for key, _ in PROFILE_TARGETS]
        return [(key, self.target_label(key)) for key in keys]

    def profile_field(self, key: str) -> ProfileField:
        for item in self.questionnaire.get("profile") or []:
            if item.get("key") == key:
                options = tuple((str(c), str(label)) for c, label in item.get("options") or [])
                return ProfileField(key, str(item.get("label", key)), options)
        return next(f for f in profile_fields(self.regime.id) if f.key == key)


def norm(text: object) -> str:
    """Lower-case words of a text without punctuation: "Jenis-Kelamin (L/P)" -> "jenis kelamin l p"."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(text).casefold()).split())


def detect_mapping(header: Sequence[str], context: ImportContext) -> dict[int, str]:
    """Map columns by U-code, question text, unsur name or profile name; each target once."""
    mapping: dict[int, str] = {}
    used: set[str] = set()
    for index, name in enumerate(header):
        target = _detect(name, context)
        if target != IGNORE and target not in used:
            mapping[index] = target
            used.add(target)
        else:
            mapping[index] = IGNORE
    return mapping


def _detect(name: str, context: ImportContext) -> str:
    bracket = re.search(r"\[(.+?)\]", name)
    for text in ([bracket.group(1)] if bracket else []) + [name]:
        found = _detect_unsur(text, context) or _detect_profile(text)
        if found:
            return found
    return IGNORE


def _detect_unsur(name: str, context: ImportContext) -> str:
    code = unsur_code(name)
    if code:
        for unsur in context.regime.unsur:
            if unsur.kode.upper() == code:
                return unsur.key
        return IGNORE
    words = norm(name)
    words = re.sub(r"^(\d+ )+", "", words)  # "1. Bagaimana ..." -> "bagaimana ..."
    texts = {q["key"]: norm(q.get("pertanyaan", "")) for q in context.questionnaire["questions"]}
    for unsur in context.regime.unsur:
        question = texts.get(unsur.key, "")
        if words and (
            words in (question, norm(unsur.nama), norm(unsur.pertanyaan))
            or (len(question) >= MIN_CONTAINED and question in words)
            or (len(words) >= MIN_CONTAINED and words in question)
        ):
            return unsur.key
    return IGNORE


def _detect_profile(name: str) -> str:
    words = norm(name)
    for target, aliases in PROFILE_ALIASES.items():
        if words == norm(target) or words in aliases:
            return target
    return IGNORE


def cell_text(value: object) -> str:
    """A cell as text: whole floats without ".0", datetimes as "YYYY-MM-DD HH:MM:SS", blank ""."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value).strip()


MEMO_LIMIT = 4096  # distinct cell values whose conversion a RowConverter keeps per column
_FIELDS = {"usia": "usia", JENIS_LAYANAN: "service_type_id", TANGGAL: "tanggal_survei"}


@dataclass(frozen=True)
class _Refused:
    reason: str


class RowConverter:
    """Converts data rows to forms with one mapping; each column remembers the conversion of
    the values it has seen (answers, codes, ages and dates repeat from row to row)."""

    def __init__(self, mapping: dict[int, str], context: ImportContext) -> None:
        unsur_keys = {u.key for u in context.regime.unsur}
        self.context = context
        self.columns = [
            (index, target, target in unsur_keys)
            for index, target in mapping.items()
            if target != IGNORE
        ]
        self.memo: dict[int, dict[object, object]] = {index: {} for index, _, _ in self.columns}

    def __call__(self, row: Sequence[object]) -> tuple[FormData, list[CellProblem]]:
        """One data row as a form (source "impor") and the problems of its cells."""
        form = FormData(source="impor")
        problems: list[CellProblem] = []
        for index, target, is_unsur in self.columns:
            value = row[index] if index < len(row) else None
            if value is None and not is_unsur:
                continue
            memo = self.memo[index]
            key = _date_key(value) if target == TANGGAL else value
            result = memo.get(key, memo)  # the memo itself marks "not seen"
            if result is memo:
                result = self._convert(target, is_unsur, value)
                if len(memo) < MEMO_LIMIT:
                    memo[key] = result
            if isinstance(result, _Refused):
                problems.append(CellProblem(index, cell_text(value), result.reason))
            elif is_unsur:
                form.answers[target] = cast("int | None", result)
            else:
                setattr(form, _FIELDS.get(target, target), result)
        return form, problems

    def _convert(self, target: str, is_unsur: bool, value: object) -> object:
        try:
            if is_unsur:
                return _answer(value, target, self.context)
            return _profile_value(target, value, self.context)
        except ValueError as exc:
            return _Refused(str(exc))


def _date_key(value: object) -> object:
    """What a date cell's conversion depends on: its date, not its time of day."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return value.strip().split(" ")[0].split("T")[0]
    return value


def _answer(value: object, key: str, context: ImportContext) -> int | None:
    try:
        return answer(value)
    except ValueError:
        if is_missing_token(value):
            raise
    text = cell_text(value)
    score = score_for_label(context.questionnaire, key, text)
    if score is None:
        numbered = re.fullmatch(r"([1-4])\s*[-.):]\s*(.+)", text)
        if numbered and score_for_label(context.questionnaire, key, numbered.group(2)):
            score = int(numbered.group(1))
    if score is None:
        labels: list[str] = next(
            (q["labels"] for q in context.questionnaire["questions"] if q["key"] == key), []
        )
        raise ValueError(
            "bukan nilai 1-4 maupun pilihan jawaban unsur ini ("
            + ", ".join(str(label) for label in labels)
            + ")"
        )
    return score


def _profile_value(target: str, value: object, context: ImportContext) -> object:
    """A profile cell as stored: age, service id, date, saran text or the option's code."""
    if target == "usia":
        return _age(value)
    if target == JENIS_LAYANAN:
        return _service(value, context)
    if target == TANGGAL:
        return _date(value, context)
    if target == SARAN:
        return cell_text(value)
    return _code(value, context.profile_field(target))


def _code(value: object, field: ProfileField) -> str:
    text = cell_text(value)
    wanted = norm(text)
    for code, label in field.options:
        if text == code or wanted == norm(label):
            return code
    if field.key == "jenis_kelamin" and wanted in SEX_ALIASES:
        return SEX_ALIASES[wanted]
    choices = ", ".join(f"{code} {label}" for code, label in field.options)
    raise ValueError(f"kode {field.label.lower()} tidak dikenal (pilihan: {choices})")


def _age(value: object) -> int:
    match = re.fullmatch(
        r"(\d{1,3})(?:[.,]0+)?(?: ?(?:th|thn|tahun))?", cell_text(value).casefold()
    )
    if not match or not 0 < int(match.group(1)) < 150:
        raise ValueError("usia harus bilangan bulat tahun antara 1 dan 149")
    return int(match.group(1))


def _service(value: object, context: ImportContext) -> int:
    wanted = norm(cell_text(value))
    for service in context.services:
        if wanted in (norm(service.kode), norm(service.nama)):
            return service.id
    names = ", ".join(f"{s.kode} {s.nama}" for s in context.services) or "belum ada"
    raise ValueError(f"jenis layanan tidak dikenal pada periode ini (pilihan: {names})")


def _date(value: object, context: ImportContext) -> dt.date:
    day = _parse_date(value)
    if day is None:
        raise ValueError("tanggal tidak dikenali (tulis misalnya 2026-09-14 atau 14/09/2026)")
    if not context.start_date <= day <= context.end_date:
        raise ValueError(
            f"tanggal di luar periode survei ({tanggal_angka(context.start_date)} - "
            f"{tanggal_angka(context.end_date)})"
        )
    return day


def _parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value).split(" ")[0].split("T")[0]
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
