"""Provides ImportService: preview, map, validate and commit CSV/XLSX responses (SOP step 4).

Cumulative downloads: every good row gets a fingerprint (`row_key`: its timestamp and mapped
content, plus how many identical rows came before it in the file), stored with the form
(`respondent.import_key`, unique per period). A row whose fingerprint the period already holds
is counted as "sudah ada" and skipped; a file whose rows are all there is refused.

Imports never block paper entry: the file is read once as a stream, never held in memory.
The first pass (no lock) checks every row, computes the fingerprints and pickles the good rows
to a temporary spill file; the second reads the spill, converts the new rows chunk by chunk
outside any transaction and holds the write lock only to insert one bounded chunk
(`CHUNK_SECONDS`), so a paper form or a login waits a fraction of a second.
All-or-nothing from the user's view: the run's numbers are reserved (`import_run`) and its
forms are stored pending (excluded with `respondents.PENDING_REASON`, counted nowhere) until
one last short transaction makes them count and writes the `impor_data` entry. A failure
removes what was stored; a run killed midway stays visible as "belum selesai" (the import
screen and check say so, the forms list shows its forms excluded with that reason) and is
removed by the next import into the period (`impor_batal` in the audit log).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pickle
import tempfile
import time
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import questionnaire as questionnaire_rules
from ikm_tui.domain.formatting import bilangan, waktu
from ikm_tui.domain.regimes import get_regime
from ikm_tui.domain.sop import STAF
from ikm_tui.errors import PermissionDenied, ValidationError
from ikm_tui.persistence import audit_log, respondents, users
from ikm_tui.persistence.models import AuditRow, ImportRunRow, database_proxy
from ikm_tui.persistence.records import UserRecord
from ikm_tui.persistence.respondents import FormData

if TYPE_CHECKING:
    from ikm_tui.services.periods import PeriodService
    from ikm_tui.services.questionnaire import QuestionnaireService
    from ikm_tui.services.workflow import WorkflowService
from ikm_tui.services.import_mapping import (
    IGNORE,
    ImportContext,
    RowConverter,
    cell_text,
    detect_mapping,
)
from ikm_tui.services.table_reader import Cell, Table, open_table, unsur_columns

IMPORT_ACTION = "impor_data"  # audit action of a finished import (file SHA-256, counts)
PART_ACTION = "impor_bagian"  # one stored chunk: the form hashes `verify` checks
UNDO_ACTION = respondents.IMPORT_UNDONE  # a failed or abandoned run's forms removed
PREVIEW_ROWS = 10
CHUNK = 1000  # forms of the first write transaction; later ones adapt to CHUNK_SECONDS
MAX_CHUNK = 20_000
CHUNK_SECONDS = 0.25  # aim of each write transaction's length (busy_timeout is 10 s)
STALE_SECONDS = 120  # a running import whose last chunk is older is taken as abandoned
MAX_LISTED = 200  # rejected rows kept in an ImportCheck (the count is always exact)
MAX_MESSAGE_LINES = 21  # lines of the error raised by a refused commit
RUNNING, FINISHED, UNDONE = respondents.RUNNING, "selesai", "dibatalkan"

Progress = Callable[[int, int], object]  # (stored so far, total)


class ImportRefused(ValidationError):
    """A commit refused after checking the file; `check` holds every reason."""

    def __init__(self, check: ImportCheck) -> None:
        lines = check.refusal.splitlines()
        super().__init__("\n".join(lines[:MAX_MESSAGE_LINES]), title="Impor ditolak")
        self.check = check


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
    """The result of checking every row against a mapping.

    `accepted` counts the good rows; `existing` of them are already stored in the period
    (their fingerprint is there), so `new` is what a commit stores."""

    total_rows: int
    accepted: int
    skipped_blank: int
    rejected_count: int
    rejected_rows: int  # distinct rows with at least one refused cell
    rejected: tuple[RejectedRow, ...]  # the first MAX_LISTED problems
    problems: tuple[str, ...]  # file-level problems (unmapped unsur, no unsur at all)
    source: str = ""  # the file (and sheet) checked: "data.xlsx, lembar 'Data'"
    existing: int = 0
    notes: tuple[str, ...] = ()  # not refusals: an unfinished import the commit will remove

    @property
    def new(self) -> int:
        return self.accepted - self.existing

    @property
    def ok(self) -> bool:
        return self.rejected_count == 0 and not self.problems and self.new > 0

    @property
    def counts(self) -> str:
        """ "20 baris sudah ada, 10 baris baru" (the first part only when some are there)."""
        if not self.existing:
            return f"{bilangan(self.new)} baris baru"
        return f"{bilangan(self.existing)} baris sudah ada, {bilangan(self.new)} baris baru"

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
        elif self.existing:
            head = (
                f"Impor dibatalkan{where}: semua {bilangan(self.existing)} baris berkas ini sudah ada di "
                "periode ini (diimpor sebelumnya); tidak ada baris baru untuk disimpan."
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
    """What a commit stored (`existing`: good rows of the file that were already there)."""

    stored: int
    first_nomor: int
    last_nomor: int
    skipped_blank: int
    file_name: str
    sha256: str
    existing: int = 0
    removed: int = 0  # forms of an abandoned import removed first

    @property
    def message(self) -> str:
        """ "20 baris sudah ada, 10 baris baru disimpan (nomor 21-30) dari data.csv." """
        numbers = f"(nomor {self.first_nomor}-{self.last_nomor}) dari {self.file_name}."
        stored = bilangan(self.stored)
        if self.existing:
            text = (
                f"{bilangan(self.existing)} baris sudah ada, {stored} baris baru disimpan {numbers}"
            )
        else:
            text = f"{stored} formulir disimpan {numbers}"
        if self.removed:
            text += f" {bilangan(self.removed)} formulir impor yang terhenti dihapus lebih dahulu."
        return text


@dataclass(frozen=True)
class UnfinishedImport:
    """An import whose forms are stored pending: still running, or abandoned (stale)."""

    run_id: int
    berkas: str
    username: str
    stored: int
    total: int
    first_nomor: int
    last_nomor: int
    started_at: dt.datetime
    abandoned: bool
    counted: int = 0  # of `stored`, already made to count (killed while being switched on)

    @property
    def counting(self) -> str:
        """ "belum dihitung", or how many already count."""
        if not self.counted:
            return "belum dihitung"
        return f"{bilangan(self.counted)} di antaranya sudah dihitung (terhenti saat diselesaikan)"

    @property
    def text(self) -> str:
        state = "terhenti" if self.abandoned else "sedang berjalan"
        text = (
            f"Impor {self.berkas} oleh {self.username} ({waktu(self.started_at)}) {state}: "
            f"{bilangan(self.stored)} dari {bilangan(self.total)} formulir tersimpan sementara (nomor "
            f"{self.first_nomor}-{self.last_nomor}), {self.counting}."
        )
        if self.abandoned:
            text += (
                " Buang di layar Impor (F8), atau impor berikutnya ke periode ini menghapusnya "
                "lebih dahulu."
            )
        return text


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
        """Check every row; rejected cells are listed with row number, column and reason; rows
        already stored (cumulative downloads) are counted as `existing`."""
        context = self.context(period_id)
        table = _open(path, sheet, context)
        scan = _scan(table, _mapping(table, mapping, context), context, period_id)
        notes = tuple(item.text for item in self.unfinished(period_id))
        return _with_notes(scan.check, notes)

    def unfinished(self, period_id: int) -> list[UnfinishedImport]:
        """The period's imports whose forms are still pending: running, or abandoned (a
        process killed midway: no chunk stored for STALE_SECONDS)."""
        now = self.clock()
        found = []
        query = (
            ImportRunRow.select()
            .where((ImportRunRow.period == period_id) & (ImportRunRow.status == RUNNING))
            .order_by(ImportRunRow.id)
        )
        for run in query:
            user = users.find(run.user_id) if run.user_id else None  # type: ignore[attr-defined]
            first, last = int(run.nomor_awal or 0), int(run.nomor_akhir or 0)
            # forms are made to count only once all are stored: otherwise none can count
            counted = (
                respondents.counted_in_block(period_id, first, last)
                if run.tersimpan >= run.jumlah
                else 0
            )
            found.append(
                UnfinishedImport(
                    run.id,
                    run.berkas,
                    user.username if user else "sistem",
                    run.tersimpan,
                    run.jumlah,
                    first,
                    last,
                    run.started_at,
                    abandoned(run.updated_at, now),
                    counted,
                )
            )
        return found

    def discard(self, period_id: int, run_id: int, user: UserRecord) -> int:
        """Remove an abandoned import's pending forms now (the import screen's F8), rather than
        at the next import into the period; audited as `impor_batal`. Returns how many forms
        were removed. A run still storing (its heartbeat fresh) or already finished is refused."""
        actor = users.acting(user)
        if not actor.has_role(STAF) or actor.disabled:
            raise PermissionDenied("Hanya Staf yang dapat membuang impor yang terhenti.")
        item = next((i for i in self.unfinished(period_id) if i.run_id == run_id), None)
        if item is None:
            raise ValidationError(
                "Impor itu sudah selesai atau sudah dibuang; tidak ada yang perlu dibuang.",
                title="Tidak ada yang dibuang",
            )
        if not item.abandoned:
            raise ValidationError(
                f"Impor {item.berkas} masih berjalan (bagian terakhir disimpan kurang dari "
                f"{STALE_SECONDS // 60} menit lalu); tunggu sampai selesai atau terhenti.",
                title="Impor masih berjalan",
            )
        return self._undo(run_id, user, "dibuang pengguna (impor terhenti)")

    def remove_abandoned(self, period_id: int, user: UserRecord) -> int:
        """Remove the forms of the period's abandoned imports; returns how many."""
        removed = 0
        for item in self.unfinished(period_id):
            if item.abandoned:
                removed += self._undo(item.run_id, user, "impor terhenti sebelum selesai")
        return removed

    def commit(
        self,
        period_id: int,
        path: str | Path,
        mapping: Mapping[int, str] | None,
        user: UserRecord,
        progress: Progress | None = None,
        sheet: str | None = None,
    ) -> ImportResult:
        """Store every new row or nothing; refused if any row is rejected or none is new.
        Needs the collection step and a Staf."""
        actor = users.acting(user)
        if not actor.has_role(STAF) or actor.disabled:
            raise PermissionDenied("Hanya Staf yang dapat mengimpor data kuesioner.")
        self.workflow.require_action_step(period_id, "impor")
        context = self.context(period_id)
        table = _open(path, sheet, context)
        removed = self.remove_abandoned(period_id, user)
        chosen = _mapping(table, mapping, context)
        with tempfile.TemporaryFile(prefix="ikm-impor-") as spill:
            scan = _scan(table, chosen, context, period_id, spill)
            if not scan.check.ok:
                raise ImportRefused(scan.check)
            approved = self.questionnaire.approved(period_id)
            result = self._store(
                period_id,
                table.name,
                _new_forms(spill, chosen, context, scan),
                scan,
                user,
                approved.id if approved else None,
                progress,
            )
        return ImportResult(
            result.stored,
            result.first_nomor,
            result.last_nomor,
            result.skipped_blank,
            result.file_name,
            result.sha256,
            result.existing,
            removed,
        )

    def _store(
        self,
        period_id: int,
        file_name: str,
        forms: Iterator[tuple[FormData, str]],
        scan: _Scan,
        user: UserRecord,
        questionnaire_id: int | None,
        progress: Progress | None,
    ) -> ImportResult:
        check, total = scan.check, scan.check.new
        now = self.clock()
        with database_proxy.atomic():
            first = respondents.next_nomor(period_id)
            last = first + total - 1
            run = ImportRunRow.create(
                period=period_id,
                berkas=file_name,
                sha256=scan.sha256,
                user=user.id or None,
                status=RUNNING,
                jumlah=total,
                sudah_ada=check.existing,
                nomor_awal=first,
                nomor_akhir=last,
                started_at=now,
                updated_at=now,
            )
        try:
            stored = self._store_chunks(
                run.id,
                period_id,
                first,
                forms,
                user,
                questionnaire_id,
                total,
                progress,
            )
            if stored != total:
                raise ValidationError(_CHANGED)
            # the forms count from here: in one transaction up to FLIP_CHUNK forms; a larger
            # run turns them on in FLIP_CHUNK steps (each ~0.2 s), the last with the entry
            for start in range(first, last + 1 - FLIP_CHUNK, FLIP_CHUNK):
                with database_proxy.atomic():
                    self.workflow.require_action_step(period_id, "impor")
                    respondents.finish_pending(period_id, start, start + FLIP_CHUNK - 1)
            with database_proxy.atomic():
                self.workflow.require_action_step(period_id, "impor")
                respondents.finish_pending(period_id, max(first, last + 1 - FLIP_CHUNK), last)
                ImportRunRow.update(
                    status=FINISHED, tersimpan=stored, finished_at=self.clock()
                ).where(ImportRunRow.id == run.id).execute()
                audit_log.append_by(
                    now,
                    user,
                    IMPORT_ACTION,
                    "period",
                    period_id,
                    {
                        "impor": run.id,
                        "berkas": file_name,
                        "sha256": scan.sha256,
                        "jumlah": stored,
                        "sudah_ada": check.existing,
                        "rentang_nomor": [first, last],
                    },
                )
        except BaseException as exc:
            self._undo(run.id, user, _reason(exc))
            if _is_duplicate_key(exc):
                raise ValidationError(
                    "Impor dibatalkan, tidak ada data yang disimpan: sebagian baris berkas ini "
                    "baru saja disimpan oleh impor lain ke periode ini. Periksa lagi (F2) lalu "
                    "impor baris yang masih baru.",
                    title="Impor ditolak",
                ) from exc
            raise
        return ImportResult(
            stored, first, last, check.skipped_blank, file_name, scan.sha256, check.existing
        )

    def _store_chunks(
        self,
        run_id: int,
        period_id: int,
        first: int,
        forms: Iterator[tuple[FormData, str]],
        user: UserRecord,
        questionnaire_id: int | None,
        total: int,
        progress: Progress | None,
    ) -> int:
        """Store the new forms pending, one bounded write transaction per chunk; each chunk is
        converted and hashed before its transaction begins."""
        now, size, stored = self.clock(), CHUNK, 0
        while chunk := _take(forms, size):
            numbered = [(first + stored + k, form, key) for k, (form, key) in enumerate(chunk)]
            digests = respondents.form_hashes(first + stored, [form for form, _ in chunk])
            began = time.perf_counter()
            with database_proxy.atomic():
                respondents.insert_numbered(
                    period_id, numbered, now, user.id or None, questionnaire_id, pending=True
                )
                ImportRunRow.update(tersimpan=stored + len(chunk), updated_at=self.clock()).where(
                    ImportRunRow.id == run_id
                ).execute()
                audit_log.append_by(
                    now,
                    user,
                    PART_ACTION,
                    "period",
                    period_id,
                    {"impor": run_id, respondents.FORM_DIGEST: digests},
                )
            size = _next_size(size, time.perf_counter() - began)
            stored += len(chunk)
            if progress is not None:
                progress(stored, total)
        return stored

    def _undo(self, run_id: int, user: UserRecord, reason: str) -> int:
        """Delete a run's pending forms in bounded transactions, then mark it undone."""
        run = ImportRunRow.get_by_id(run_id)
        period_id = run.period_id  # type: ignore[attr-defined]
        removed = 0
        first, last = int(run.nomor_awal or 0), int(run.nomor_akhir or 0)
        while deleted := _delete_some(period_id, first, last):
            removed += deleted
        with database_proxy.atomic():
            changed = (
                ImportRunRow.update(status=UNDONE, finished_at=self.clock())
                .where((ImportRunRow.id == run_id) & (ImportRunRow.status == RUNNING))
                .execute()
            )
            if changed:
                audit_log.append_by(
                    self.clock(),
                    user,
                    UNDO_ACTION,
                    "period",
                    period_id,
                    {
                        "impor": run_id,
                        "berkas": run.berkas,
                        "rentang_nomor": [run.nomor_awal, run.nomor_akhir],
                        "dihapus": removed,
                        "alasan": reason,
                    },
                )
        return removed


