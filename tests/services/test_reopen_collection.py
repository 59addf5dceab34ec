"""Tests reopening data collection: the Camat only, with a reason, audited, while the report
has not been submitted; the period goes back to the collection step and entry works again."""

from __future__ import annotations

import pytest

from ikm_tui.domain import sop
from ikm_tui.errors import PermissionDenied, ValidationError, WorkflowError
from ikm_tui.persistence.models import AuditRow, PeriodRow, StepRecordRow
from tests.services.conftest import walk_to


def test_the_camat_reopens_collection_with_a_reason(services, users, period) -> None:
    walk_to(services, users, period.id, sop.next_step(sop.collection_step()))
    with pytest.raises(PermissionDenied, match="Hanya Camat"):
        services.workflow.reopen_collection(period.id, users["staf"], "ada formulir tertinggal")
    with pytest.raises(ValidationError, match="Alasan"):
        services.workflow.reopen_collection(period.id, users["camat"], "   ")
    reopened = services.workflow.reopen_collection(
        period.id, users["camat"], "12 formulir kertas dari loket KK tertinggal"
    )
    collection = sop.collection_step()
    assert reopened.current_step == collection
    row = PeriodRow.get_by_id(period.id)
    assert row.collection_closed_at is None
    records = {
        r.step_no: r for r in StepRecordRow.select().where(StepRecordRow.period == period.id)
    }
    assert records[collection].finished_at is None
    assert sop.next_step(collection) not in records
    entry = AuditRow.select().order_by(AuditRow.id.desc()).first()
    assert entry.action == "pengumpulan_buka" and "tertinggal" in entry.detail
    assert services.workflow.can(users["staf"], "entri", period.id) is True
    # and it can be closed again
    services.workflow.close_collection(period.id, users["staf"])
    assert PeriodRow.get_by_id(period.id).current_step == sop.next_step(collection)


def test_reopening_is_refused_once_the_report_is_submitted(services, users, period) -> None:
    walk_to(services, users, period.id, sop.next_step(sop.collection_step()))
    from ikm_tui.persistence import documents

    # a report the Staf has submitted (its own tests make one through ReportService)
    documents.create(
        period.id,
        sop.LAPORAN,
        1,
        "Laporan",
        "{}",
        "0" * 64,
        sop.DIAJUKAN,
        users["staf"].id,
        services.clock(),
    )
    with pytest.raises(WorkflowError, match="sudah diajukan"):
        services.workflow.reopen_collection(period.id, users["camat"], "formulir tertinggal")


def test_reopening_only_right_after_collection(services, users, period) -> None:
    walk_to(services, users, period.id, sop.collection_step())
    with pytest.raises(WorkflowError):
        services.workflow.reopen_collection(period.id, users["camat"], "belum ditutup")
