"""Provides EntryService: heads-down entry of paper forms (SOP step 4) and their corrections.

Every write is one transaction holding the change and its audit entry. Entry needs step 4
current (the Camat approved the questionnaire) and data collection still open; only a Staf
enters or corrects forms. Corrections and exclusions need a reason and keep the original
content in a CorrectionRow (before/after JSON).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from peewee import IntegrityError, OperationalError, fn

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain.profile import profile_fields
from ikm_tui.domain.questionnaire import service_entry_codes
from ikm_tui.domain.sop import DISETUJUI_STATE, KUESIONER, STAF
from ikm_tui.errors import (
    NotFound,
    PermissionDenied,
    StorageError,
    ValidationError,
    WorkflowError,
)
from ikm_tui.persistence import audit_log, respondents, users
from ikm_tui.persistence.models import (
    CorrectionRow,
    DocumentRow,
    PeriodServiceRow,
    RespondentRow,
    ServiceTypeRow,
    database_proxy,
)
from ikm_tui.persistence.periods import get_period_row
from ikm_tui.persistence.records import UserRecord
from ikm_tui.persistence.respondents import FormData
from ikm_tui.services.entry_layout import (
    JAWABAN,
    KODE,
    LAYANAN,
    LAYANAN_KEY,
    SARAN_MAX_CHARS,
    SHORT_LABELS,
    USIA,
    EntryField,
    FormLayout,
)

if TYPE_CHECKING:
    from ikm_tui.services.customers import CustomerService, SampleTargets
    from ikm_tui.services.workflow import WorkflowService

SAVE_ATTEMPTS = 3  # a nomor clash with a concurrent writer (PostgreSQL) is retried
RECENT_FORMS = 200  # latest forms of a period looked through before searching by user

__all__ = ["EntryService", "FormLayout", "Progress", "SavedForm", "ServiceProgress"]


@dataclass(frozen=True)
class SavedForm:
    """A stored paper form with its number."""

    respondent_id: int
    nomor: int
    form: FormData
    excluded: bool = False
    exclusion_reason: str = ""
    created_at: dt.datetime | None = None  # when it was first saved


@dataclass(frozen=True)
class ServiceProgress:
    service_type_id: int
    kode: str
    nama: str
    count: int
    target: int | None


@dataclass(frozen=True)
class Progress:
    """Counted (not excluded) forms against the minimum sample, overall and per jenis layanan."""

    count: int
    target: int | None
    per_service: tuple[ServiceProgress, ...]
    next_nomor: int


class EntryService:
    """Paper-form entry, reopening, correction and exclusion."""

    def __init__(
        self, clock: Clock = system_clock, *, workflow: WorkflowService, customers: CustomerService
    ) -> None:
        self.clock = clock
        self.workflow = workflow
        self.customers = customers

    # Reading --------------------------------------------------------------------------------

    def layout(self, period_id: int) -> FormLayout:
        """The approved questionnaire of the period as an entry form (fields in paper order)."""
        period = get_period_row(period_id)
        document = _approved_questionnaire(period_id)
        content = json.loads(document.content)
        services = _entry_services(period_id, content.get("services", []))
        fields: list[EntryField] = []
        if len(services) > 1:
            width = max(len(code) for code, _, _ in services)
            fields.append(
                EntryField(
                    LAYANAN_KEY,
                    LAYANAN,
                    "Layanan",
                    "Jenis layanan",
                    width,
                    tuple((code, nama) for code, _, nama in services),
                )
            )
        fields.extend(_profile_field(item) for item in _profile_items(content, period.regime_id))
        for question in content["questions"]:
            labels = tuple((str(i), str(label)) for i, label in enumerate(question["labels"], 1))
            fields.append(
                EntryField(
                    question["key"],
                    JAWABAN,
                    question["kode"],
                    _unsur_name(period.regime_id, question["key"]),
                    1,
                    labels,
                    question["pertanyaan"],
                )
            )
        return FormLayout(
            period_id,
            period.name,
            period.regime_id,
            document.id,
            tuple(fields),
            tuple(services),
            period.start_date,
            period.end_date,
        )

    def get_form(self, period_id: int, nomor: int) -> SavedForm:
        respondent_id = respondents.find_by_nomor(period_id, nomor)
        if respondent_id is None:
            raise NotFound(f"Formulir nomor {nomor} tidak ada pada periode ini.")
        return _saved(respondent_id)

    def last_saved(self, period_id: int, user: UserRecord) -> SavedForm | None:
        """The paper form this user saved last in the period, or None.

        Usually among the period's latest forms (read backwards along the period's nomor index);
        otherwise the user's own forms are searched through the created_by index
        (`period + 0` keeps SQLite from scanning the whole period instead).
        """
        recent = cast(
            "Iterable[tuple[int, int | None, str]]",
            RespondentRow.select(RespondentRow.id, RespondentRow.created_by, RespondentRow.source)
            .where(RespondentRow.period == period_id)
            .order_by(RespondentRow.nomor.desc())
            .limit(RECENT_FORMS)
            .tuples(),
        )
        for respondent_id, created_by, source in recent:
            if created_by == user.id and source == "kertas":
                return _saved(respondent_id)
        found = (
            RespondentRow.select(RespondentRow.id)
            .where(
                (RespondentRow.created_by == user.id)
                & ((RespondentRow.period + 0) == period_id)
                & (RespondentRow.source == "kertas")
            )
            .order_by(RespondentRow.nomor.desc())
            .first()
        )
        return _saved(found.id) if found else None

    def progress(self, period_id: int) -> Progress:
        counts: dict[int | None, int] = dict(
            cast(
                "Iterable[tuple[int | None, int]]",
                RespondentRow.select(RespondentRow.service_type, fn.COUNT(RespondentRow.id))
                .where(respondents.counted_condition(period_id))
                .group_by(RespondentRow.service_type)
                .tuples(),
            )
        )
        overall, per_target = self._targets(period_id)
        per_service = tuple(
            ServiceProgress(
                row.id, row.kode, row.nama, int(counts.get(row.id, 0)), per_target.get(row.id)
            )
            for row in _period_service_rows(period_id)
        )
        return Progress(
            int(sum(counts.values())), overall, per_service, respondents.next_nomor(period_id)
        )

    def last_write(self) -> str:
        """A token naming the database's last write: every write that changes a count (a save,
        an import's last step, an exclusion, a discarded import) appends an audit entry, and
        the log's head is one row of `meta`. The entry screen compares it on a timer and
        re-reads `progress` only when it moved."""
        count, last_hash = audit_log.head()
        return f"{count}:{last_hash}"

    def _targets(self, period_id: int) -> tuple[int | None, dict[int, int | None]]:
        """Minimum samples from CustomerService (None when it is missing or has no data)."""
        try:
            targets = self.customers.targets(period_id)
        except (ValidationError, WorkflowError, NotFound):
            return None, {}
        return _target_figures(targets)

    # Writing --------------------------------------------------------------------------------

    def save_form(self, period_id: int, form: FormData, user: UserRecord) -> SavedForm:
        """Store one paper form (one transaction: the form and its audit entry)."""
        layout = self._writable(period_id, user, "mengentri formulir")
        self._validate(layout, form)
        now = self.clock()
        for attempt in range(SAVE_ATTEMPTS):
            try:
                with database_proxy.atomic():
                    respondent_id, nomor = respondents.insert_form(
                        period_id, form, now, user.id, layout.questionnaire_id
                    )
                    audit_log.append_by(
                        now,
                        user,
                        "formulir_simpan",
                        "respondent",
                        respondent_id,
                        {
                            "periode": period_id,
                            "nomor": nomor,
                            respondents.FORM_DIGEST: respondents.form_hash(nomor, form, False),
                        },
                    )
                return SavedForm(respondent_id, nomor, form, created_at=now)
            except IntegrityError:  # another Staf took the same nomor at the same moment
                if attempt + 1 == SAVE_ATTEMPTS:
                    raise StorageError(
                        "Nomor formulir bentrok dengan entri pengguna lain; "
                        "tekan Enter sekali lagi."
                    ) from None
            except OperationalError as exc:
                raise StorageError(
                    f"Formulir belum tersimpan: basis data sibuk atau tidak "
                    f"dapat ditulis ({exc}). Tekan Enter untuk mencoba lagi."
                ) from exc
        raise AssertionError("unreachable")

    def correct(
        self, period_id: int, nomor: int, new_form: FormData, reason: str, user: UserRecord
    ) -> SavedForm:
        """Replace a saved form's content; the reason and the original are kept."""
        layout = self._writable(period_id, user, "mengoreksi formulir")
        reason = _reason(reason, "koreksi")
        self._validate(layout, new_form)
        saved = self.get_form(period_id, nomor)
        now = self.clock()
        with database_proxy.atomic():
            before = respondents.update_form(saved.respondent_id, new_form, now)
            _record(
                saved.respondent_id,
                user,
                now,
                "koreksi",
                reason,
                before.as_dict(),
                new_form.as_dict(),
            )
            audit_log.append_by(
                now,
                user,
                "formulir_koreksi",
                "respondent",
                saved.respondent_id,
                {
                    "periode": period_id,
                    "nomor": nomor,
                    "alasan": reason,
                    respondents.FORM_DIGEST: respondents.form_hash(nomor, new_form, saved.excluded),
                },
            )
        return _saved(saved.respondent_id)

    def exclude(self, period_id: int, nomor: int, reason: str, user: UserRecord) -> SavedForm:
        """Leave a saved form out of the counts and the tabulation (kept, with the reason)."""
        return self._set_excluded(period_id, nomor, True, _reason(reason, "pengecualian"), user)

    def restore(self, period_id: int, nomor: int, reason: str, user: UserRecord) -> SavedForm:
        """Count an excluded form again."""
        return self._set_excluded(period_id, nomor, False, _reason(reason, "pemulihan"), user)

    def _set_excluded(
        self, period_id: int, nomor: int, excluded: bool, reason: str, user: UserRecord
    ) -> SavedForm:
        self._writable(period_id, user, "mengubah status formulir")
        saved = self.get_form(period_id, nomor)
        if saved.excluded == excluded:
            state = "sudah dikecualikan" if excluded else "tidak sedang dikecualikan"
            raise ValidationError(f"Formulir nomor {nomor} {state}.")
        kind, action = (
            ("kecualikan", "formulir_kecualikan") if excluded else ("pulihkan", "formulir_pulihkan")
        )
        now = self.clock()
        with database_proxy.atomic():
            respondents.set_excluded(saved.respondent_id, excluded, reason, now)
            content = saved.form.as_dict()
            _record(
                saved.respondent_id,
                user,
                now,
                kind,
                reason,
                {**content, "excluded": saved.excluded},
                {**content, "excluded": excluded},
            )
            audit_log.append_by(
                now,
                user,
                action,
                "respondent",
                saved.respondent_id,
                {
                    "periode": period_id,
                    "nomor": nomor,
                    "alasan": reason,
                    respondents.FORM_DIGEST: respondents.form_hash(nomor, saved.form, excluded),
                },
            )
        return _saved(saved.respondent_id)

    def _writable(self, period_id: int, user: UserRecord, what: str) -> FormLayout:
        """The layout, once the role, the SOP step and the open collection allow writing."""
        user = users.acting(user)  # roles and disabled as stored, not as the caller says
        if not user.has_role(STAF) or user.disabled:
            raise PermissionDenied(f"Hanya Staf yang dapat {what}.")
        self.workflow.require_action_step(period_id, "entri")
        if get_period_row(period_id).collection_closed_at is not None:
            raise WorkflowError(
                "Pengumpulan data periode ini sudah ditutup; formulir tidak dapat diubah lagi."
            )
        return self.layout(period_id)

    def _validate(self, layout: FormLayout, form: FormData) -> None:
        """Every value must be one printed on the approved questionnaire."""
        for field in layout.fields:
            if field.kind == KODE:
                code = getattr(form, field.key)
                if code is not None and not field.accepts(code):
                    raise ValidationError(
                        f"Kode {field.title.lower()} {code!r} tidak ada pada kuesioner."
                    )
        if (
            form.service_type_id is not None
            and layout.service_code(form.service_type_id) == "0" * layout.service_width
        ):
            raise ValidationError("Jenis layanan tidak termasuk periode ini.")
        if set(form.answers) != set(layout.unsur_keys):
            raise ValidationError("Jawaban harus memuat tepat setiap unsur kuesioner.")
        problem = layout.date_problem(form.tanggal_survei, self.clock().date())
        if problem:
            raise ValidationError(problem)
        if len(form.saran) > SARAN_MAX_CHARS:
            raise ValidationError(f"Saran lebih dari {SARAN_MAX_CHARS} karakter.")
        respondents.checked(form)


