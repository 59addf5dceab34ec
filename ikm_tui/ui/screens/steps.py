"""Provides the registry of step screens: SOP action name -> "module:Class", loaded lazily.

Each registered class is constructed as `Class(period_id)`. A screen whose module is not
importable (not written yet, or broken) yields None so the caller can say "Layar ini belum
tersedia" instead of crashing.
"""

from __future__ import annotations

import importlib
import logging

from textual.screen import Screen

STEP_SCREENS: dict[str, str] = {
    "susun_konsep": "ikm_tui.ui.screens.concept:ConceptScreen",
    "periksa_konsep": "ikm_tui.ui.screens.review:ReviewScreen",
    "setujui_konsep": "ikm_tui.ui.screens.review:ReviewScreen",
    "entri": "ikm_tui.ui.screens.entry:EntryScreen",
    "impor": "ikm_tui.ui.screens.importing:ImportScreen",
    "tabulasi": "ikm_tui.ui.screens.tabulation:TabulationScreen",
}

# The screen action that does the work of each SOP step (steps without one show only status).
STEP_ACTION: dict[int, str] = {
    1: "susun_konsep",
    2: "periksa_konsep",
    3: "setujui_konsep",
    4: "entri",
}

# Bahasa Indonesia labels of the actions (footer, help, task list).
ACTION_LABELS: dict[str, str] = {
    "susun_konsep": "Konsep",
    "periksa_konsep": "Periksa",
    "setujui_konsep": "Setujui",
    "entri": "Entri",
    "impor": "Impor",
    "tabulasi": "Tabulasi",
}

log = logging.getLogger(__name__)


def screen_class(action: str) -> type[Screen[object]] | None:
    """The screen class registered for `action`, or None if unknown or not importable."""
    target = STEP_SCREENS.get(action)
    if target is None:
        return None
    module_name, _, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            log.warning("layar %s tidak dapat dimuat: %s", target, exc)
        return None
    except Exception as exc:  # noqa: BLE001 - a broken step screen must not crash the shell
        log.warning("layar %s tidak dapat dimuat: %r", target, exc)
        return None
    found = getattr(module, class_name, None)
    return found if isinstance(found, type) and issubclass(found, Screen) else None


def load_step_screen(action: str, period_id: int) -> Screen[object] | None:
    """A new screen for `action` on `period_id`, or None when it is not available."""
    cls = screen_class(action)
    return cls(period_id) if cls is not None else None  # type: ignore[arg-type]
