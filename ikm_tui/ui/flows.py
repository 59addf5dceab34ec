"""Provides UI flows shared by several screens: ask, call a service in a worker, then refresh."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from ikm_tui.domain import sop
from ikm_tui.persistence.records import PeriodRecord
from ikm_tui.ui.worker import run_service

if TYPE_CHECKING:
    from textual.screen import Screen

    from ikm_tui.ui.app import IkmApp


def close_collection(
    screen: Screen[Any], period: PeriodRecord, on_done: Callable[[PeriodRecord], object]
) -> None:
    """Confirm, then close the period's data collection (ends the collection step, starts the next)."""
    from ikm_tui.ui.dialogs.confirm import ConfirmDialog

    app = cast("IkmApp", screen.app)
    collection = sop.collection_step()
    following = sop.step(sop.next_step(collection))
    what = sop.DOC_NOUNS.get(following.document or "", following.name)
    question = (
        f"Tutup pengumpulan data periode {period.name} dengan {period.respondents} "
        f"responden? Entri dan impor tidak dapat dilakukan lagi; langkah {collection} selesai "
        f"dan langkah {following.number} ({what}) dimulai."
    )

    def confirmed(answer: bool | None) -> None:
        user = app.user
        if not answer or user is None:
            return
        workflow = app.services.workflow
        run_service(
            screen,
            lambda: workflow.close_collection(period.id, user),
            closed,
            group="close-collection",
        )

    def closed(result: PeriodRecord) -> None:
        screen.notify(
            f"Pengumpulan data {result.name} ditutup dengan {result.respondents} "
            f"responden. Langkah {following.number} dimulai.",
            title=f"Langkah {collection} selesai",
        )
        on_done(result)

    app.push_screen(ConfirmDialog("Tutup pengumpulan data", question, "Tutup"), confirmed)
