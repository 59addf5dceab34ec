"""Tests that services trust no caller: a forged or stale `UserRecord` (another role, an
account disabled since login) is refused from the database's view of the user, and a signature
or an edit of content other than the one shown is refused with DocumentChanged."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from ikm_tui.domain import sop
from ikm_tui.errors import DocumentChanged, PermissionDenied
from ikm_tui.persistence.models import SignatureRow, UserRow
from ikm_tui.persistence.records import DocumentRecord, PeriodRecord, UserRecord
from ikm_tui.persistence.respondents import FormData
from ikm_tui.services.registry import Services
from tests.services.conftest import PASSWORD, add_respondents, walk_to

CHANGED = "Isi dokumen berubah sejak Anda membukanya; periksa lagi."


def forged(user: UserRecord, *roles: str) -> UserRecord:
    """`user`'s id claiming `roles` (a record built or altered by a caller)."""
    return dataclasses.replace(user, roles=frozenset(roles))


def disable_behind_the_back(user: UserRecord) -> None:
    """The Admin disables the account after `user` logged in: the record still says enabled."""
    UserRow.update(disabled=True).where(UserRow.id == user.id).execute()


@pytest.fixture
def laporan(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> DocumentRecord:
    """A laporan the Staf submitted and the Sekretaris Camat checked (waiting for the Camat)."""
    walk_to(services, users, period.id, 5)
    document = services.signoff.create(
        period.id, sop.LAPORAN, "Laporan SKM", {"ikm": "88,31"}, users["staf"]
    )
    services.signoff.submit(document.id, users["staf"], PASSWORD)
    return services.signoff.approve(document.id, users["sekcam"], PASSWORD)


def _signatures(document_id: int) -> int:
    return SignatureRow.select().where(SignatureRow.document == document_id).count()


def test_a_staf_claiming_the_camat_role_cannot_approve(
    services: Services, users: dict[str, UserRecord], laporan: DocumentRecord
) -> None:
    before = _signatures(laporan.id)
    with pytest.raises(PermissionDenied, match="hanya Camat"):
        services.signoff.approve(laporan.id, forged(users["staf"], sop.CAMAT), PASSWORD)
    with pytest.raises(PermissionDenied):
        services.signoff.return_document(
            laporan.id, forged(users["staf"], sop.CAMAT), PASSWORD, "salah"
        )
    assert _signatures(laporan.id) == before
    assert services.signoff.allowed_actions(laporan.id, forged(users["staf"], sop.CAMAT)) == {
        "ubah"
    }


def test_a_camat_claiming_the_staf_role_cannot_edit_or_create(
    services: Services, users: dict[str, UserRecord], laporan: DocumentRecord
) -> None:
    camat_as_staf = forged(users["camat"], sop.STAF)
    with pytest.raises(PermissionDenied, match="Hanya Staf"):
        services.signoff.update_content(laporan.id, {"ikm": "99,00"}, camat_as_staf)
    with pytest.raises(PermissionDenied, match="Hanya Staf"):
        services.signoff.create(
            laporan.period_id, sop.NOTULEN, "Notulen", {"isi": "x"}, camat_as_staf
        )
    assert services.signoff.get(laporan.id).content == {"ikm": "88,31"}


def test_a_disabled_staf_with_a_stale_record_cannot_edit(
    services: Services, users: dict[str, UserRecord], laporan: DocumentRecord
) -> None:
    disable_behind_the_back(users["staf"])
    with pytest.raises(PermissionDenied):
        services.signoff.update_content(laporan.id, {"ikm": "99,00"}, users["staf"])
    assert services.signoff.get(laporan.id).content == {"ikm": "88,31"}


def test_close_collection_and_advance_check_the_stored_roles(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    walk_to(services, users, period.id, 4)
    add_respondents(period.id, 3)
    with pytest.raises(PermissionDenied, match="Hanya Staf"):
        services.workflow.close_collection(period.id, forged(users["camat"], sop.STAF))
    disabled = users["staf"]
    disable_behind_the_back(disabled)
    with pytest.raises(PermissionDenied):
        services.workflow.close_collection(period.id, disabled)
    assert services.periods.get(period.id).current_step == 4
    UserRow.update(disabled=False).where(UserRow.id == disabled.id).execute()
    walk_to_six(services, users, period.id)
    with pytest.raises(PermissionDenied):
        services.workflow.advance(period.id, 6, forged(users["admin"], sop.CAMAT))
    assert services.periods.get(period.id).current_step == 6


def walk_to_six(services: Services, users: dict[str, UserRecord], period_id: int) -> None:
    services.workflow.close_collection(period_id, users["staf"])
    laporan = services.signoff.create(
        period_id, sop.LAPORAN, "Laporan SKM", {"ikm": "88,31"}, users["staf"]
    )
    services.signoff.submit(laporan.id, users["staf"], PASSWORD)
    services.signoff.approve(laporan.id, users["sekcam"], PASSWORD)
    services.signoff.approve(laporan.id, users["camat"], PASSWORD)
    services.meeting.record(
        period_id,
        users["staf"],
        acara="Pembahasan hasil SKM",
        tanggal=dt.date(2026, 9, 16),
        attendee_user_ids=[u.id for u in users.values()],
    )


def test_entry_user_admin_and_periods_check_the_stored_roles(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    walk_to(services, users, period.id, 4)
    layout = services.entry.layout(period.id)
    form = FormData(
        service_type_id=layout.services[0][1],
        tanggal_survei=dt.date(2026, 9, 14),
        answers=dict.fromkeys(layout.unsur_keys, 3),
    )
    with pytest.raises(PermissionDenied):
        services.entry.save_form(period.id, form, forged(users["camat"], sop.STAF))
    with pytest.raises(PermissionDenied):
        services.users.disable("agus", forged(users["staf"], sop.ADMIN))
    with pytest.raises(PermissionDenied):
        services.periods.create("SKM palsu", forged(users["camat"], sop.STAF))
    disable_behind_the_back(users["admin"])
    with pytest.raises(PermissionDenied):
        services.users.disable("agus", users["admin"])
    assert services.entry.progress(period.id).count == 0
    assert not services.users.get("agus").disabled
    assert [p.name for p in services.periods.list()] == [period.name]


def test_a_signature_of_content_changed_since_it_was_shown_is_refused(
    services: Services, users: dict[str, UserRecord], laporan: DocumentRecord
) -> None:
    signoff = services.signoff
    shown = laporan  # what the Camat's screen displayed
    signoff.update_content(
        laporan.id, {"ikm": "90,00"}, users["staf"], base_hash=shown.content_hash
    )
    signoff.submit(laporan.id, users["staf"], PASSWORD)
    signoff.approve(laporan.id, users["sekcam"], PASSWORD)
    # the document is back at "diperiksa", but with other content than the Camat read
    with pytest.raises(DocumentChanged) as refused:
        signoff.approve(laporan.id, users["camat"], PASSWORD, shown.content_hash, shown.state)
    assert refused.value.message == CHANGED
    with pytest.raises(DocumentChanged):
        signoff.return_document(laporan.id, users["camat"], PASSWORD, "x", shown.content_hash)
    current = signoff.get(laporan.id)
    assert current.state == sop.DIPERIKSA_STATE and not current.frozen
    approved = signoff.approve(
        laporan.id, users["camat"], PASSWORD, current.content_hash, current.state
    )
    assert approved.frozen and approved.signature(sop.DISETUJUI).content_hash == (  # type: ignore[union-attr]
        current.content_hash
    )


def test_a_signature_of_a_document_signed_since_it_was_shown_is_refused(
    services: Services, users: dict[str, UserRecord], period: PeriodRecord
) -> None:
    kuesioner = services.signoff.latest(period.id, sop.KUESIONER)
    assert kuesioner is not None
    services.signoff.submit(kuesioner.id, users["staf"], PASSWORD)
    shown = services.signoff.get(kuesioner.id)
    services.signoff.approve(kuesioner.id, users["sekcam"], PASSWORD, shown.content_hash)
    with pytest.raises(DocumentChanged, match="periksa lagi"):
        services.signoff.approve(
            kuesioner.id, users["camat"], PASSWORD, shown.content_hash, shown.state
        )


def test_an_edit_made_on_changed_content_is_refused_not_overwriting(
    services: Services, users: dict[str, UserRecord], laporan: DocumentRecord
) -> None:
    signoff = services.signoff
    first = signoff.update_content(
        laporan.id, {"ikm": "90,00"}, users["staf"], base_hash=laporan.content_hash
    )
    with pytest.raises(DocumentChanged, match="periksa lagi"):
        signoff.update_content(
            laporan.id, {"ikm": "70,00"}, users["staf"], base_hash=laporan.content_hash
        )
    assert signoff.get(laporan.id).content_hash == first.content_hash


def test_two_edits_of_the_questionnaire_from_one_view_keep_the_first(
    services: Services,
    users: dict[str, UserRecord],
    period: PeriodRecord,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The second Staf edited what he had loaded before the first one saved."""
    questionnaire = services.questionnaire
    stale = questionnaire.current(period.id)
    questionnaire.edit(period.id, users["staf"], judul="KUESIONER A")
    monkeypatch.setattr(questionnaire, "current", lambda _period_id: stale)
    with pytest.raises(DocumentChanged):
        questionnaire.edit(period.id, users["staf"], saran="Saran B")
    monkeypatch.undo()
    assert questionnaire.current(period.id).content["judul"] == "KUESIONER A"
