"""Provides FieldsDialog: a modal with one or more labelled text fields (wording, labels, paths)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

Check = Callable[[list[str]], str]  # returns a problem to show, or "" when the values are fine


class FieldsDialog(ModalScreen[list[str] | None]):
    """Collects the values of labelled fields; Enter moves on and saves from the last field.

    `check(values)` may return a Bahasa Indonesia problem that keeps the dialog open.
    """

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Batal"),
        Binding("ctrl+s", "save", "Simpan"),
    ]

    def __init__(self, title: str, fields: Sequence[tuple[str, str]], *, note: str = "",
                 check: Check | None = None, save_label: str = "Simpan") -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.fields = list(fields)
        self.note = note
        self.check = check
        self.save_label = save_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.note:
                yield Static(self.note, classes="dialog-body", markup=False)
            for index, (label, value) in enumerate(self.fields):
                yield Label(label, classes="field-label")
                yield Input(value, id=f"field-{index}", compact=True)
            yield Static("", classes="field-error", id="error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.save_label} (^S)", id="save", variant="primary",
                             compact=True)
                yield Button("Batal (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#field-0", Input).focus()

    def values(self) -> list[str]:
        return [self.query_one(f"#field-{i}", Input).value for i in range(len(self.fields))]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        index = int((event.input.id or "field-0").removeprefix("field-"))
        if index + 1 < len(self.fields):
            self.query_one(f"#field-{index + 1}", Input).focus()
        else:
            self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        values = self.values()
        problem = self.check(values) if self.check is not None else ""
        if problem:
            self.query_one("#error", Static).update(problem)
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
