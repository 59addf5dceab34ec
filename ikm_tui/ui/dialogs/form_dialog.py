"""Provides FormDialog: a compact modal form (one line per field) that validates before closing.

Subclasses yield their rows with `row(label, widget)` in `compose_fields()` and implement
`collect()`, returning (problem, value): a non-empty Bahasa Indonesia problem keeps the dialog
open and is shown under the fields; otherwise the dialog closes with the value. Enter moves to
the next field and saves from the last one; Ctrl+S saves; Escape cancels (None).
"""

from __future__ import annotations

from typing import TypeVar

from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label

from ikm_tui.ui.dialogs.base import CollectDialog

T = TypeVar("T")


def row(label: str, widget: Widget) -> Horizontal:
    """One form line: the label (fixed width) left of its field."""
    return Horizontal(Label(label, classes="form-label"), widget, classes="form-row")


class FormDialog(CollectDialog[T]):
    """Base of the settings dialogs (user, password, office, jenis layanan)."""

    BOX_CLASSES = "dialog form-dialog"
    DEFAULT_CSS = """
    FormDialog .form-row { height: 1; width: 100%; }
    FormDialog .form-label { width: 20; }
    FormDialog .form-row Input { width: 1fr; }
    FormDialog .form-checks { width: 1fr; height: 1; }
    FormDialog .form-row Checkbox { width: auto; margin-right: 1; }
    FormDialog .dialog-buttons { margin-top: 1; }
    """