def _approved_questionnaire(period_id: int) -> DocumentRow:
    row = (
        DocumentRow.select()
        .where(
            (DocumentRow.period == period_id)
            & (DocumentRow.kind == KUESIONER)
            & (DocumentRow.state == DISETUJUI_STATE)
        )
        .order_by(DocumentRow.version.desc(), DocumentRow.id.desc())
        .first()
    )
    if row is None:
        raise WorkflowError("Entri data belum dapat dilakukan: kuesioner belum disetujui Camat.")
    return row


def _period_service_rows(period_id: int) -> list[ServiceTypeRow]:
    return list(
        ServiceTypeRow.select()
        .join(PeriodServiceRow, on=(PeriodServiceRow.service_type == ServiceTypeRow.id))
        .where(PeriodServiceRow.period == period_id)
        .order_by(ServiceTypeRow.sort_order, ServiceTypeRow.kode)
    )


def _entry_services(period_id: int, printed: list[dict[str, str]]) -> list[tuple[str, int, str]]:
    """(entry code, service_type_id, nama) in the order printed on the questionnaire.

    The codes are those printed on the paper form (`service_entry_codes` by print position);
    a period service missing from the printed list gets the codes after the printed ones.
    """
    rows = _period_service_rows(period_id)
    kodes = [str(item.get("kode")) for item in printed]
    kodes += [row.kode for row in rows if row.kode not in kodes]
    by_kode = {row.kode: row for row in rows}
    return [
        (code, by_kode[kode].id, by_kode[kode].nama)
        for code, kode in zip(service_entry_codes(len(kodes)), kodes, strict=True)
        if kode in by_kode
    ]


