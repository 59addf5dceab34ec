"""Provides VerifyService: `ikm-tui verify`, a list of named checks of the whole database.

Each check compares what the database holds now with what the application recorded when it
wrote it: the hash-chained audit log (and its head), the content hash of every form, the users
and their roles, each document's content hash, each signature, the step records. A check is a
`Check(name, title, run)`; `run(history)` gets the audit log read once (`AuditHistory`) and
returns a `CheckOutcome` (a summary of what it covered and the findings, each naming what is
wrong). `CHECKS` is the list `verify` runs, in order; another check is appended there (or passed
to `VerifyService.run(checks=...)`). Exit status 0 only when no check has a finding.

This service reads every table directly (read-only): it is the auditor of the other services'
rows, so it cannot go through them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import sop
from ikm_tui.domain.formatting import bilangan
from ikm_tui.errors import StorageError
from ikm_tui.persistence import audit_log, respondents
from ikm_tui.persistence.db import read_snapshot
from ikm_tui.persistence.models import (
    DocumentRow,
    ImportRunRow,
    KeyCertificateRow,
    PeriodRow,
    SignatureRow,
    SignatureSealRow,
    SigningKeyRow,
    StepRecordRow,
    UserRow,
    database_proxy,
)

if TYPE_CHECKING:
    from ikm_tui.services.backup import Manifest


@dataclass(frozen=True)
class Finding:
    """One thing that does not hold: what (`subject`) and why (`problem`), in Indonesian."""

    subject: str
    problem: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.problem}"


@dataclass(frozen=True)
class CheckOutcome:
    summary: str  # what the check covered, e.g. "342 formulir"
    findings: tuple[Finding, ...] = ()
    # what an inspector should know that is no finding (an import still running), Indonesian
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """One audit entry with its detail parsed."""

    seq: int
    id: int
    at: dt.datetime
    user_id: int | None
    username: str
    action: str
    entity: str
    entity_id: str
    detail: dict[str, Any]


@dataclass
class AuditHistory:
    """The audit log read once for all checks, plus what `verify --against` compares with."""

    entries: list[Entry]
    against: Manifest | None = None
    heads: tuple[tuple[int, str], ...] = ()  # "SEQ:HASH" read off paper (verify --kepala)
    now: dt.datetime | None = None  # the service's clock (a running import's heartbeat age)

    @classmethod
    def load(cls, against: Manifest | None = None) -> AuditHistory:
        entries = []
        query = audit_log.AuditRow.select().order_by(audit_log.AuditRow.id).namedtuples()
        for seq, row in enumerate(query.iterator(), start=1):
            try:
                detail = json.loads(row.detail) if row.detail else {}
            except ValueError:
                detail = {}
            at = row.at if isinstance(row.at, dt.datetime) else dt.datetime.fromisoformat(row.at)
            entries.append(
                Entry(
                    seq,
                    row.id,
                    at,
                    row.user,
                    row.username,
                    row.action,
                    row.entity,
                    row.entity_id,
                    detail if isinstance(detail, dict) else {},
                )
            )
        return cls(entries, against)

    def of(self, entity: str) -> Iterable[Entry]:
        return (e for e in self.entries if e.entity == entity)


@dataclass(frozen=True)
class Check:
    name: str  # stable key for --json
    title: str  # Indonesian, printed
    run: Callable[[AuditHistory], CheckOutcome]


@dataclass(frozen=True)
class CheckResult:
    name: str
    title: str
    summary: str
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.findings


@dataclass(frozen=True)
class VerifyReport:
    results: tuple[CheckResult, ...]
    audit_head: tuple[int, str]
    against: str | None = None

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)

    def failed(self) -> list[CheckResult]:
        return [result for result in self.results if not result.ok]

    def as_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "audit_head": {"seq": self.audit_head[0], "hash": self.audit_head[1]},
            "against": self.against,
            "checks": [
                {
                    "name": r.name,
                    "title": r.title,
                    "ok": r.ok,
                    "summary": r.summary,
                    "findings": [{"subject": f.subject, "problem": f.problem} for f in r.findings],
                    "notes": list(r.notes),
                }
                for r in self.results
            ],
        }


# -- the checks ---------------------------------------------------------------------------


def check_sqlite(history: AuditHistory) -> CheckOutcome:
    """SQLite's own integrity check (PostgreSQL: nothing to do)."""
    from peewee import SqliteDatabase

    database = database_proxy.obj
    if not isinstance(database, SqliteDatabase):
        return CheckOutcome("PostgreSQL (tidak ada pemeriksaan berkas)")
    rows = [row[0] for row in database.execute_sql("PRAGMA integrity_check").fetchall()]
    if rows == ["ok"]:
        return CheckOutcome("berkas SQLite utuh")
    return CheckOutcome("berkas SQLite", tuple(Finding("berkas SQLite", str(r)) for r in rows[:5]))


