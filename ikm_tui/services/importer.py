"""Provides ImportService: preview, map, validate and commit CSV/XLSX responses (SOP step 4).

The commit is all-or-nothing: every row is checked first; one rejected row stores nothing.
Accepted forms are stored with `respondents.bulk_insert` (source "impor") in chunks inside one
transaction, with one audit entry, and a progress callback after each chunk.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import questionnaire as questionnaire_rules
from ikm_tui.domain.formatting import waktu
from ikm_tui.domain.regimes import get_regime
from ikm_tui.domain.sop import STAF
from ikm_tui.errors import PermissionDenied, ValidationError
from ikm_tui.persistence import audit_log, respondents, users
from ikm_tui.persistence.models import AuditRow, database_proxy
from ikm_tui.persistence.records import UserRecord
from ikm_tui.persistence.respondents import FormData

if TYPE_CHECKING:
    from ikm_tui.services.periods import PeriodService
    from ikm_tui.services.questionnaire import QuestionnaireService
    from ikm_tui.services.workflow import WorkflowService
from ikm_tui.services.import_mapping import (
    IGNORE,
    ImportContext,
    convert_row,
    detect_mapping,
)
from ikm_tui.services.table_reader import Table, open_table, unsur_columns

IMPORT_ACTION = "impor_data"  # audit action; its detail holds the file's SHA-256
PREVIEW_ROWS = 10
CHUNK = 1000  # forms per bulk_insert call (one progress report each)
MAX_LISTED = 200  # rejected rows kept in an ImportCheck (the count is always exact)
MAX_MESSAGE_LINES = 21  # lines of the error raised by a refused commit

Progress = Callable[[int, int], object]  # (stored so far, total)


@dataclass(frozen=True)
class ImportPreview:
    """The file as read: its columns, the first rows as text and the detected mapping."""

    path: str
    described: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total_rows: int
    mapping: dict[int, str]
    targets: tuple[tuple[str, str], ...]  # (target key, label) a column may map to
    unmapped_unsur: tuple[str, ...]  # "U3 Waktu Penyelesaian" not mapped by any column


@dataclass(frozen=True)
class RejectedRow:
    """One refused cell: spreadsheet row number (header = 1), column, value and reason."""

    row: int
    column: str
    value: str
    reason: str

    @property
    def text(self) -> str:
        shown = f"'{self.value}'" if self.value else "(kosong)"
        return f"Baris {self.row}, kolom {self.column}: {shown} {self.reason}."


@dataclass(frozen=True)
class ImportCheck:
    """The result of checking every row against a mapping."""

    total_rows: int
    accepted: int
    skipped_blank: int
    rejected_count: int
    rejected_rows: int  # distinct rows with at least one refused cell
    rejected: tuple[RejectedRow, ...]  # the first MAX_LISTED problems
    problems: tuple[str, ...]  # file-level problems (unmapped unsur, no unsur at all)
    source: str = ""  # the file (and sheet) checked: "data.xlsx, lembar 'Data'"

    @property
    def ok(self) -> bool:
        return self.rejected_count == 0 and not self.problems and self.accepted > 0

    @property
    def refusal(self) -> str:
        """Why nothing will be stored (first line) and the reasons, one per line."""
        where = f" ({self.source})" if self.source else ""
        if self.problems:
            head = f"Impor dibatalkan{where}, tidak ada data yang disimpan. " + " ".join(
                self.problems
            )
        elif self.rejected_count:
            head = (
                f"Impor dibatalkan{where}, tidak ada data yang disimpan: {self.rejected_rows} "
                "baris ditolak. Perbaiki baris berikut lalu impor ulang seluruh berkas."
            )
        else:
            head = f"Impor dibatalkan{where}: berkas tidak memuat satu pun baris jawaban."
        return "\n".join([head, *self.reasons()[len(self.problems) :]])

    def reasons(self) -> list[str]:
        """Every reason as a line of text (file problems first)."""
        lines = list(self.problems) + [item.text for item in self.rejected]
        if self.rejected_count > len(self.rejected):
            lines.append(f"... dan {self.rejected_count - len(self.rejected)} masalah lain.")
        return lines


@dataclass(frozen=True)
class ImportResult:
    """What a commit stored."""

    stored: int
    first_nomor: int
    last_nomor: int
    skipped_blank: int
    file_name: str
    sha256: str

    @property
    def message(self) -> str:
        return (
            f"{self.stored} formulir dari {self.file_name} tersimpan sebagai nomor "
            f"{self.first_nomor} sampai {self.last_nomor}."
        )


class ImportService:
    """Imports online or spreadsheet responses into a period (as a logged-in Staf)."""

    def __init__(
        self,
        clock: Clock = system_clock,
        *,
        periods: PeriodService,
        questionnaire: QuestionnaireService,
        workflow: WorkflowService,
    ) -> None:
        self.clock = clock
        self.periods = periods
        self.questionnaire = questionnaire
        self.workflow = workflow

    def context(self, period_id: int) -> ImportContext:
        """Regime, questionnaire (the approved one, else the current draft) and jenis layanan."""
        periods = self.periods
        period = periods.get(period_id)
        questionnaires = self.questionnaire
        document = questionnaires.approved(period_id)
        content = document.content if document else None
        if content is None:
            content = questionnaire_rules.template(period.regime_id)
        return ImportContext(
            get_regime(period.regime_id),
            content,
            tuple(periods.period_service_types(period_id)),
            period.start_date,
            period.end_date,
        )

    def preview(self, period_id: int, path: str | Path, sheet: str | None = None) -> ImportPreview:
        """Read the file and propose a mapping (U-codes, question texts, profile names)."""
        context = self.context(period_id)
        table = _open(path, sheet, context)
        mapping = detect_mapping(table.header, context)
        rows: list[tuple[str, ...]] = []
        total = 0
        for _, row in table.rows():
            if total < PREVIEW_ROWS:
                rows.append(tuple("" if cell is None else str(cell) for cell in row))
            total += 1
        return ImportPreview(
            str(table.path),
            table.described,
            table.header,
            tuple(rows),
            total,
            mapping,
            tuple(context.targets()),
            _unmapped(mapping, context),
        )

    def validate(
        self,
        period_id: int,
        path: str | Path,
        mapping: Mapping[int, str] | None = None,
        sheet: str | None = None,
    ) -> ImportCheck:
        """Check every row; rejected cells are listed with row number, column and reason."""
        context = self.context(period_id)
        table = _open(path, sheet, context)
        check, _ = _check(
            table,
            _mapping(table, mapping, context),
            context,
            _previous_import(period_id, _digest(table)),
        )
        return check

    def commit(
        self,
        period_id: int,
        path: str | Path,
        mapping: Mapping[int, str] | None,
        user: UserRecord,
        progress: Progress | None = None,
        sheet: str | None = None,
    ) -> ImportResult:
        """Store every row or nothing; refused if any row is rejected. Needs step 4 and a Staf."""
        actor = users.acting(user)
        if not actor.has_role(STAF) or actor.disabled:
            raise PermissionDenied("Hanya Staf yang dapat mengimpor data kuesioner.")
        self.workflow.require_action_step(period_id, "impor")
        context = self.context(period_id)
        table = _open(path, sheet, context)
        check, forms = _check(
            table,
            _mapping(table, mapping, context),
            context,
            _previous_import(period_id, _digest(table)),
        )
        if not check.ok:
            lines = check.refusal.splitlines()
            raise ValidationError("\n".join(lines[:MAX_MESSAGE_LINES]), title="Impor ditolak")
        approved = self.questionnaire.approved(period_id)
        return self._store(
            period_id, table, forms, check, user, approved.id if approved else None, progress
        )

    def _store(
        self,
        period_id: int,
        table: Table,
        forms: list[FormData],
        check: ImportCheck,
        user: UserRecord,
        questionnaire_id: int | None,
        progress: Progress | None,
    ) -> ImportResult:
        now = self.clock()
        name = table.name
        digest = _digest(table)
        with database_proxy.atomic():
            first = respondents.next_nomor(period_id)
            stored = 0
            for start in range(0, len(forms), CHUNK):
                stored += respondents.bulk_insert(
                    period_id, forms[start : start + CHUNK], now, user.id or None, questionnaire_id
                )
                if progress is not None:
                    progress(stored, len(forms))
            result = ImportResult(
                stored, first, first + stored - 1, check.skipped_blank, name, digest
            )
            audit_log.append_by(
                now,
                user,
                IMPORT_ACTION,
                "period",
                period_id,
                {
                    "berkas": name,
                    "sha256": digest,
                    "jumlah": stored,
                    "nomor_awal": result.first_nomor,
                    "nomor_akhir": result.last_nomor,
                    respondents.FORM_DIGEST: respondents.form_hashes(first, forms),
                },
            )
        return result


def _open(path: str | Path, sheet: str | None, context: ImportContext) -> Table:
    """The file through the one table reader; U-code columns the regime lacks are refused."""
    table = open_table(path, sheet)
    unsur_columns(table, context.regime)
    return table


def _mapping(
    table: Table, mapping: Mapping[int, str] | None, context: ImportContext
) -> dict[int, str]:
    if mapping is None:
        return detect_mapping(table.header, context)
    return {
        index: target
        for index, target in mapping.items()
        if 0 <= index < len(table.header) and target != IGNORE
    }


def _unmapped(mapping: Mapping[int, str], context: ImportContext) -> tuple[str, ...]:
    used = set(mapping.values())
    return tuple(f"{u.kode} {u.nama}" for u in context.regime.unsur if u.key not in used)


def _problems(mapping: Mapping[int, str], context: ImportContext) -> list[str]:
    problems: list[str] = []
    targets = list(mapping.values())
    doubled = sorted({t for t in targets if t != IGNORE and targets.count(t) > 1})
    for target in doubled:
        problems.append(f"{context.target_label(target)} dipetakan ke lebih dari satu kolom.")
    missing = _unmapped(mapping, context)
    if missing:
        problems.append("Unsur belum dipetakan ke kolom mana pun: " + ", ".join(missing) + ".")
    return problems


def _digest(table: Table) -> str:
    digest = hashlib.sha256()
    with table.path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _previous_import(period_id: int, digest: str) -> list[str]:
    """A problem when the very same file (SHA-256) was already imported into the period."""
    entry = (
        AuditRow.select()
        .where(
            (AuditRow.action == IMPORT_ACTION)
            & (AuditRow.entity == "period")
            & (AuditRow.entity_id == str(period_id))
            & AuditRow.detail.contains(digest)
        )
        .order_by(AuditRow.id.desc())
        .first()
    )
    if entry is None:
        return []
    detail = json.loads(entry.detail)
    return [
        f"Berkas yang sama persis sudah diimpor ke periode ini pada {waktu(entry.at)} oleh "
        f"{entry.username} (nomor {detail.get('nomor_awal')}-{detail.get('nomor_akhir')}); "
        "mengimpornya lagi akan menggandakan data."
    ]


def _check(
    table: Table, mapping: dict[int, str], context: ImportContext, file_problems: list[str]
) -> tuple[ImportCheck, list[FormData]]:
    forms: list[FormData] = []
    listed: list[RejectedRow] = []
    rejected_count = rejected_rows = skipped = total = 0
    mapped = [index for index, target in mapping.items() if target != IGNORE]
    for number, row in table.rows():
        total += 1
        if all(row[index] is None for index in mapped):
            skipped += 1
            continue
        form, cell_problems = convert_row(row, mapping, context)
        if cell_problems:
            rejected_rows += 1
            rejected_count += len(cell_problems)
            for problem in cell_problems[: max(0, MAX_LISTED - len(listed))]:
                column = table.column_name(problem.column)
                listed.append(RejectedRow(number, column, problem.value, problem.reason))
        else:
            forms.append(form)
    check = ImportCheck(
        total,
        len(forms),
        skipped,
        rejected_count,
        rejected_rows,
        tuple(listed),
        tuple(file_problems + _problems(mapping, context)),
        table.where(),
    )
    return check, forms
