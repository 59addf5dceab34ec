"""Tests EntryService: saving paper forms, NULL answers, refusals, gating, corrections, exclusion."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ikm_tui.domain.questionnaire import service_entry_codes
from ikm_tui.errors import NotFound, PermissionDenied, ValidationError, WorkflowError
from ikm_tui.persistence import tallies
from ikm_tui.persistence.models import AnswerRow, AuditRow, CorrectionRow, RespondentRow
from ikm_tui.persistence.records import PeriodRecord, UserRecord
from ikm_tui.persistence.respondents import FormData
from ikm_tui.services.entry_layout import JAWABAN, LAYANAN, BatchConstants, FormLayout
from ikm_tui.services.registry import Services
from tests.persistence.pg_fixture import needs_postgres, pg_fresh_url, pg_server  # noqa: F401
from tests.services.conftest import add_respondents, approve_questionnaire, make_users

KEYS_2017 = (
    "persyaratan",
    "prosedur",
    "waktu",
    "biaya",
    "produk",
    "kompetensi",
    "perilaku",
    "sarana",
    "pengaduan",
)
DAY = dt.date(2026, 9, 14)


@pytest.fixture
def multi(services: Services, users: dict[str, UserRecord]) -> PeriodRecord:
    """A period surveying three jenis layanan, still at step 1."""
    staf = users["staf"]
    for kode, nama in (("01", "KTP elektronik"), ("02", "Kartu keluarga"), ("03", "IMB")):
        services.periods.add_service_type(kode, nama, staf)
    return services.periods.create("SKM 2026", staf, start_date=dt.date(2026, 9, 1))


@pytest.fixture
def open_period(services: Services, users: dict[str, UserRecord], multi: PeriodRecord) -> int:
    approve_questionnaire(services, users, multi.id)
    return multi.id


def form(
    layout: FormLayout, answers: list[int | None], service_code: str = "B", **profile: object
) -> FormData:
    result = FormData(
        service_type_id=layout.service_id(service_code),
        tanggal_survei=DAY,
        sesi="08.00-12.00",
        batch="B1",
        jenis_kelamin="2",
        usia=34,
        pendidikan="3",
        pekerjaan="4",
        answers=dict(zip(layout.unsur_keys, answers, strict=True)),
    )
    for key, value in profile.items():
        setattr(result, key, value)
    return result


def test_layout_follows_paper_order(services: Services, open_period: int) -> None:
    layout = services.entry.layout(open_period)
    kinds = [f.key for f in layout.fields]
    assert kinds[:5] == ["jenis_layanan", "jenis_kelamin", "usia", "pendidikan", "pekerjaan"]
    assert layout.unsur_keys == KEYS_2017
    assert [c for c, _, _ in layout.services] == ["A", "B", "C"]
    assert layout.fields[0].kind == LAYANAN and layout.fields[0].width == 1
    assert layout.fields[0].label_of("B") == "Kartu keluarga"
    assert layout.fields[0].label_of("0") == "tidak diisi" and layout.service_id("b") is not None
    waktu = next(f for f in layout.fields if f.key == "waktu")
    assert waktu.kind == JAWABAN and waktu.label == "U3"
    assert waktu.options[2] == ("3", "Cepat")
    # a bundle of one jenis layanan drops the field: 1+2+1+1 profile keys + 9 answers + Enter
    batch = BatchConstants(DAY, service_type_id=layout.service_id("A"))
    assert sum(f.width for f in layout.fields_for(batch)) + 1 == 15
    assert sum(f.width for f in layout.fields) + 1 == 16


def test_service_entry_codes_letters_then_two_digits() -> None:
    assert service_entry_codes(0) == [] and service_entry_codes(3) == ["A", "B", "C"]
    assert service_entry_codes(26)[-1] == "Z" and len(set(service_entry_codes(26))) == 26
    assert service_entry_codes(27)[:2] == ["01", "02"] and service_entry_codes(27)[-1] == "27"


def test_more_than_26_services_take_two_digits(services: Services, users) -> None:
    staf = users["staf"]
    for number in range(1, 28):
        services.periods.add_service_type(f"{number:02d}", f"Layanan {number}", staf)
    period = services.periods.create("SKM 2026", staf, start_date=dt.date(2026, 9, 1))
    approve_questionnaire(services, users, period.id)
    layout = services.entry.layout(period.id)
    field = layout.fields[0]
    assert field.kind == LAYANAN and field.width == 2 and layout.service_width == 2
    assert [c for c, _, _ in layout.services] == [f"{n:02d}" for n in range(1, 28)]
    assert field.accepts("27") and field.accepts("00") and not field.accepts("28")
    assert field.label_of("00") == "tidak diisi" and field.label_of("03") == "Layanan 3"
    assert layout.service_id("27") == layout.services[26][1]


def test_save_stores_answers_and_nulls_with_audit(services: Services, users, open_period) -> None:
    layout = services.entry.layout(open_period)
    audit_before = AuditRow.select().count()
    saved = services.entry.save_form(
        open_period, form(layout, [4, None, 3, 2, 1, 4, None, 3, 4]), users["staf"]
    )
    assert saved.nomor == 1
    stored = dict(
        AnswerRow.select(AnswerRow.unsur_key, AnswerRow.value)
        .where(AnswerRow.respondent == saved.respondent_id)
        .tuples()
    )
    assert stored == dict(zip(KEYS_2017, [4, None, 3, 2, 1, 4, None, 3, 4], strict=True))
    row = RespondentRow.get_by_id(saved.respondent_id)
    assert (row.jenis_kelamin, row.usia, row.service_type_id) == ("2", 34, layout.service_id("B"))
    assert AuditRow.select().count() == audit_before + 1
    last = AuditRow.select().order_by(AuditRow.id.desc()).get()
    assert last.action == "formulir_simpan" and json.loads(last.detail)["nomor"] == 1
    # NULL answers are not counted for their unsur
    tally = tallies.answer_tallies(tallies.TallyFilter(open_period))
    assert tally["prosedur"].n == 0 and tally["persyaratan"].total == 4
    again = services.entry.save_form(open_period, form(layout, [1] * 9), users["staf"])
    assert again.nomor == 2
    assert services.entry.last_saved(open_period, users["staf"]).nomor == 2


@pytest.mark.parametrize(
    "change",
    [
        {"jenis_kelamin": "3"},
        {"pendidikan": "8"},
        {"pekerjaan": "7"},
        {"usia": 0},
    ],
)
def test_invalid_profile_codes_refused(services, users, open_period, change) -> None:
    layout = services.entry.layout(open_period)
    with pytest.raises(ValidationError):
        services.entry.save_form(open_period, form(layout, [4] * 9, **change), users["staf"])
    assert RespondentRow.select().count() == 0


def test_invalid_answers_refused(services, users, open_period) -> None:
    layout = services.entry.layout(open_period)
    bad = form(layout, [4] * 9)
    for value in (5, 0, "x"):
        bad.answers["waktu"] = value  # type: ignore[assignment]
        with pytest.raises(ValidationError):
            services.entry.save_form(open_period, bad, users["staf"])
    missing = form(layout, [4] * 9)
    del missing.answers["sarana"]
    with pytest.raises(ValidationError):
        services.entry.save_form(open_period, missing, users["staf"])
    future = form(layout, [4] * 9, tanggal_survei=dt.date(2026, 9, 16))
    with pytest.raises(ValidationError):
        services.entry.save_form(open_period, future, users["staf"])
    assert RespondentRow.select().count() == 0


def test_only_staf_enters(services, users, open_period) -> None:
    layout = services.entry.layout(open_period)
    with pytest.raises(PermissionDenied):
        services.entry.save_form(open_period, form(layout, [4] * 9), users["camat"])


def test_gated_before_approval_and_after_closing(services, users, multi) -> None:
    with pytest.raises(WorkflowError):
        services.entry.layout(multi.id)
    approve_questionnaire(services, users, multi.id)
    layout = services.entry.layout(multi.id)
    services.entry.save_form(multi.id, form(layout, [3] * 9), users["staf"])
    add_respondents_after = RespondentRow.select().count()
    services.workflow.close_collection(multi.id, users["staf"])
    with pytest.raises(WorkflowError):
        services.entry.save_form(multi.id, form(layout, [3] * 9), users["staf"])
    with pytest.raises(WorkflowError):
        services.entry.correct(multi.id, 1, form(layout, [2] * 9), "salah ketik", users["staf"])
    assert RespondentRow.select().count() == add_respondents_after


def test_gated_while_questionnaire_in_review(services, users, period) -> None:
    """Step 1 period (not approved): nothing can be entered, even with a hand-made layout."""
    with pytest.raises(WorkflowError, match="kuesioner"):
        services.entry.layout(period.id)


def test_correction_keeps_original_and_needs_reason(services, users, open_period) -> None:
    layout = services.entry.layout(open_period)
    original = form(layout, [4, 4, 4, 4, 4, 4, 4, 4, 4])
    services.entry.save_form(open_period, original, users["staf"])
    fixed = form(layout, [4, 4, 2, 4, 4, 4, 4, None, 4])
    with pytest.raises(ValidationError):
        services.entry.correct(open_period, 1, fixed, "   ", users["staf"])
    assert CorrectionRow.select().count() == 0
    saved = services.entry.correct(open_period, 1, fixed, "salah ketik U3", users["staf"])
    assert saved.form.answers["waktu"] == 2 and saved.form.answers["sarana"] is None
    record = CorrectionRow.get()
    assert record.kind == "koreksi" and record.reason == "salah ketik U3"
    assert json.loads(record.before)["answers"]["waktu"] == 4
    assert json.loads(record.after)["answers"]["waktu"] == 2
    assert AuditRow.select().where(AuditRow.action == "formulir_koreksi").count() == 1
    with pytest.raises(NotFound):
        services.entry.correct(open_period, 99, fixed, "tidak ada", users["staf"])


def test_exclusion_stops_counting_and_restore(services, users, open_period) -> None:
    layout = services.entry.layout(open_period)
    for code in ("A", "B", "b"):  # letters in either case
        services.entry.save_form(
            open_period, form(layout, [4] * 9, service_code=code), users["staf"]
        )
    progress = services.entry.progress(open_period)
    assert progress.count == 3 and progress.next_nomor == 4
    assert [p.count for p in progress.per_service] == [1, 2, 0]
    with pytest.raises(ValidationError):
        services.entry.exclude(open_period, 2, "", users["staf"])
    services.entry.exclude(open_period, 2, "responden mengisi dua kali", users["staf"])
    progress = services.entry.progress(open_period)
    assert progress.count == 2 and [p.count for p in progress.per_service] == [1, 1, 0]
    assert tallies.count_respondents(tallies.TallyFilter(open_period)) == 2
    with pytest.raises(ValidationError):
        services.entry.exclude(open_period, 2, "lagi", users["staf"])
    restored = services.entry.restore(open_period, 2, "ternyata berbeda", users["staf"])
    assert not restored.excluded and services.entry.progress(open_period).count == 3
    kinds = [r.kind for r in CorrectionRow.select().order_by(CorrectionRow.id)]
    assert kinds == ["kecualikan", "pulihkan"]


def test_progress_against_targets(services, users, open_period) -> None:
    from ikm_tui.services.customers import CustomerService

    layout = services.entry.layout(open_period)
    customers = CustomerService(services.clock)
    for code, population in (("A", 100), ("B", 50), ("C", 10)):
        customers.set_population(open_period, layout.service_id(code), population, users["staf"])
    progress = services.entry.progress(open_period)
    targets = customers.targets(open_period)
    assert progress.target == targets.overall and progress.target is not None
    assert [p.target for p in progress.per_service] == [80, 44, 10]


def test_progress_counts_bulk_rows(services, users, open_period) -> None:
    add_respondents(open_period, 5)
    assert services.entry.progress(open_period).next_nomor == 6


def test_codes_round_trip_through_form(services: Services, open_period: int) -> None:
    """Typed codes -> FormData -> codes again (reopening a form for correction shows it as typed)."""
    layout = services.entry.layout(open_period)
    codes = {
        "jenis_layanan": "C",
        "jenis_kelamin": "0",
        "usia": "00",
        "pendidikan": "7",
        "pekerjaan": "6",
        **dict(zip(layout.unsur_keys, "123401234", strict=True)),
    }
    built = layout.build_form(codes, BatchConstants(DAY, "08.00-12.00", "B7"))
    assert built.service_type_id == layout.service_id("C")
    assert (built.jenis_kelamin, built.usia, built.pendidikan) == (None, None, "7")
    assert built.answers["biaya"] == 4 and built.answers["produk"] is None
    assert layout.codes_of(built) == codes
    fixed = layout.build_form(codes, BatchConstants(DAY, service_type_id=layout.service_id("A")))
    assert fixed.service_type_id == layout.service_id("A")  # a batch constant wins


@needs_postgres
def test_entry_on_postgresql(pg_fresh_url: str, clock) -> None:  # noqa: F811
    """Save, last_saved (its created_by search), correct, exclude and progress on PostgreSQL."""
    from ikm_tui.persistence import db

    db.connect(pg_fresh_url)
    services = Services(clock)
    users = make_users(services)
    for kode, nama in (("01", "KTP elektronik"), ("02", "Kartu keluarga")):
        services.periods.add_service_type(kode, nama, users["staf"])
    period = services.periods.create("SKM 2026", users["staf"], start_date=dt.date(2026, 9, 1))
    approve_questionnaire(services, users, period.id)
    layout = services.entry.layout(period.id)
    first = services.entry.save_form(
        period.id, form(layout, [4, None, 3, 2, 1, 4, 4, 3, 4]), users["staf"]
    )
    services.entry.save_form(period.id, form(layout, [1] * 9, service_code="A"), users["staf"])
    assert services.entry.last_saved(period.id, users["staf"]).nomor == 2
    assert services.entry.last_saved(period.id, users["camat"]) is None
    services.entry.correct(
        period.id, first.nomor, form(layout, [2] * 9), "salah ketik", users["staf"]
    )
    services.entry.exclude(period.id, 2, "ganda", users["staf"])
    progress = services.entry.progress(period.id)
    assert progress.count == 1 and progress.next_nomor == 3
    assert services.entry.get_form(period.id, 1).form.answers["prosedur"] == 2
