"""Provides FormDialog: a compact modal form (one line per field) that validates before closing.

Subclasses yield their rows with `row(label, widget)` in `compose_fields()` and implement
`collect()`, returning (problem, value): a non-empty Bahasa Indonesia problem keeps the dialog
open and is shown under the fields; otherwise the dialog closes with the value. Enter moves to
the next field and saves from the last one; Ctrl+S saves; Escape cancels (None).
"""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

T = TypeVar("T")


def row(label: str, widget: Widget) -> Horizontal:
    """One form line: the label (fixed width) left of its field."""
    return Horizontal(Label(label, classes="form-label"), widget, classes="form-row")


class FormDialog(ModalScreen[T | None], Generic[T]):
    """Base of the settings dialogs (user, password, office, jenis layanan)."""

    CSS_PATH = "dialogs.tcss"
    DEFAULT_CSS = """
    FormDialog .form-row { height: 1; width: 100%; }
    FormDialog .form-label { width: 20; }
    FormDialog .form-row Input { width: 1fr; }
    FormDialog .form-checks { width: 1fr; height: 1; }
    FormDialog .form-row Checkbox { width: auto; margin-right: 1; }
    FormDialog .dialog-buttons { margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Batal"),
        Binding("ctrl+s", "save", "Simpan"),
    ]

    def __init__(self, title: str, note: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.note:
                yield Static(self.note, classes="dialog-body", markup=False)
            yield from self.compose_fields()
            yield Static("", classes="field-error", id="error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Simpan (^S)", id="save", variant="primary", compact=True)
                yield Button("Batal (Esc)", id="cancel", compact=True)

    def compose_fields(self) -> ComposeResult:
        raise NotImplementedError

    def collect(self) -> tuple[str, T | None]:
        """(problem, value); the dialog closes with `value` when `problem` is empty."""
        raise NotImplementedError

    def on_mount(self) -> None:
        first = next((i for i in self.query(Input) if not i.disabled), None)
        if first is not None:
            first.focus()

    def text(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = [i for i in self.query(Input) if not i.disabled]
        if inputs and event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        problem, value = self.collect()
        self.show_problem(problem)
        if not problem:
            self.dismiss(value)

    def show_problem(self, problem: str) -> None:
        self.query_one("#error", Static).update(problem)

    def action_cancel(self) -> None:
        self.dismiss(None)
