"""Provides FieldsDialog: a modal with one or more labelled text fields (wording, labels, paths)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.widgets import Input, Label

from ikm_tui.ui.dialogs.base import CollectDialog, inline

Check = Callable[[list[str]], str]  # returns a problem to show, or "" when the values are fine


class FieldsDialog(CollectDialog[list[str]]):
    """Collects the values of labelled fields; Enter moves on and saves from the last field.

    `check(values)` may return a Bahasa Indonesia problem that keeps the dialog open.
    """

    def __init__(
        self,
        title: str,
        fields: Sequence[tuple[str, str]],
        *,
        note: str = "",
        check: Check | None = None,
        save_label: str = "Simpan",
        inline: bool = False,
    ) -> None:
        super().__init__(title, note, save_label)
        self.fields = list(fields)
        self.check = check
        self.inline = inline  # label and field on one line: many fields fit 80x24

    def compose_fields(self) -> ComposeResult:
        for index, (label, value) in enumerate(self.fields):
            if self.inline:
                yield inline(label, Input(value, id=f"field-{index}", compact=True))
            else:
                yield Label(label, classes="field-label")
                yield Input(value, id=f"field-{index}", compact=True)

    def values(self) -> list[str]:
        return [self.query_one(f"#field-{i}", Input).value for i in range(len(self.fields))]

    def collect(self) -> tuple[str, list[str] | None]:
        values = self.values()
        problem = self.check(values) if self.check is not None else ""
        return problem, values
