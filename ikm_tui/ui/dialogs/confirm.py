"""Provides ConfirmDialog: a yes/no question answered with Y/N, Enter/Escape or the buttons."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from ikm_tui.ui.dialogs.base import SCROLL_BINDINGS, scroll_box


class ConfirmDialog(ModalScreen[bool]):
    """Asks a question; dismisses with True (Ya) or False (Batal)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Ya"),
        Binding("n,escape", "answer(False)", "Batal"),
        *SCROLL_BINDINGS,
    ]

    def __init__(
        self, title: str, question: str, yes_label: str = "Ya", no_label: str = "Batal"
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.question = question
        self.yes_label = yes_label
        self.no_label = no_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.question, classes="dialog-body", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes_label} (Y)", id="yes", variant="primary")
                yield Button(f"{self.no_label} (N)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_scroll_box(self, lines: int) -> None:
        scroll_box(self, lines)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
