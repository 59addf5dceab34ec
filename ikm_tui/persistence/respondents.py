"""Provides storing and reading filled questionnaires (respondents and their answers).

No audit entries here: the services that call these functions audit. Every writer runs inside
the caller's transaction (`database_proxy.atomic()`); the form number (`nomor`) is the next one
within the period. `bulk_insert` uses plain `executemany` in chunks so a million forms load in
seconds on SQLite and still work on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Any, cast

from peewee import JOIN, Expression, Field, __exception_wrapper__, fn  # type: ignore[attr-defined]

from ikm_tui.domain.regimes import unsur_label
from ikm_tui.domain.scoring import check_answer
from ikm_tui.errors import NotFound, ValidationError
from ikm_tui.persistence.models import (
    AnswerRow,
    ImportRunRow,
    RespondentRow,
    ServiceTypeRow,
    database_proxy,
)
from ikm_tui.persistence.records import SaranRecord

SOURCES = ("kertas", "impor")
# Audit-detail key of the `form_hash` a write recorded: a hex string for one form (with
# "periode" and "nomor"), or {nomor: hash} for many forms of the entry's period.
FORM_DIGEST = "isi_formulir"
CHUNK = 5000  # forms per executemany batch
# exclusion reason of the forms of an import still running (or abandoned): stored, numbered,
# not counted until the import's last transaction clears it (services/importer.py)
PENDING_REASON = "impor belum selesai"
# audit action of removing an unfinished import's pending forms ("rentang_nomor": [first, last])
IMPORT_UNDONE = "impor_batal"
RUNNING = "berjalan"  # import_run.status of a run whose forms are still pending
KEY_BATCH = 500  # fingerprints per `existing_keys` query

_PROFILE_COLUMNS = (
    "service_type_id",
    "tanggal_survei",
    "sesi",
    "batch",
    "jenis_kelamin",
    "usia",
    "pendidikan",
    "pekerjaan",
    "saran",
    "source",
)
_RESPONDENT_COLUMNS = (
    "period_id",
    "nomor",
    "questionnaire_id",
    *_PROFILE_COLUMNS,
    "excluded",
    "exclusion_reason",
    "created_at",
    "created_by_id",
    "updated_at",
    "import_key",
)
_ANSWER_COLUMNS = ("respondent_id", "period_id", "unsur_key", "value")


@dataclass
class FormData:
    """The content of one filled questionnaire, as typed from paper or imported.

    `answers` maps an unsur's stable key to 1..4, or None for "tidak menjawab".
    """

    service_type_id: int | None = None
    tanggal_survei: dt.date | None = None
    sesi: str = ""
    batch: str = ""
    jenis_kelamin: str | None = None
    usia: int | None = None
    pendidikan: str | None = None
    pekerjaan: str | None = None
    saran: str = ""
    answers: dict[str, int | None] = field(default_factory=dict)
    source: str = "kertas"

    def as_dict(self) -> dict[str, object]:
        """Plain JSON-ready content (for correction records and audit details)."""
        return {
            "service_type_id": self.service_type_id,
            "tanggal_survei": self.tanggal_survei.isoformat() if self.tanggal_survei else None,
            "sesi": self.sesi,
            "batch": self.batch,
            "jenis_kelamin": self.jenis_kelamin,
            "usia": self.usia,
            "pendidikan": self.pendidikan,
            "pekerjaan": self.pekerjaan,
            "saran": self.saran,
            "answers": dict(self.answers),
            "source": self.source,
        }


_PLAIN_ANSWERS = frozenset((1, 2, 3, 4, None))


def checked(form: FormData) -> FormData:
    """The form with answers normalised to 1..4/None; ValidationError names the bad unsur."""
    if form.source not in SOURCES:
        raise ValidationError(f"Sumber formulir tidak dikenal: {form.source!r}.")
    if form.usia is not None and not 0 < form.usia < 150:
        raise ValidationError(f"Usia responden tidak wajar: {form.usia}.")
    values = form.answers.values()
    if all(type(v) is int or v is None for v in values) and _PLAIN_ANSWERS.issuperset(values):
        return form  # the common case (typed or imported integers): nothing to normalise
    answers: dict[str, int | None] = {}
    for key, value in form.answers.items():
        try:
            answers[key] = check_answer(value)
        except ValueError:
            raise ValidationError(
                f"Jawaban unsur {unsur_label(key)} tidak valid: {value!r}. Isi 1 sampai 4, "
                "atau kosongkan bila tidak dijawab."
            ) from None
    return replace(form, answers=answers)


def counted_condition(period_id: int | None = None) -> Expression:
    """The WHERE condition of counted (not excluded) respondents, of one period or of all."""
    condition = RespondentRow.excluded == False  # noqa: E712
    return condition if period_id is None else (RespondentRow.period == period_id) & condition


def answer_columns(unsur_keys: Sequence[str]) -> list[Any]:
    """One aggregate per unsur key: the form's answer to it (None = blank or missing), for a
    query joining each respondent to its answers and grouped by respondent."""
    return [
        fn.MAX(AnswerRow.value).filter(AnswerRow.unsur_key == key).alias(f"v{index}")
        for index, key in enumerate(unsur_keys)
    ]


def forms_with_answers(
    period_id: int, columns: Sequence[Field], unsur_keys: Sequence[str], counted_only: bool
) -> Iterator[tuple[object, ...]]:
    """Each form of the period (only the counted ones if `counted_only`) by form number, as one
    plain row from the DB-API cursor: `columns`, then its answers in `unsur_keys` order."""
    where = counted_condition(period_id) if counted_only else RespondentRow.period == period_id
    query = (
        RespondentRow.select(*columns, *answer_columns(unsur_keys))
        .join(AnswerRow, JOIN.LEFT_OUTER, on=(AnswerRow.respondent == RespondentRow.id))
        .where(where)
        .group_by(RespondentRow.id)
        .order_by(RespondentRow.nomor)
    )
    return iter(database_proxy.execute(query))


def counted(period_id: int) -> int:
    """How many respondents of the period are counted (not excluded)."""
    return RespondentRow.select().where(counted_condition(period_id)).count()


def next_nomor(period_id: int) -> int:
    """The next form number within a period (1 for the first), after the numbers a running
    import has reserved (`import_run.nomor_akhir`)."""
    last = (
        RespondentRow.select(fn.MAX(RespondentRow.nomor))
        .where(RespondentRow.period == period_id)
        .scalar()
    )
    reserved = (
        ImportRunRow.select(fn.MAX(ImportRunRow.nomor_akhir))
        .where((ImportRunRow.period == period_id) & (ImportRunRow.status == RUNNING))
        .scalar()
    )
    return max(int(last or 0), int(reserved or 0)) + 1


def _sql_value(value: object) -> object:
    """Dates and times as the text peewee itself stores on SQLite (and PostgreSQL accepts)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _respondent_tuple(
    period_id: int,
    nomor: int,
    form: FormData,
    stamp: object,
    created_by: int | None,
    questionnaire_id: int | None,
    import_key: str | None = None,
    pending: bool = False,
) -> tuple[object, ...]:
    return (
        period_id,
        nomor,
        questionnaire_id,
        form.service_type_id,
        _sql_value(form.tanggal_survei),
        form.sesi,
        form.batch,
        form.jenis_kelamin,
        form.usia,
        form.pendidikan,
        form.pekerjaan,
        form.saran,
        form.source,
        pending,
        PENDING_REASON if pending else "",
        stamp,
        created_by,
        stamp,
        import_key,
    )


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    param = database_proxy.param
    names = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({", ".join([param] * len(columns))})'


