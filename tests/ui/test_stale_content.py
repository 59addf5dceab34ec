"""Pilot tests that what a user signs or edits is what the screen showed: content another
user changed meanwhile is refused with "Isi dokumen berubah sejak Anda membukanya; periksa
lagi." (nothing signed, nothing overwritten) and shown anew."""

from __future__ import annotations

from textual.widgets import Static

from ikm_tui.domain import sop
from ikm_tui.persistence.models import SignatureRow
from ikm_tui.ui.dialogs.fields import FieldsDialog
from ikm_tui.ui.dialogs.signoff import SignOffDialog
from ikm_tui.ui.screens.concept import ConceptScreen
from ikm_tui.ui.screens.review import ReviewScreen
from tests.ui.conftest import PASSWORD, log_in, settle

CHANGED = "Isi dokumen berubah sejak Anda membukanya; periksa lagi."


def _kuesioner(office):
    document = office.services.signoff.latest(office.period.id, sop.KUESIONER)
    assert document is not None
    return document


def _checks(document_id: int) -> int:
    return (
        SignatureRow.select()
        .where((SignatureRow.document == document_id) & (SignatureRow.stage == sop.DIPERIKSA))
        .count()
    )


def _staf_changes_the_title(office, document) -> None:
    """Another Staf saves an edit of the submitted questionnaire (back to draf, step 1)."""
    content = dict(document.content, judul="KUESIONER YANG DIUBAH STAF LAIN")
    office.services.signoff.update_content(document.id, content, office.users["sari"])


async def test_a_review_opened_before_an_edit_cannot_be_signed(office):
    document = office.services.signoff.submit(_kuesioner(office).id, office.users["sari"], PASSWORD)
    app = office.app()
    async with app.run_test(size=(100, 34)) as pilot:
        await log_in(pilot, "budi")
        review = ReviewScreen(office.period.id)
        await app.push_screen(review)
        await settle(pilot)
        assert review.check_action("sign", ()) is True
        _staf_changes_the_title(office, document)  # while the Sekcam reads the old preview
        await pilot.press("s")
        await settle(pilot)
        assert not isinstance(app.screen, SignOffDialog)
        assert any(n.message == CHANGED for n in app._notifications)
    assert _checks(document.id) == 0


async def test_a_dialog_opened_before_an_edit_refuses_the_signature(office):
    document = office.services.signoff.submit(_kuesioner(office).id, office.users["sari"], PASSWORD)
    app = office.app()
    async with app.run_test(size=(100, 34)) as pilot:
        await log_in(pilot, "budi")
        review = ReviewScreen(office.period.id)
        await app.push_screen(review)
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SignOffDialog)
        _staf_changes_the_title(office, document)  # after the dialog showed the summary
        await pilot.press(*PASSWORD, "ctrl+s")
        await settle(pilot)
        assert any(n.message == CHANGED for n in app._notifications)
        preview = str(review.query_one("#preview", Static).render())
        assert "KUESIONER YANG DIUBAH STAF LAIN" in preview  # the screen shows what is stored
    assert _checks(document.id) == 0


async def test_an_edit_typed_over_an_old_view_does_not_undo_another_edit(office):
    app = office.app()
    async with app.run_test(size=(100, 34)) as pilot:
        await log_in(pilot, "sari")
        screen = ConceptScreen(office.period.id)
        await app.push_screen(screen)
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, FieldsDialog)  # prefilled with the title on screen
        # meanwhile another Staf retitles the questionnaire
        office.services.questionnaire.edit(
            office.period.id, office.users["sari"], judul="JUDUL DARI STAF LAIN"
        )
        await pilot.press("tab", "end", *" (diubah)", "ctrl+s")
        await settle(pilot)
        assert any(n.message == CHANGED for n in app._notifications)
        title = office.services.questionnaire.current(office.period.id).content["judul"]
        assert title == "JUDUL DARI STAF LAIN"
        assert screen.data is not None and screen.data.document.content["judul"] == title