_CHANGED = (
    "Impor dibatalkan, tidak ada data yang disimpan: jumlah baris yang tersimpan tidak cocok "
    "dengan hasil pemeriksaan. Periksa lagi lalu impor ulang."
)
DELETE_CHUNK = 2000
SPILL_ROWS = 1000  # good rows per pickled list in the first pass's spill file
FLIP_CHUNK = 50_000  # pending forms made to count per transaction (~0.2 s on SQLite)


def abandoned(heartbeat: dt.datetime, now: dt.datetime) -> bool:
    """Whether a running import whose last chunk was stored at `heartbeat` is taken as
    abandoned (its process killed): no chunk for STALE_SECONDS."""
    return (now - heartbeat).total_seconds() > STALE_SECONDS


def _delete_some(period_id: int, first: int, last: int) -> int:
    with database_proxy.atomic():
        return respondents.delete_imported(period_id, first, last, DELETE_CHUNK)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, KeyboardInterrupt):
        return "dihentikan pengguna"
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


def _is_duplicate_key(exc: BaseException) -> bool:
    """The unique (period, import_key) index refused a row (another import stored it first)."""
    from peewee import IntegrityError

    return isinstance(exc, IntegrityError) and "import_key" in str(exc).lower()


def _take(items: Iterator[tuple[FormData, str]], size: int) -> list[tuple[FormData, str]]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            break
    return chunk