def check_audit_chain(history: AuditHistory) -> CheckOutcome:
    """The hash chain and its head in `meta`; with --against, the backup's head must still
    be in the log with the same hash (a log cut back or rewritten since is caught)."""
    count, last_hash = audit_log.head()
    summary = f"Jejak audit utuh: {len(history.entries)} entri, kepala #{count} {last_hash[:12]}"
    findings: list[Finding] = []
    problem = audit_log.verify_chain()
    if problem is not None:
        findings.append(Finding(f"Jejak audit rusak pada entri {problem.entry_id}", problem.reason))
        summary = f"Jejak audit: {len(history.entries)} entri"
    manifest = history.against
    if manifest is not None:
        recorded = audit_log.entry_hash_at(manifest.audit_entries)
        if recorded is None:
            findings.append(
                Finding(
                    "Jejak audit",
                    f"lebih pendek dari cadangan ({len(history.entries)} entri, cadangan "
                    f"{manifest.created_at} mencatat {manifest.audit_entries}): entri terakhir "
                    "dihapus",
                )
            )
        elif recorded != manifest.audit_hash:
            findings.append(
                Finding(
                    f"Jejak audit entri {manifest.audit_entries}",
                    f"berbeda dari cadangan {manifest.created_at}: jejak ditulis ulang",
                )
            )
    for seq, prefix in history.heads:
        recorded = audit_log.entry_hash_at(seq)
        if recorded is None or not recorded.startswith(prefix.lower()):
            findings.append(
                Finding(
                    f"Jejak audit entri {seq}",
                    f"tidak cocok dengan kepala {seq}:{prefix} yang tercetak "
                    + (
                        "(jejak lebih pendek: entri dihapus)"
                        if recorded is None
                        else "(ditulis ulang)"
                    ),
                )
            )
    return CheckOutcome(summary, tuple(findings))


