"""Provides CollectDialog: the base of every dialog that collects input and validates it.

A subclass yields its fields in `compose_fields()` and implements `collect()`, returning
(problem, value): a non-empty Bahasa Indonesia problem keeps the dialog open and is shown under
the fields; otherwise the dialog closes with the value. Enter moves to the next field (check
boxes included: Space ticks them) and saves from the last one; Ctrl+S saves from anywhere;
Escape cancels (None). Dialogs only collect: the
caller calls the service.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Static

T = TypeVar("T")


# Up/Down/PgUp/PgDn scroll a dialog whose text is taller than the screen (its buttons are docked
# below the text and stay in view): for the dialogs whose focus rests on a button.
SCROLL_BINDINGS: list[BindingType] = [
    Binding("up", "scroll_box(-1)", show=False),
    Binding("down", "scroll_box(1)", show=False),
    Binding("pageup", "scroll_box(-10)", show=False),
    Binding("pagedown", "scroll_box(10)", show=False),
]


def scroll_box(screen: ModalScreen[Any], lines: int) -> None:
    """Scroll the screen's dialog box by `lines` (the action behind SCROLL_BINDINGS)."""
    screen.query_one(".dialog").scroll_relative(y=lines, animate=False)


def inline(label: str, field: Widget) -> Horizontal:
    """One line: the label (width from dialogs.tcss .inline-label) left of its field."""
    return Horizontal(Label(label, classes="inline-label"), field, classes="inline-row")


class CollectDialog(ModalScreen[T | None], Generic[T]):
    """Title, optional note, fields, an error line and Simpan/Batal buttons."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Batal"),
        Binding("ctrl+s", "save", "Simpan"),
    ]
    BOX_CLASSES = "dialog"

    def __init__(self, title: str, note: str = "", save_label: str = "Simpan") -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.note = note
        self.save_label = save_label

    def compose(self) -> ComposeResult:
        with Vertical(classes=self.BOX_CLASSES):
            yield Label(self.title_text, classes="dialog-title")
            if self.note:
                yield Static(self.note, classes="dialog-body", markup=False)
            yield from self.compose_fields()
            yield Static("", classes="field-error", id="error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.save_label} (^S)", id="save", variant="primary", compact=True)
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
        """The stripped value of the Input with this id."""
        return self.query_one(f"#{field_id}", Input).value.strip()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._next_or_save(event.input)

    def on_key(self, event: events.Key) -> None:
        """Enter on a check box moves on like Enter in a field (Space ticks it), instead of
        ticking it: Enter-navigation then reaches every field and never changes a tick."""
        focused = self.focused
        if event.key == "enter" and isinstance(focused, Checkbox):
            event.stop()
            event.prevent_default()
            self._next_or_save(focused)

    def _next_or_save(self, widget: Widget) -> None:
        fields = [w for w in self.query("Input, Checkbox") if not w.disabled]
        if fields and widget is fields[-1]:
            self.action_save()
        else:
            self.focus_next()  # the next field, check boxes included

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
