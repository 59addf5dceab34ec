"""Provides the step-screen registry: SOP action name -> the screen that does its work.

Each entry is a small typed factory that imports its screen module on first use (opening a
period stays fast) and builds the screen for one period; mypy checks every one. Registering a
new step screen is one line in `STEP_SCREENS` plus its factory. A step whose action has no
screen yet opens `UnavailableScreen`, which says so in Bahasa Indonesia.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Static

from ikm_tui.domain import sop
from ikm_tui.ui.widgets.footer import KeyFooter

StepScreenFactory = Callable[[int], Screen[None]]


def _concept(period_id: int) -> Screen[None]:
    from ikm_tui.ui.screens.concept import ConceptScreen

    return ConceptScreen(period_id)


def _review(period_id: int) -> Screen[None]:
    from ikm_tui.ui.screens.review import ReviewScreen

    return ReviewScreen(period_id)


def _entry(period_id: int) -> Screen[None]:
    from ikm_tui.ui.screens.entry import EntryScreen

    return EntryScreen(period_id)


def _importing(period_id: int) -> Screen[None]:
    from ikm_tui.ui.screens.importing import ImportScreen

    return ImportScreen(period_id)


def _tabulation(period_id: int) -> Screen[None]:
    from ikm_tui.ui.screens.tabulation import TabulationScreen

    return TabulationScreen(period_id)


def _report(period_id: int) -> Screen[None]:
    from ikm_tui.ui.screens.report import ReportScreen

    return ReportScreen(period_id)


def _archive(period_id: int) -> Screen[None]:
    from ikm_tui.ui.screens.archive import ArchiveScreen

    return ArchiveScreen(period_id)


def _meeting(period_id: int) -> Screen[None]:
    from ikm_tui.ui.screens.meeting import MeetingScreen

    return MeetingScreen(period_id)


def _ptpp(period_id: int) -> Screen[None]:
    from ikm_tui.ui.screens.ptpp import PtppScreen

    return PtppScreen(period_id)


def _minutes(period_id: int) -> Screen[None]:
    from ikm_tui.ui.screens.minutes import MinutesScreen

    return MinutesScreen(period_id)


# SOP action (see domain/sop.py) -> its screen. Actions of the SOP missing here have no screen yet.
STEP_SCREENS: dict[str, StepScreenFactory] = {
    "susun_konsep": _concept,
    "periksa_konsep": _review,
    "setujui_konsep": _review,
    "entri": _entry,
    "impor": _importing,
    "tabulasi": _tabulation,
    "laporan": _report,
    "arsip": _archive,
    "rapat": _meeting,
    "ptpp": _ptpp,
    "notulen": _minutes,
}


def has_screen(action: str) -> bool:
    return action in STEP_SCREENS


def step_screen(action: str, period_id: int) -> Screen[None]:
    """The screen of `action` on `period_id`; UnavailableScreen when it has none yet.

    KeyError for a name that is no SOP action (a programming error, not a user's).
    """
    factory = STEP_SCREENS.get(action)
    if factory is not None:
        return factory(period_id)
    return UnavailableScreen(sop.action_step(action))


def unavailable_text(step_no: int) -> str:
    step = sop.step(step_no)
    return (
        f"Layar langkah {step.number} ({step.name}) belum tersedia.\n\n"
        "Langkah ini sudah tercatat dalam alur SOP, tetapi pekerjaannya belum dapat "
        "dilakukan di aplikasi ini. Tekan Esc untuk kembali."
    )


class UnavailableScreen(Screen[None]):
    """Says that a step has no screen yet (instead of opening another step's screen)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Kembali")]

    def __init__(self, step_no: int) -> None:
        super().__init__()
        self.step_no = step_no

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(unavailable_text(self.step_no), id="unavailable", markup=False)
        yield KeyFooter()

    def action_back(self) -> None:
        self.app.pop_screen()
