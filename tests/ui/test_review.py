"""Pilot tests of steps 2-3 (ReviewScreen): return with a note, the diff, approval to step 4."""

from __future__ import annotations

from textual.widgets import Input, Static

from ikm_tui.persistence.models import PeriodRow
from ikm_tui.ui.dialogs.signoff import SignOffDialog
from ikm_tui.ui.screens.concept import ConceptScreen
from ikm_tui.ui.screens.review import ReviewScreen
from tests.ui.conftest import PASSWORD, settle


async def as_user(pilot, app, username: str, office, screen):
    """Switch the session to `username` and show `screen` on top of the dashboard."""
    while len(app.screen_stack) > 2:
        app.pop_screen()
    app.user = office.users[username]
    await app.push_screen(screen)
    await settle(pilot)
    return screen


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def sign(pilot, app, note: str = "") -> None:
    await settle(pilot)
    assert isinstance(app.screen, SignOffDialog)
    await pilot.press(*PASSWORD)
    if note:
        app.screen.query_one("#note", Input).focus()
        await pilot.press(*note)
    await pilot.press("enter")
    await settle(pilot)


async def test_full_concept_round_trip(office):
    """Staf submits; Sekcam returns with a note; Staf sees it, edits, resubmits; the Sekcam
    sees the diff and signs; the Camat approves; the period stands at step 4."""
    period_id = office.period.id
    app = office.app()
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        app.user = office.users["sari"]
        from ikm_tui.ui.screens.dashboard import DashboardScreen

        await app.switch_screen(DashboardScreen())
        await settle(pilot)
        await as_user(pilot, app, "sari", office, ConceptScreen(period_id))
        await pilot.press("a")
        await sign(pilot, app)
        assert PeriodRow.get_by_id(period_id).current_step == 2

        review = await as_user(pilot, app, "budi", office, ReviewScreen(period_id))
        assert "KUESIONER SURVEI KEPUASAN MASYARAKAT" in text_of(review, "#preview")
        assert "DRAF - belum disetujui" in text_of(review, "#preview")
        assert review.check_action("sign", ()) is True
        await pilot.press("k")
        await sign(pilot, app, note="Pertanyaan U3 kurang jelas.")
        assert PeriodRow.get_by_id(period_id).current_step == 1
        assert review.check_action("sign", ()) is None  # returned: nothing to sign now

        concept = await as_user(pilot, app, "sari", office, ConceptScreen(period_id))
        note = text_of(concept, "#return-note")
        assert "Pertanyaan U3 kurang jelas." in note and "Drs. Budi Santoso" in note
        await pilot.press("down", "down", "e")
        await settle(pilot)
        await pilot.press("end", "ctrl+u", *"Berapa lama permohonan Anda selesai?", "enter")
        await settle(pilot)
        await pilot.press("a")
        await sign(pilot, app)
        assert PeriodRow.get_by_id(period_id).current_step == 2

        review = await as_user(pilot, app, "budi", office, ReviewScreen(period_id))
        changes = text_of(review, "#changes")
        assert "Perubahan sejak dikembalikan (versi 1)" in changes
        assert "U3 Waktu Penyelesaian: bunyi pertanyaan diubah." in changes
        assert "Berapa lama permohonan Anda selesai?" in text_of(review, "#preview")
        await pilot.press("s")
        await sign(pilot, app)
        assert PeriodRow.get_by_id(period_id).current_step == 3

        review = await as_user(pilot, app, "camat", office, ReviewScreen(period_id))
        assert "Diperiksa oleh Drs. Budi Santoso" in text_of(review, "#status")
        await pilot.press("s")
        await sign(pilot, app)
        assert PeriodRow.get_by_id(period_id).current_step == 4
        assert "DRAF" not in text_of(review, "#preview")
        assert "Disetujui oleh Agus Prasetyo" in text_of(review, "#status")
        assert review.check_action("sign", ()) is None
        assert review.check_action("return_document", ()) is None


async def test_staf_cannot_sign_on_the_review_screen(office):
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.user = office.users["sari"]
        review = ReviewScreen(office.period.id)
        await app.push_screen(review)
        await settle(pilot)
        assert review.check_action("sign", ()) is False
        assert review.check_action("return_document", ()) is False
        await pilot.press("s", "k")
        await settle(pilot)
        assert app.screen is review
        assert PeriodRow.get_by_id(office.period.id).current_step == 1
