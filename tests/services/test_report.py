"""Tests ReportService: figures through the scoring engine, texts, sign-off, freezing, notice."""

from __future__ import annotations

import pytest

from ikm_tui.domain import sop
from ikm_tui.domain.formatting import angka
from ikm_tui.domain.regimes import get_regime
from ikm_tui.domain.scoring import score, tally
from ikm_tui.errors import PermissionDenied, WorkflowError
from ikm_tui.persistence.models import AnswerRow, RespondentRow
from ikm_tui.services.registry import Services
from ikm_tui.services.tabulation_export import counted_rows
from tests.report_helpers import period_at_report
from tests.services.conftest import PASSWORD


@pytest.fixture
def world(db, clock):
    services = Services(clock)
    period, users = period_at_report(services, 40)
    return services, period, users


def test_figures_are_the_scoring_engines(world):
    services, period, _ = world
    figures = services.report.figures(period.id)
    regime = get_regime(period.regime_id)
    rows = counted_rows(period)
    tallies, respondents = tally(regime, [answers for _, answers in rows])
    expected = score(regime, tallies, respondents)
    assert (
        figures["ikm"]
        == angka(expected.ikm)
        == angka(services.tabulation.summary(period.id).score.ikm)
    )
    assert figures["mutu"] == expected.mutu and figures["responden"] == 40
    assert [u["nrr"] for u in figures["unsur"]] == [angka(u.nrr, 3) for u in expected.unsur]
    assert figures["olah_data"]["ikm"] == figures["ikm"]
    assert len(figures["olah_data"]["rows"]) == 40
    assert figures["bobot"]["teks"] == "bobot tepat 1/jumlah unsur"
    assert [r["kode"] for r in figures["terlemah"]] == [u.kode for u in expected.weakest(3)]
    # populations 120 and 80: Krejcie & Morgan 92 and 66, 20 respondents each
    assert [(r["target"], r["actual"], r["status"]) for r in figures["sampel"]["rows"]] == [
        ("92", "20", "belum terpenuhi"),
        ("66", "20", "belum terpenuhi"),
    ]
    assert figures["keluhan"]["total"] == 1 and figures["keluhan"]["rows"][0]["kode"] == "U3"
    themes = {group["tema"]: group for group in figures["saran"]}
    assert themes["U3 Waktu Penyelesaian"]["jumlah"] == 10  # the antrean saran, as typed
    assert [r["periode"] for r in figures["tren"]["rows"]] == ["Semester II 2026"]


def test_first_save_offers_defaults_and_rtl_from_the_weakest(world):
    services, period, users = world
    view = services.report.view(period.id, users["staf"])
    assert view.document is None and "Puji syukur" in view.narasi["kata_pengantar"]
    weakest = [r["kode"] for r in view.figures["terlemah"]]
    assert [row["unsur"].split()[0] for row in view.rtl] == weakest
    document = services.report.save(period.id, users["staf"], narasi={"lokasi": "Aula"})
    assert document.content["narasi"]["lokasi"] == "Aula"
    assert document.content["angka"] == view.figures


def test_only_the_staf_writes(world):
    services, period, users = world
    with pytest.raises(PermissionDenied):
        services.report.save(period.id, users["camat"])


def test_signed_figures_stay_when_data_changes(world):
    services, period, users = world
    document = services.report.save(period.id, users["staf"])
    signed_figures = document.content["angka"]
    services.signoff.submit(document.id, users["staf"], PASSWORD)
    services.signoff.approve(document.id, users["sekcam"], PASSWORD)
    services.signoff.approve(document.id, users["camat"], PASSWORD)
    assert period.id not in [p.id for p in services.periods.list() if p.current_step == 5]
    first = RespondentRow.select().where(RespondentRow.period == period.id).first()
    AnswerRow.update(value=1).where(AnswerRow.respondent == first.id).execute()
    assert services.report.figures(period.id) != signed_figures
    view = services.report.view(period.id, users["camat"])
    assert view.frozen and view.figures == signed_figures


def test_stale_figures_are_refused_at_submission(world):
    services, period, users = world
    document = services.report.save(period.id, users["staf"])
    first = RespondentRow.select().where(RespondentRow.period == period.id).first()
    AnswerRow.update(value=1).where(AnswerRow.respondent == first.id).execute()
    with pytest.raises(WorkflowError, match="tidak lagi sesuai data"):
        services.signoff.submit(document.id, users["staf"], PASSWORD)
    fresh = services.report.prepare(period.id, users["staf"])
    services.signoff.submit(fresh.id, users["staf"], PASSWORD)


def test_announcement_only_from_the_approved_report(world):
    services, period, users = world
    with pytest.raises(WorkflowError, match="sudah disetujui"):
        services.report.announcement(period.id)
    document = services.report.save(period.id, users["staf"])
    services.signoff.submit(document.id, users["staf"], PASSWORD)
    services.signoff.approve(document.id, users["sekcam"], PASSWORD)
    with pytest.raises(WorkflowError, match="menunggu persetujuan Camat"):
        services.report.announcement(period.id)
    services.signoff.approve(document.id, users["camat"], PASSWORD)
    approved, notice = services.report.announcement(period.id)
    assert approved.id == document.id and notice["ikm"] == document.content["angka"]["ikm"]
    assert notice["rtl"] == document.content["rtl"]


def test_submitted_report_texts_cannot_be_changed(world):
    services, period, users = world
    document = services.report.save(period.id, users["staf"])
    services.signoff.submit(document.id, users["staf"], PASSWORD)
    with pytest.raises(WorkflowError, match="sudah diajukan"):
        services.report.save(period.id, users["staf"], narasi={"lokasi": "Aula"})


def test_returned_report_is_rewritten_as_a_new_version_and_resubmitted(world):
    services, period, users = world
    document = services.report.save(period.id, users["staf"])
    services.signoff.submit(document.id, users["staf"], PASSWORD)
    services.signoff.return_document(
        document.id, users["sekcam"], PASSWORD, "Lokasi survei kurang jelas."
    )
    view = services.report.view(period.id, users["staf"])
    assert not view.frozen and "ubah" in view.allowed
    second = services.report.save(period.id, users["staf"], narasi={"lokasi": "Loket 1-3"})
    assert second.version == 2 and second.content["narasi"]["lokasi"] == "Loket 1-3"
    assert second.content["angka"] == services.report.figures(period.id)
    services.signoff.submit(second.id, users["staf"], PASSWORD)
    assert services.report.current(period.id).state == sop.DIAJUKAN