def check_forms(history: AuditHistory) -> CheckOutcome:
    """Every form against the content hash its last save, import, correction, exclusion or
    restoration recorded; forms the log knows but the table lacks; forms the log never saw."""
    expected: dict[tuple[int, int], str] = {}
    # forms an older version saved (its entries name them but record no hash): not checkable
    legacy: set[tuple[int, int]] = set()
    legacy_periods: set[int] = set()
    for entry in history.entries:
        detail = entry.detail
        digest = detail.get(respondents.FORM_DIGEST)
        if entry.action == respondents.IMPORT_UNDONE and entry.entity == "period":
            # a failed or abandoned import's pending forms, removed by the app
            first, last = (int(n) for n in detail["rentang_nomor"])
            for nomor in range(first, last + 1):
                expected.pop((int(entry.entity_id), nomor), None)
        elif isinstance(digest, dict) and entry.entity == "period":
            period_id = int(entry.entity_id)
            for nomor, value in digest.items():
                expected[(period_id, int(nomor))] = str(value)
        elif isinstance(digest, str):
            expected[(int(detail["periode"]), int(detail["nomor"]))] = digest
        elif entry.entity == "respondent" and "periode" in detail and "nomor" in detail:
            legacy.add((int(detail["periode"]), int(detail["nomor"])))
        elif entry.entity == "period" and "nomor_awal" in detail and "nomor_akhir" in detail:
            first, last = int(detail["nomor_awal"]), int(detail["nomor_akhir"])
            legacy.update((int(entry.entity_id), n) for n in range(first, last + 1))
        elif entry.action == "responden_entri" and entry.entity_id.isdigit():
            legacy_periods.add(int(entry.entity_id))
    both = respondents.stored_form_hashes()
    stored, pending = both.hashes, both.pending
    runs = _unfinished_imports(history.now)
    waiting: dict[int, int] = {}  # run id -> its pending forms that hold what it recorded
    removed: dict[int, int] = {}  # run id -> its forms already removed by an unfinished undo
    findings: list[Finding] = []
    unchecked = 0
    for key in sorted(stored.keys() | expected.keys()):
        subject = f"Formulir nomor {key[1]} periode {key[0]}"
        run = _run_of(runs, key) if key in pending else None
        if key not in expected and key in stored and (key in legacy or key[0] in legacy_periods):
            unchecked += 1
        elif key not in expected:
            findings.append(
                Finding(subject, "tidak tercatat di jejak audit (dibuat di luar aplikasi)")
            )
        elif key not in stored:
            gone = _run_of(runs, key)  # an unfinished import being removed (killed meanwhile)
            if gone is not None:
                removed[gone.id] = removed.get(gone.id, 0) + 1
            else:
                findings.append(Finding(subject, "hilang (dihapus di luar aplikasi)"))
        elif run is not None:  # an unfinished import's form: as it will count once finished
            if pending[key] == expected[key]:
                waiting[run.id] = waiting.get(run.id, 0) + 1
            else:
                findings.append(Finding(subject, "isinya berbeda dari saat diimpor"))
        elif key in pending and pending[key] == expected[key]:
            findings.append(
                Finding(
                    subject,
                    f"ditandai '{respondents.PENDING_REASON}' padahal tidak ada impor yang "
                    "belum selesai (diubah di luar aplikasi)",
                )
            )
        elif stored[key] != expected[key]:
            findings.append(Finding(subject, "isinya berbeda dari saat disimpan atau dikoreksi"))
    summary = f"{bilangan(len(stored))} formulir"
    if unchecked:
        summary += f" ({unchecked} disimpan versi lama tanpa sidik isi, tidak dapat diperiksa)"
    notes = tuple(
        run.note(waiting.get(run.id, 0), removed.get(run.id, 0))
        for run in runs
        if waiting.get(run.id) or removed.get(run.id)
    )
    if notes:
        summary += (
            f"; {bilangan(sum(waiting.values()))} di antaranya dari impor yang belum selesai, "
            "belum dihitung (lihat catatan)"
        )
    return CheckOutcome(summary, tuple(findings), notes)


@dataclass(frozen=True)
class _Run:
    """An import whose forms are still pending (`import_run` status berjalan)."""

    id: int
    period_id: int
    first: int
    last: int
    berkas: str
    abandoned: bool

    def note(self, count: int, removed: int = 0) -> str:
        gone = (
            f" {bilangan(removed)} formulirnya sudah dihapus oleh aplikasi (pembuangan impor "
            "ini terputus sebelum selesai)."
            if removed
            else ""
        )
        if self.abandoned:
            state = "yang terhenti"
            action = (
                "; buang di layar Impor (F8), atau impor berikutnya ke periode itu "
                "menghapusnya lebih dahulu"
            )
        else:
            state, action = "yang sedang berjalan", ""
        return (
            f"{bilangan(count)} formulir dari impor {self.berkas} {state} (periode "
            f"{self.period_id}, nomor {self.first}-{self.last}) belum dihitung: tersimpan "
            f"sementara, isinya cocok dengan yang dicatat impor itu{action}.{gone}"
        )


def _unfinished_imports(now: dt.datetime | None) -> list[_Run]:
    from ikm_tui.services.importer import abandoned

    query = ImportRunRow.select().where(ImportRunRow.status == respondents.RUNNING)
    return [
        _Run(
            run.id,
            run.period_id,  # type: ignore[attr-defined]
            int(run.nomor_awal or 0),
            int(run.nomor_akhir or 0),
            run.berkas,
            now is not None and abandoned(run.updated_at, now),
        )
        for run in query.order_by(ImportRunRow.id)
    ]


def _run_of(runs: list[_Run], key: tuple[int, int]) -> _Run | None:
    period_id, nomor = key
    for run in runs:
        if run.period_id == period_id and run.first <= nomor <= run.last:
            return run
    return None


_USER_FIELDS = ("username", "roles", "disabled", "sandi")


