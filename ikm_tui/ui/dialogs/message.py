"""Provides MessageDialog: a modal message or error (title, text, one "Tutup" button)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from ikm_tui.errors import IkmError
from ikm_tui.ui.dialogs.base import SCROLL_BINDINGS, scroll_box


class MessageDialog(ModalScreen[None]):
    """Shows a message until Enter or Escape; `error=True` draws it as an error."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Tutup"),
        *SCROLL_BINDINGS,
    ]

    def __init__(self, title: str, message: str, *, error: bool = False) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.message = message
        self.error = error

    @classmethod
    def from_error(cls, error: IkmError) -> MessageDialog:
        return cls(error.title, error.message, error=True)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog" + (" -error" if self.error else "")):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, classes="dialog-body", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Tutup", id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_scroll_box(self, lines: int) -> None:
        scroll_box(self, lines)

    def action_close(self) -> None:
        self.dismiss(None)