def _execute_many(table: str, columns: Sequence[str], rows: list[tuple[object, ...]]) -> None:
    if rows:
        cursor = database_proxy.cursor()
        # driver errors (psycopg2's too) become peewee's own, as with every peewee query, so
        # that the UI and CLI explain them (storage_error) on PostgreSQL as on SQLite
        with __exception_wrapper__:
            cursor.executemany(_insert_sql(table, columns), rows)


def _answer_tuples(
    respondent_id: int, period_id: int, answers: dict[str, int | None]
) -> list[tuple[object, ...]]:
    return [(respondent_id, period_id, key, value) for key, value in answers.items()]


def insert_form(
    period_id: int,
    form: FormData,
    created_at: dt.datetime,
    created_by: int | None,
    questionnaire_id: int | None,
) -> tuple[int, int]:
    """Save one form with the next number; returns (respondent_id, nomor)."""
    form = checked(form)
    with database_proxy.atomic():
        nomor = next_nomor(period_id)
        row = RespondentRow.create(
            period=period_id,
            nomor=nomor,
            questionnaire=questionnaire_id,
            service_type=form.service_type_id,
            tanggal_survei=form.tanggal_survei,
            sesi=form.sesi,
            batch=form.batch,
            jenis_kelamin=form.jenis_kelamin,
            usia=form.usia,
            pendidikan=form.pendidikan,
            pekerjaan=form.pekerjaan,
            saran=form.saran,
            source=form.source,
            created_at=created_at,
            created_by=created_by,
            updated_at=created_at,
        )
        _execute_many(
            AnswerRow._meta.table_name,
            _ANSWER_COLUMNS,
            _answer_tuples(row.id, period_id, form.answers),
        )
    return row.id, nomor


