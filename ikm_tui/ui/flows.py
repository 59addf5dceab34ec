"""Provides UI flows shared by several screens: ask, call a service in a worker, then refresh."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from ikm_tui.domain import sop
from ikm_tui.domain.formatting import bilangan, periode, tanggal
from ikm_tui.persistence.records import PeriodRecord
from ikm_tui.ui.worker import run_service

if TYPE_CHECKING:
    from textual.screen import Screen

    from ikm_tui.services.customers import SampleTargets
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

    def ask(targets: SampleTargets) -> None:
        question = (
            f"Tutup pengumpulan data {periode(period.name, 'periode')} dengan "
            f"{bilangan(period.respondents)} responden? Entri dan impor tidak dapat dilakukan "
            f"lagi; langkah {collection} selesai dan langkah {following.number} ({what}) dimulai."
        )
        warnings = close_warnings(period, targets, app.services.clock().date())
        if warnings:
            question += "\n\nPerhatian:\n" + "\n".join(f"- {w}" for w in warnings)
        label = "Tetap tutup" if warnings else "Tutup"
        app.push_screen(ConfirmDialog("Tutup pengumpulan data", question, label), confirmed)

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
            f"Pengumpulan data {result.name} ditutup dengan {bilangan(result.respondents)} "
            f"responden. Langkah {following.number} dimulai.",
            title=f"Langkah {collection} selesai",
        )
        on_done(result)

    customers = app.services.customers
    run_service(screen, lambda: customers.targets(period.id), ask, group="close-collection")


def close_warnings(period: PeriodRecord, targets: SampleTargets, today: dt.date) -> list[str]:
    """What speaks against closing now: fewer respondents than the minimum sample, or a period
    that has not ended yet (with the figures)."""
    warnings = []
    if targets.overall is not None and period.respondents < targets.overall:
        warnings.append(
            f"Responden {bilangan(period.respondents)} masih di bawah sampel minimum "
            f"{bilangan(targets.overall)} menurut {targets.method}; kurang "
            f"{bilangan(targets.overall - period.respondents)}."
        )
    elif targets.overall is None:
        warnings.append("Sampel minimum belum dapat dihitung: populasi belum diisi.")
    if today < period.end_date:
        days = (period.end_date - today).days
        warnings.append(
            f"Periode baru berakhir {tanggal(period.end_date)} ({bilangan(days)} hari lagi)."
        )
    return warnings


def reopen_collection(
    screen: Screen[Any], period: PeriodRecord, on_done: Callable[[PeriodRecord], object]
) -> None:
    """The Camat reopens data collection with a reason (audited)."""
    from ikm_tui.ui.dialogs.correction import ReasonDialog, ReasonResult

    app = cast("IkmApp", screen.app)
    collection = sop.collection_step()

    def confirmed(result: ReasonResult | None) -> None:
        user = app.user
        if result is None or user is None:
            return
        workflow = app.services.workflow
        run_service(
            screen,
            lambda: workflow.reopen_collection(period.id, user, result.reason),
            reopened,
            group="reopen-collection",
        )

    def reopened(result: PeriodRecord) -> None:
        screen.notify(
            f"Pengumpulan data {result.name} dibuka kembali; Staf dapat mengentri dan mengimpor "
            "lagi.",
            title=f"Langkah {collection} dibuka kembali",
        )
        on_done(result)

    question = (
        f"Buka kembali pengumpulan data {periode(period.name, 'periode')}? Periode kembali ke langkah "
        f"{collection}; alasan dicatat di jejak audit."
    )
    app.push_screen(ReasonDialog("Buka kembali pengumpulan data", question), confirmed)