def _next_size(size: int, seconds: float) -> int:
    """The next chunk's size: doubled while a transaction takes under half of CHUNK_SECONDS,
    halved when it takes over twice that."""
    if seconds < CHUNK_SECONDS / 2:
        return min(size * 2, MAX_CHUNK)
    if seconds > CHUNK_SECONDS * 2:
        return max(size // 2, 100)
    return size


def _with_notes(check: ImportCheck, notes: tuple[str, ...]) -> ImportCheck:
    from dataclasses import replace

    return replace(check, notes=notes) if notes else check


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


def _previous_import(period_id: int, digest: str) -> str:
    """When the very same file (SHA-256) was already imported into the period: when, by whom."""
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
        return ""
    detail = json.loads(entry.detail)
    first, last = detail.get("rentang_nomor") or (
        detail.get("nomor_awal"),
        detail.get("nomor_akhir"),
    )
    return (
        f"Berkas yang sama persis sudah diimpor ke periode ini pada {waktu(entry.at)} oleh "
        f"{entry.username} (nomor {first}-{last})"
    )


# -- row fingerprints ---------------------------------------------------------------------------


class RowHasher:
    """The 64-bit hash of a row's mapped cells as text (the timestamp column with its time of
    day, answers and profile as written; `cell_text`), a signed integer: BLAKE2b-64 over the
    target keys in sorted order ("\\x1e"-separated, then "\\x1d") followed by the cells of
    those targets ("\\x1f"-separated). Column order and ignored columns do not count."""

    def __init__(self, mapping: Mapping[int, str]) -> None:
        columns = sorted((target, index) for index, target in mapping.items() if target != IGNORE)
        self.indexes = [index for _, index in columns]
        self.base = hashlib.blake2b(digest_size=8)
        self.base.update(("\x1e".join(target for target, _ in columns) + "\x1d").encode())

    def __call__(self, row: Sequence[Cell]) -> int:
        texts = [
            cell.strip() if type(cell) is str else cell_text(cell)
            for cell in (row[index] for index in self.indexes)
        ]
        digest = self.base.copy()
        digest.update("\x1f".join(texts).encode("utf-8"))
        return int.from_bytes(digest.digest(), "big", signed=True)


def row_key(value: int, occurrence: int) -> str:
    """The fingerprint stored with the form: the row's hash and how many rows of the file with
    the same hash came before it ("9f3c...e1-0" for the first)."""
    return f"{value & 0xFFFFFFFFFFFFFFFF:016x}-{occurrence}"


def occurrences(hashes: array[int]) -> Sequence[int] | None:
    """For each row, how many earlier rows have the same hash; None when all differ. Sorted
    with numpy (8 bytes a row), not a dict of every hash."""
    import numpy as np

    values = np.frombuffer(hashes, dtype=np.int64)
    if len(values) < 2:
        return None
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    same = ordered[1:] == ordered[:-1]
    if not same.any():
        return None
    positions = np.arange(len(values))
    starts = np.where(np.concatenate(([True], ~same)), positions, 0)
    np.maximum.accumulate(starts, out=starts)
    ranks = np.empty(len(values), dtype=np.int64)
    ranks[order] = positions - starts
    return cast("Sequence[int]", ranks)


@dataclass
class _Scan:
    """The first pass over a file: the check, each good row's hash and whether it is stored."""

    check: ImportCheck
    sha256: str
    hashes: array[int]
    ranks: Sequence[int] | None
    existing: bytearray

    def key(self, index: int) -> str:
        return row_key(self.hashes[index], int(self.ranks[index]) if self.ranks is not None else 0)


def _scan(
    table: Table,
    mapping: dict[int, str],
    context: ImportContext,
    period_id: int,
    spill: IO[bytes] | None = None,
) -> _Scan:
    """The first pass; with `spill`, each good row is also pickled there (in SPILL_ROWS lists)
    for the second pass, so that the file (an XLSX is slow to read) is read once."""
    listed: list[RejectedRow] = []
    pending: list[tuple[Cell, ...]] = []
    rejected_count = rejected_rows = skipped = total = 0
    hashes: array[int] = array("q")
    row_hash = RowHasher(mapping)
    mapped = [index for index, target in mapping.items() if target != IGNORE]
    convert = RowConverter(mapping, context)
    for number, row in table.rows():
        total += 1
        if all(row[index] is None for index in mapped):
            skipped += 1
            continue
        _, cell_problems = convert(row)
        if cell_problems:
            rejected_rows += 1
            rejected_count += len(cell_problems)
            for problem in cell_problems[: max(0, MAX_LISTED - len(listed))]:
                column = table.column_name(problem.column)
                listed.append(RejectedRow(number, column, problem.value, problem.reason))
        else:
            hashes.append(row_hash(row))
            if spill is not None:
                pending.append(row)
                if len(pending) >= SPILL_ROWS:
                    pickle.dump(pending, spill, pickle.HIGHEST_PROTOCOL)
                    pending = []
    if spill is not None and pending:
        pickle.dump(pending, spill, pickle.HIGHEST_PROTOCOL)
    scan = _Scan(
        ImportCheck(0, 0, 0, 0, 0, (), ()), _digest(table), hashes, None, bytearray(len(hashes))
    )
    existing = 0
    problems = _problems(mapping, context)
    if hashes and not problems and not rejected_count:
        scan.ranks = occurrences(hashes)
        existing = _mark_existing(scan, period_id)
    if not problems and not rejected_count and hashes:
        previous = _previous_import(period_id, scan.sha256)
        if existing == len(hashes):
            problems.append(
                f"Semua {bilangan(existing)} baris berkas ini sudah ada di periode ini; tidak ada baris "
                "baru untuk disimpan." + (f" {previous}." if previous else "")
            )
        elif previous:  # imported before row fingerprints were kept: all rows would double
            problems.append(f"{previous}; mengimpornya lagi akan menggandakan data.")
    scan.check = ImportCheck(
        total,
        len(hashes),
        skipped,
        rejected_count,
        rejected_rows,
        tuple(listed),
        tuple(problems),
        table.where(),
        existing,
    )
    return scan


def _mark_existing(scan: _Scan, period_id: int) -> int:
    """Flag the rows whose fingerprint the period already holds; returns how many."""
    if not respondents.has_import_keys(period_id):
        return 0
    count, batch = 0, 5000
    for start in range(0, len(scan.hashes), batch):
        keys = [scan.key(i) for i in range(start, min(start + batch, len(scan.hashes)))]
        found = respondents.existing_keys(period_id, keys)
        for offset, key in enumerate(keys):
            if key in found:
                scan.existing[start + offset] = 1
                count += 1
    return count


def _new_forms(
    spill: IO[bytes], mapping: dict[int, str], context: ImportContext, scan: _Scan
) -> Iterator[tuple[FormData, str]]:
    """The second pass, over the good rows the first one spilled: each new row as a form with
    its fingerprint."""
    convert = RowConverter(mapping, context)
    spill.seek(0)
    index = 0
    while True:
        try:
            rows: list[tuple[Cell, ...]] = pickle.load(spill)
        except EOFError:
            break
        for row in rows:
            if not scan.existing[index]:
                form, _ = convert(row)
                yield form, scan.key(index)
            index += 1
