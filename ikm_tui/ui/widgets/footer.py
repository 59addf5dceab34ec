"""Provides KeyFooter: the footer whose keys wrap onto more lines instead of falling off.

Textual's Footer lays every key on one line and cuts what does not fit; at 80 columns a
screen's last keys (and Keluar, Bantuan) disappeared. KeyFooter composes the same FooterKey
widgets (same look, clickable, dimmed when disabled) into as many rows as the width needs.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


def key_width(key: Widget) -> int:
    """Cells a FooterKey takes (key and description with their padding, the margin after)."""
    if not isinstance(key, FooterKey):
        return 0
    if "-command-palette" in key.classes:
        return len(key.key_display) + len(key.description) + 3  # bar, space, right padding
    return len(key.key_display) + len(key.description) + 3  # " k " + "Label "


class KeyFooter(Footer):
    """A Footer that wraps its keys onto a second (or third) line on a narrow terminal."""

    DEFAULT_CSS = """
    KeyFooter {
        layout: vertical;
        height: auto;
        max-height: 3;
        HorizontalGroup.key-row {
            width: 100%;
            height: 1;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._laid_out_for = 0

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        width = self.size.width or self.app.size.width
        self._laid_out_for = width
        rows: list[list[Widget]] = [[]]
        used = 0
        for key in keys:
            needed = key_width(key)
            if rows[-1] and used + needed > width:
                rows.append([])
                used = 0
            rows[-1].append(key)
            used += needed
        for row in rows:
            if row:
                yield HorizontalGroup(*row, classes="key-row")

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self._laid_out_for:
            self.call_after_refresh(self.recompose)