def check_users(history: AuditHistory) -> CheckOutcome:
    """Each account's name, roles, active flag and password hash against its audit history."""
    from ikm_tui.services.users import fingerprint

    expected: dict[int, dict[str, Any]] = {}
    for entry in history.of("user"):
        if not entry.entity_id.isdigit():
            continue
        user_id, detail = int(entry.entity_id), entry.detail
        state = expected.setdefault(user_id, {})
        if entry.action == "pengguna_tambah":
            state.update(
                username=detail.get("username"),
                roles=frozenset(detail.get("peran", [])),
                disabled=False,
                sandi=detail.get("sandi"),
            )
        elif entry.action == "pengguna_ubah":
            changes = detail.get("perubahan", {})
            if "roles" in changes:
                state["roles"] = frozenset(str(changes["roles"]).split(","))
        elif entry.action in ("pengguna_nonaktif", "pengguna_aktif"):
            state["disabled"] = entry.action == "pengguna_nonaktif"
        elif entry.action == "sandi_ubah":
            state["sandi"] = detail.get("sandi")
    findings: list[Finding] = []
    rows = {row.id: row for row in UserRow.select()}
    for user_id in sorted(rows.keys() | expected.keys()):
        row, known = rows.get(user_id), expected.get(user_id)
        if row is None:
            name = known.get("username") if known else user_id
            findings.append(Finding(f"Pengguna {name}", "hilang (dihapus di luar aplikasi)"))
            continue
        subject = f"Pengguna {row.username}"
        if known is None or "username" not in known:
            findings.append(
                Finding(subject, "tidak tercatat di jejak audit (dibuat di luar aplikasi)")
            )
            continue
        state = known
        if state["username"] != row.username:
            findings.append(Finding(subject, f"tercatat sebagai {state['username']}"))
        roles = frozenset(row.roles.split(","))
        if roles != state["roles"]:
            findings.append(
                Finding(
                    subject,
                    f"peran {', '.join(sorted(roles))} tidak sesuai jejak audit "
                    f"({', '.join(sorted(state['roles']))})",
                )
            )
        if bool(row.disabled) != state["disabled"]:
            findings.append(Finding(subject, "status aktif/nonaktif tidak sesuai jejak audit"))
        if state.get("sandi") and fingerprint(row.password_hash) != state["sandi"]:
            findings.append(Finding(subject, "kata sandi diganti di luar aplikasi"))
    return CheckOutcome(f"{len(rows)} pengguna", tuple(findings))


def check_documents(history: AuditHistory) -> CheckOutcome:
    """Each document's content against its hash, and that hash against the last one the
    log recorded for it (created, edited, new version, signed)."""
    from ikm_tui.services.signoff import content_hash

    recorded: dict[int, str] = {}
    for entry in history.of("document"):
        value = entry.detail.get("hash_baru") or entry.detail.get("hash")
        if isinstance(value, str) and entry.entity_id.isdigit():
            recorded[int(entry.entity_id)] = value
    findings: list[Finding] = []
    count = 0
    for row in DocumentRow.select().iterator():
        count += 1
        subject = f"Dokumen {row.id} ({sop.DOC_KINDS.get(row.kind, row.kind)} v{row.version})"
        try:
            actual = content_hash(json.loads(row.content))
        except ValueError:
            findings.append(Finding(subject, "isi rusak (bukan JSON)"))
            continue
        if actual != row.content_hash:
            findings.append(
                Finding(subject, "isi tidak cocok dengan sidiknya (diubah di luar aplikasi)")
            )
        elif row.id not in recorded:
            findings.append(
                Finding(subject, "tidak tercatat di jejak audit (dibuat di luar aplikasi)")
            )
        elif recorded[row.id] != row.content_hash:
            findings.append(Finding(subject, "isi berbeda dari yang tercatat di jejak audit"))
    for document_id in sorted(recorded.keys() - {r.id for r in DocumentRow.select(DocumentRow.id)}):
        findings.append(Finding(f"Dokumen {document_id}", "hilang (dihapus di luar aplikasi)"))
    return CheckOutcome(f"{count} dokumen", tuple(findings))