def _chunks(items: Iterable[FormData], size: int) -> Iterator[list[FormData]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _ids_by_nomor(period_id: int, first: int, last: int) -> dict[int, int]:
    query = RespondentRow.select(RespondentRow.nomor, RespondentRow.id).where(
        (RespondentRow.period == period_id) & (RespondentRow.nomor.between(first, last))
    )
    pairs = cast(Iterable[tuple[int, int]], query.tuples())
    return {int(nomor): int(rid) for nomor, rid in pairs}


def bulk_insert(
    period_id: int,
    forms: Iterable[FormData],
    created_at: dt.datetime,
    created_by: int | None,
    questionnaire_id: int | None,
) -> int:
    """Save many forms numbered on from the period's last one; returns how many were saved.

    All forms are validated; a bad one raises ValidationError and (inside the caller's
    transaction) nothing is kept.
    """
    saved = 0
    with database_proxy.atomic():
        nomor = next_nomor(period_id)
        for chunk in _chunks(forms, CHUNK):
            insert_numbered(
                period_id,
                [(nomor + offset, form, None) for offset, form in enumerate(chunk)],
                created_at,
                created_by,
                questionnaire_id,
            )
            nomor += len(chunk)
            saved += len(chunk)
    return saved


def insert_numbered(
    period_id: int,
    forms: Sequence[tuple[int, FormData, str | None]],
    created_at: dt.datetime,
    created_by: int | None,
    questionnaire_id: int | None,
    pending: bool = False,
) -> None:
    """Save forms under the given numbers (consecutive) with their import fingerprints, in two
    `executemany` calls inside the caller's transaction. `pending` stores them excluded with
    PENDING_REASON (an import's forms until `finish_pending`)."""
    if not forms:
        return
    stamp = _sql_value(created_at)
    rows = [
        _respondent_tuple(
            period_id, nomor, checked(form), stamp, created_by, questionnaire_id, key, pending
        )
        for nomor, form, key in forms
    ]
    _execute_many(RespondentRow._meta.table_name, _RESPONDENT_COLUMNS, rows)
    ids = _ids_by_nomor(period_id, forms[0][0], forms[-1][0])
    answers: list[tuple[object, ...]] = []
    for nomor, form, _ in forms:
        answers.extend(_answer_tuples(ids[nomor], period_id, form.answers))
    _execute_many(AnswerRow._meta.table_name, _ANSWER_COLUMNS, answers)


def existing_keys(period_id: int, keys: Sequence[str]) -> set[str]:
    """Those of `keys` (import fingerprints) stored in the period, not pending (an unfinished
    import's forms are removed before the next import stores anything)."""
    found: set[str] = set()
    for start in range(0, len(keys), KEY_BATCH):
        batch = list(keys[start : start + KEY_BATCH])
        query = RespondentRow.select(RespondentRow.import_key).where(
            (RespondentRow.period == period_id)
            & RespondentRow.import_key.in_(batch)
            & (RespondentRow.exclusion_reason != PENDING_REASON)
        )
        found.update(str(key) for (key,) in cast(Iterable[tuple[str]], query.tuples()))
    return found


def has_import_keys(period_id: int) -> bool:
    """Whether any form of the period carries an import fingerprint."""
    return (
        RespondentRow.select(RespondentRow.id)
        .where((RespondentRow.period == period_id) & RespondentRow.import_key.is_null(False))
        .exists()
    )


def finish_pending(period_id: int, first: int, last: int) -> int:
    """Make the pending forms numbered first..last count (inside the caller's transaction)."""
    return int(
        RespondentRow.update(excluded=False, exclusion_reason="")
        .where(
            (RespondentRow.period == period_id)
            & RespondentRow.nomor.between(first, last)
            & (RespondentRow.excluded == True)  # noqa: E712
            & (RespondentRow.exclusion_reason == PENDING_REASON)
        )
        .execute()
    )


def counted_in_block(period_id: int, first: int, last: int) -> int:
    """How many imported forms numbered first..last already count (an import killed while its
    forms were being made to count, `finish_pending` in steps)."""
    return int(
        RespondentRow.select()
        .where(
            (RespondentRow.period == period_id)
            & RespondentRow.nomor.between(first, last)
            & (RespondentRow.excluded == False)  # noqa: E712
            & RespondentRow.import_key.is_null(False)
        )
        .count()
    )


def delete_imported(period_id: int, first: int, last: int, limit: int) -> int:
    """Delete up to `limit` imported forms numbered first..last with their answers (inside the
    caller's transaction): an unfinished import's block, whose numbers no other form can take,
    pending or already made to count; returns how many were deleted (0 once none is left)."""
    ids = [
        int(rid)
        for (rid,) in cast(
            Iterable[tuple[int]],
            RespondentRow.select(RespondentRow.id)
            .where(
                (RespondentRow.period == period_id)
                & RespondentRow.nomor.between(first, last)
                & RespondentRow.import_key.is_null(False)
            )
            .limit(limit)
            .tuples(),
        )
    ]
    if ids:
        AnswerRow.delete().where(AnswerRow.respondent.in_(ids)).execute()
        RespondentRow.delete().where(RespondentRow.id.in_(ids)).execute()
    return len(ids)


def _row(respondent_id: int) -> RespondentRow:
    row = RespondentRow.get_or_none(RespondentRow.id == respondent_id)
    if row is None:
        raise NotFound(f"Formulir responden (id {respondent_id}) tidak ditemukan.")
    return row


def form_of(respondent_id: int) -> FormData:
    """The stored content of a form (answers keyed by unsur key, None for blanks)."""
    row = _row(respondent_id)
    query = (
        AnswerRow.select(AnswerRow.unsur_key, AnswerRow.value)
        .where(AnswerRow.respondent == respondent_id)
        .order_by(AnswerRow.id)
    )
    answers = dict(cast(Iterable[tuple[str, int | None]], query.tuples()))
    return FormData(
        service_type_id=row.service_type_id,  # type: ignore[attr-defined]
        tanggal_survei=row.tanggal_survei,
        sesi=row.sesi,
        batch=row.batch,
        jenis_kelamin=row.jenis_kelamin,
        usia=row.usia,
        pendidikan=row.pendidikan,
        pekerjaan=row.pekerjaan,
        saran=row.saran,
        answers=answers,
        source=row.source,
    )


def find_by_nomor(period_id: int, nomor: int) -> int | None:
    """The respondent id of a form number in a period, or None."""
    row = (
        RespondentRow.select(RespondentRow.id)
        .where((RespondentRow.period == period_id) & (RespondentRow.nomor == nomor))
        .first()
    )
    return row.id if row else None


def update_form(respondent_id: int, form: FormData, updated_at: dt.datetime) -> FormData:
    """Replace a form's content (profile and all answers); returns the content before."""
    form = checked(form)
    with database_proxy.atomic():
        row = _row(respondent_id)
        before = form_of(respondent_id)
        (
            RespondentRow.update(
                service_type=form.service_type_id,
                tanggal_survei=form.tanggal_survei,
                sesi=form.sesi,
                batch=form.batch,
                jenis_kelamin=form.jenis_kelamin,
                usia=form.usia,
                pendidikan=form.pendidikan,
                pekerjaan=form.pekerjaan,
                saran=form.saran,
                source=form.source,
                updated_at=updated_at,
            )
            .where(RespondentRow.id == respondent_id)
            .execute()
        )
        AnswerRow.delete().where(AnswerRow.respondent == respondent_id).execute()
        _execute_many(
            AnswerRow._meta.table_name,
            _ANSWER_COLUMNS,
            _answer_tuples(
                respondent_id,
                row.period_id,  # type: ignore[attr-defined]
                form.answers,
            ),
        )
    return before


def set_excluded(respondent_id: int, excluded: bool, reason: str, updated_at: dt.datetime) -> None:
    """Mark a form excluded from (or restored to) the tabulation."""
    row = _row(respondent_id)
    if row.excluded and row.exclusion_reason == PENDING_REASON:
        raise ValidationError(
            f"Formulir nomor {row.nomor} bagian dari impor yang belum selesai; impor berikutnya "
            "ke periode ini menghapusnya, atau tunggu impor itu selesai."
        )
    (
        RespondentRow.update(
            excluded=excluded, exclusion_reason=reason if excluded else "", updated_at=updated_at
        )
        .where(RespondentRow.id == respondent_id)
        .execute()
    )


def saran(
    period_id: int, search: str = "", service_type_id: int | None = None, source: str = ""
) -> list[SaranRecord]:
    """The non-empty saran of a period's counted forms, by form number."""
    query = (
        RespondentRow.select(RespondentRow, ServiceTypeRow.nama.alias("service_name"))
        .join(
            ServiceTypeRow,
            JOIN.LEFT_OUTER,
            on=(RespondentRow.service_type == ServiceTypeRow.id),
        )
        .where(counted_condition(period_id) & (fn.TRIM(RespondentRow.saran) != ""))
        .order_by(RespondentRow.nomor)
    )
    if search.strip():
        query = query.where(fn.LOWER(RespondentRow.saran).contains(search.strip().lower()))
    if service_type_id is not None:
        query = query.where(RespondentRow.service_type == service_type_id)
    if source:
        query = query.where(RespondentRow.source == source)
    return [
        SaranRecord(
            row.id,
            period_id,
            row.nomor,
            row.tanggal_survei,
            getattr(row, "service_name", None) or "",
            row.source,
            row.saran.strip(),
        )
        for row in query.objects()
    ]


def form_hash(nomor: int, form: FormData, excluded: bool) -> str:
    """SHA-256 (hex) of a form's content as stored: number, profile, answers, source and
    whether it is excluded. The services record it in the audit entry of every save, import,
    correction, exclusion and restoration; `verify` recomputes it from the rows."""
    import hashlib

    from ikm_tui.persistence.audit_log import canonical_json

    data = {**checked(form).as_dict(), "nomor": nomor, "excluded": bool(excluded)}
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def form_hashes(first_nomor: int, forms: Sequence[FormData]) -> dict[str, str]:
    """{nomor: form_hash} of forms stored from `first_nomor` on (as `bulk_insert` numbers them)."""
    return {
        str(first_nomor + offset): form_hash(first_nomor + offset, form, False)
        for offset, form in enumerate(forms)
    }


@dataclass
class StoredHashes:
    """`stored_form_hashes`: each stored form's `form_hash` as it is stored, and for the pending
    ones (an unfinished import's, excluded with PENDING_REASON) the hash they will have once
    their import finishes (the one its `impor_bagian` entry recorded)."""

    hashes: dict[tuple[int, int], str] = field(default_factory=dict)
    pending: dict[tuple[int, int], str] = field(default_factory=dict)


def stored_form_hashes() -> StoredHashes:
    """(period id, nomor) -> `form_hash` of every stored form, in two queries."""
    answers: dict[int, dict[str, int | None]] = {}
    query = AnswerRow.select(AnswerRow.respondent, AnswerRow.unsur_key, AnswerRow.value).order_by(
        AnswerRow.id
    )
    for respondent_id, key, value in query.tuples().iterator():
        answers.setdefault(respondent_id, {})[key] = value
    result = StoredHashes()
    for row in RespondentRow.select().iterator():
        form = FormData(
            service_type_id=row.service_type_id,
            tanggal_survei=row.tanggal_survei,
            sesi=row.sesi,
            batch=row.batch,
            jenis_kelamin=row.jenis_kelamin,
            usia=row.usia,
            pendidikan=row.pendidikan,
            pekerjaan=row.pekerjaan,
            saran=row.saran,
            answers=answers.get(row.id, {}),
            source=row.source,
        )
        key = (row.period_id, row.nomor)
        result.hashes[key] = form_hash(row.nomor, form, row.excluded)
        if row.excluded and row.exclusion_reason == PENDING_REASON:
            result.pending[key] = form_hash(row.nomor, form, False)
    return result