def _profile_items(content: dict[str, object], regime_id: str) -> list[dict[str, object]]:
    items = content.get("profile")
    if isinstance(items, list) and items:
        return items
    return [
        {"key": f.key, "label": f.label, "options": [list(o) for o in f.options], "width": f.width}
        for f in profile_fields(regime_id)
    ]


def _profile_field(item: dict[str, object]) -> EntryField:
    key = str(item["key"])
    options = tuple((str(code), str(label)) for code, label in item.get("options") or [])  # type: ignore[attr-defined]
    kind = USIA if key == "usia" else KODE
    return EntryField(
        key, kind, SHORT_LABELS.get(key, key), str(item["label"]), 2 if kind == USIA else 1, options
    )


def _unsur_name(regime_id: str, key: str) -> str:
    from ikm_tui.domain.regimes import get_regime

    try:
        return get_regime(regime_id).unsur_by_key(key).nama
    except (KeyError, ValueError):
        return key


def _target_figures(targets: SampleTargets) -> tuple[int | None, dict[int, int | None]]:
    return targets.overall, {item.service_type_id: item.minimum for item in targets.services}


def _reason(reason: str, what: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(f"Alasan {what} wajib diisi.")
    return reason


def _saved(respondent_id: int) -> SavedForm:
    row = RespondentRow.get_by_id(respondent_id)
    return SavedForm(
        respondent_id,
        row.nomor,
        respondents.form_of(respondent_id),
        bool(row.excluded),
        row.exclusion_reason,
        row.created_at,
    )


def _record(
    respondent_id: int,
    user: UserRecord,
    at: dt.datetime,
    kind: str,
    reason: str,
    before: dict[str, object],
    after: dict[str, object],
) -> None:
    CorrectionRow.create(
        respondent=respondent_id,
        user=user.id,
        at=at,
        kind=kind,
        reason=reason,
        before=audit_log.canonical_json(before),
        after=audit_log.canonical_json(after),
    )