def _stages_by_state() -> dict[str, tuple[str, ...]]:
    """The signatures a document in each state carries: the sign-off walked from draf."""
    from ikm_tui.services.signoff import NEXT_SIGNATURE

    stages: dict[str, tuple[str, ...]] = {sop.DRAF: ()}
    state: str = sop.DRAF
    done: tuple[str, ...] = ()
    while state in NEXT_SIGNATURE and NEXT_SIGNATURE[state][2] not in stages:
        stage, _, state = NEXT_SIGNATURE[state]
        done = (*done, stage)
        stages[state] = done
    return stages


def check_signatures(history: AuditHistory) -> CheckOutcome:
    """Every valid signature against the sign-off the log recorded (signer, stage, hash), and
    each document's state against the signatures it carries."""
    from ikm_tui.services.signoff import AUDIT_ACTION

    signed: dict[tuple[int, str], list[Entry]] = {}
    actions = {action: stage for stage, action in AUDIT_ACTION.items()}
    for entry in history.of("document"):
        stage = actions.get(entry.action)
        if stage is not None and entry.entity_id.isdigit():
            signed.setdefault((int(entry.entity_id), stage), []).append(entry)
    users = {row.id: row.username for row in UserRow.select(UserRow.id, UserRow.username)}
    documents = {
        row.id: (row.state, row.content_hash)
        for row in DocumentRow.select(DocumentRow.id, DocumentRow.state, DocumentRow.content_hash)
    }
    carried: dict[int, set[str]] = {}
    findings: list[Finding] = []
    count = 0
    query = SignatureRow.select().where(
        (SignatureRow.action == "sign") & SignatureRow.voided_at.is_null()
    )
    for row in query.iterator():
        count += 1
        document_id = row.document_id
        user_id = row.user_id
        carried.setdefault(document_id, set()).add(row.stage)
        subject = f"Tanda tangan {row.stage} dokumen {document_id} ({users.get(user_id, user_id)})"
        entries = signed.get((document_id, row.stage), [])
        if document_id in documents and documents[document_id][1] != row.content_hash:
            findings.append(Finding(subject, "isi dokumen berubah sesudah ditandatangani"))
        if not entries:
            findings.append(Finding(subject, "tidak tercatat di jejak audit"))
        elif not any(e.user_id == user_id for e in entries):
            names = ", ".join(sorted({e.username for e in entries}))
            findings.append(Finding(subject, f"jejak audit mencatat penandatangan lain ({names})"))
        elif not any(
            e.user_id == user_id and e.detail.get("hash") == row.content_hash for e in entries
        ):
            findings.append(
                Finding(subject, "sidik isi berbeda dari yang tercatat saat ditandatangani")
            )
    expected_stages = _stages_by_state()
    for document_id, (state, _) in documents.items():
        wanted = expected_stages.get(state)
        if wanted is not None and set(wanted) != carried.get(document_id, set()):
            findings.append(
                Finding(
                    f"Dokumen {document_id}",
                    f"status {state} tidak sesuai tanda tangan yang ada "
                    f"({', '.join(sorted(carried.get(document_id, set()))) or 'tidak ada'})",
                )
            )
    return CheckOutcome(f"{count} tanda tangan", tuple(findings))


def check_steps(history: AuditHistory) -> CheckOutcome:
    """Each period's current step and finished steps against the step changes in the log."""
    concept = set(sop.steps_of_kind(sop.KUESIONER))
    current: dict[int, int] = {}
    finished: dict[int, set[int]] = {}
    for entry in history.of("period"):
        if not entry.entity_id.isdigit() or "langkah" not in entry.detail:
            continue
        period_id, step_no = int(entry.entity_id), int(entry.detail["langkah"])
        done = finished.setdefault(period_id, set())
        if entry.action == "langkah_mulai":
            current[period_id] = step_no
            done.discard(step_no)
        elif entry.action == "langkah_selesai":
            done.add(step_no)
            current[period_id] = sop.next_step(step_no)
        elif entry.action == "langkah_buka_ulang":
            current[period_id] = step_no
            done -= concept
    findings: list[Finding] = []
    periods = list(PeriodRow.select(PeriodRow.id, PeriodRow.name, PeriodRow.current_step))
    records: dict[int, set[int]] = {}
    for record in StepRecordRow.select().iterator():
        if record.finished_at is not None:
            records.setdefault(record.period_id, set()).add(record.step_no)
    for period in periods:
        subject = f"Periode {period.id} ({period.name})"
        if period.id not in current:
            findings.append(Finding(subject, "langkahnya tidak tercatat di jejak audit"))
            continue
        if period.current_step != current[period.id]:
            findings.append(
                Finding(
                    subject,
                    f"langkah sekarang {period.current_step}, jejak audit: {current[period.id]}",
                )
            )
        if records.get(period.id, set()) != finished.get(period.id, set()):
            findings.append(Finding(subject, "catatan langkah selesai tidak sesuai jejak audit"))
    known = {p.id for p in periods}
    for period_id in sorted(current.keys() - known):
        findings.append(Finding(f"Periode {period_id}", "hilang (dihapus di luar aplikasi)"))
    return CheckOutcome(f"{len(periods)} periode", tuple(findings))


