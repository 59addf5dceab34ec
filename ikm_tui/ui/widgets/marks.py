"""Provides check boxes, radio buttons and selection lists whose state shows without colour.

Textual draws the same "X" in a ticked and an unticked box and tells them apart by colour
alone; on a monochrome or badly configured SSH terminal every box then looks ticked. These
draw the mark only when the item is selected.
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

SelectionType = TypeVar("SelectionType")


class MarkedCheckbox(Checkbox):
    """A Checkbox showing "X" when ticked and a blank when not."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802
        return "X" if self.value else " "


class MarkedRadioButton(RadioButton):
    """A RadioButton showing "●" when chosen and a blank when not."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802
        return "●" if self.value else " "


class MarkedSelectionList(SelectionList[SelectionType]):
    """A SelectionList whose boxes show "X" only on selected lines."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        if len(segments) < 2:
            return strip
        mark = "X" if selection.value in self._selected else " "
        segments[1] = Segment(mark, segments[1].style, segments[1].control)
        return Strip(segments, strip.cell_length)