KEY_MADE = ("kunci_buat", "kunci_kantor_buat")  # audit actions naming a new key's fingerprint


def check_seals(history: AuditHistory) -> CheckOutcome:
    """Every signature's Ed25519 seal: made by the signer's key, that key certified by the
    office root key for the stage's role, the root the one the site config names, the seal
    matching the signature row, and the audit head it recorded still in the log."""
    from ikm_tui.paths import office_key_fingerprints, site_config_file
    from ikm_tui.services import keys as signing

    findings: list[Finding] = []
    keys = {row.id: row for row in SigningKeyRow.select()}
    roots = [row for row in keys.values() if row.owner == signing.ROOT]
    trusted = office_key_fingerprints()
    root = roots[0] if roots else None
    if len(roots) > 1:
        findings.append(
            Finding("Kunci kantor", f"ada {len(roots)} kunci kantor (hanya boleh satu)")
        )
    if root is not None and trusted and root.fingerprint not in trusted:
        findings.append(
            Finding(
                f"Kunci kantor {root.fingerprint}",
                f"tidak tercatat di konfigurasi situs {site_config_file()} (kunci dipalsukan?)",
            )
        )
    known = {row.fingerprint for row in keys.values()}
    for entry in history.entries:
        made = entry.detail.get("kunci" if entry.action in KEY_MADE else "kunci_kantor")
        if isinstance(made, str) and made not in known:
            findings.append(Finding(f"Kunci {made} ({entry.username})", "hilang (dihapus)"))
    roles_of: dict[int, set[str]] = {}
    for cert in KeyCertificateRow.select():
        key = keys.get(cert.key_id)
        valid = root is not None and signing.verify_signature(
            root.public_key, cert.payload, cert.signature
        )
        payload = json.loads(cert.payload) if valid else {}
        if key is None or not valid or payload.get("publik") != key.public_key:
            findings.append(Finding(f"Sertifikat kunci {cert.id}", "tidak disahkan kunci kantor"))
            continue
        if payload.get("pengguna") != key.user_id:
            findings.append(Finding(f"Sertifikat kunci {cert.id}", "untuk pengguna lain"))
            continue
        roles_of.setdefault(key.id, set()).update(payload.get("peran", []))
    seals = {row.signature_id: row for row in SignatureSealRow.select()}
    usernames = {row.id: row.username for row in UserRow.select(UserRow.id, UserRow.username)}
    sealed = legacy = 0
    for row in SignatureRow.select().iterator():
        user_id = row.user_id
        document_id = row.document_id
        subject = (
            f"Tanda tangan {row.stage} dokumen {document_id} ({usernames.get(user_id, user_id)})"
        )
        seal = seals.get(row.id)
        if seal is None:
            if root is not None and row.signed_at >= root.created_at:
                findings.append(Finding(subject, "tanpa tanda tangan elektronik"))
            else:
                legacy += 1  # signed before the database had keys
            continue
        sealed += 1
        key = keys.get(seal.key_id)
        if key is None or not signing.verify_signature(
            key.public_key, seal.payload, seal.signature
        ):
            findings.append(Finding(subject, "tanda tangan elektronik tidak sah"))
            continue
        payload = json.loads(seal.payload)
        recorded = {
            "dokumen": document_id,
            "hash": row.content_hash,
            "tahap": row.stage,
            "aksi": row.action,
            "penandatangan": user_id,
            "waktu": row.signed_at.isoformat(timespec="microseconds"),
            "kunci": key.fingerprint,
        }
        differs = sorted(k for k, v in recorded.items() if payload.get(k) != v)
        if differs or key.user_id != user_id:
            findings.append(
                Finding(
                    subject,
                    "catatan tanda tangan berbeda dari yang ditandatangani secara elektronik "
                    f"({', '.join(differs) or 'pemilik kunci'})",
                )
            )
            continue
        role = sop.STAGE_ROLE.get(row.stage)
        if key.id not in roles_of:
            findings.append(Finding(subject, "kunci penandatangan belum disahkan kunci kantor"))
        elif role is not None and role not in roles_of[key.id]:
            findings.append(
                Finding(subject, f"kunci penandatangan tidak disahkan untuk peran {role}")
            )
        seq, head_hash = payload.get("kepala_audit", [0, audit_log.GENESIS])
        if audit_log.entry_hash_at(int(seq)) != head_hash:
            findings.append(
                Finding(
                    subject,
                    f"jejak audit sampai entri {seq} yang dicatatnya telah dipotong atau "
                    "ditulis ulang",
                )
            )
    summary = f"{sealed} tanda tangan elektronik"
    if root is not None:
        summary += f", kunci kantor {root.fingerprint}"
        summary += (
            " (sesuai konfigurasi situs)" if trusted else " (belum dicatat di konfigurasi situs)"
        )
    if legacy:
        summary += f"; {legacy} dibuat sebelum ada kunci"
    return CheckOutcome(summary, tuple(findings))


def check_archive(history: AuditHistory) -> CheckOutcome:
    """Each step-10 archive item's stored file and archived document (persistence.archive)."""
    from ikm_tui.persistence import archive

    found = tuple(
        Finding(f"Berkas arsip {p.nomor_berkas} ({p.uraian})", p.reason) for p in archive.problems()
    )
    count = len(archive.items())
    return CheckOutcome(
        f"Berkas arsip utuh: {count} berkas." if not found else f"{count} berkas", found
    )


CHECKS: list[Check] = [
    Check("sqlite", "Berkas basis data", check_sqlite),
    Check("audit", "Jejak audit dan kepalanya", check_audit_chain),
    Check("formulir", "Formulir responden", check_forms),
    Check("pengguna", "Pengguna dan peran", check_users),
    Check("dokumen", "Isi dokumen", check_documents),
    Check("tanda_tangan", "Tanda tangan", check_signatures),
    Check("tte", "Tanda tangan elektronik", check_seals),
    Check("langkah", "Langkah SOP", check_steps),
    Check("arsip", "Berkas arsip", check_archive),
]


class VerifyService:
    """Runs `CHECKS` over the open database and reports every finding."""

    def __init__(self, clock: Clock = system_clock) -> None:
        self.clock = clock

    def run(
        self,
        against: Path | None = None,
        checks: list[Check] | None = None,
        heads: tuple[tuple[int, str], ...] = (),
    ) -> VerifyReport:
        """Every check (or `checks`); `against` a backup made by `ikm-tui backup`; `heads`
        audit heads (entry number, hash or its first hex digits) printed on signed paper.
        A database never set up (`ikm-tui init`) is refused: there is nothing to vouch for,
        and "utuh" would mislead."""
        with read_snapshot():  # audit log and rows as of one moment: entry, imports go on
            return self._run(against, checks, heads)

    def _run(
        self,
        against: Path | None,
        checks: list[Check] | None,
        heads: tuple[tuple[int, str], ...],
    ) -> VerifyReport:
        from ikm_tui.services.setup import database_initialised

        if not database_initialised():
            raise StorageError(
                "Basis data ini belum disiapkan (belum ada pengguna, periode atau jejak "
                "audit): tidak ada yang dapat diperiksa. Periksa --db, atau siapkan basis data "
                "kantor dengan `ikm-tui init`."
            )
        manifest = None
        if against is not None:
            from ikm_tui.services.backup import Manifest

            manifest = Manifest.read(against)
        history = AuditHistory.load(manifest)
        history.heads = heads
        history.now = self.clock()
        results = []
        for check in checks if checks is not None else CHECKS:
            outcome = check.run(history)
            results.append(
                CheckResult(
                    check.name, check.title, outcome.summary, outcome.findings, outcome.notes
                )
            )
        return VerifyReport(
            tuple(results), audit_log.head(), str(against) if against is not None else None
        )
