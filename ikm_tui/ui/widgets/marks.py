"""Provides check boxes, radio buttons and selection lists whose state shows without colour.

Textual draws the same "X" in a ticked and an unticked box and tells them apart by colour
alone; on a monochrome or badly configured SSH terminal every box then looks ticked. These
draw the mark only when the item is selected.
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widgets import Checkbox, OptionList, RadioButton, SelectionList
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
    """A SelectionList whose boxes show "X" only on selected lines.

    An option longer than the list is wide wraps (`text-wrap: wrap` in the screen's CSS):
    its box is drawn on its first line only, the lines after it are indented under the text.
    (Textual's own SelectionList takes every line for a new option, so a wrapped list would
    draw a box of the wrong option on each continuation line.)
    """

    def render_line(self, y: int) -> Strip:
        try:
            index, offset = self._lines[self.scroll_offset.y + y]
            selection = self.get_option_at_index(index)
        except (IndexError, OptionDoesNotExist):
            return super().render_line(y)
        line = OptionList.render_line(self, y)  # the option's own text on this line
        underlying = next(iter(line)).style or self.rich_style
        if offset:
            return Strip([Segment(" " * self._get_left_gutter_width(), underlying), *line])
        chosen = selection.value in self._selected
        component = "selection-list--button" + ("-selected" if chosen else "")
        if self.highlighted == index:
            component += "-highlighted"
        button = self.get_component_rich_style(component)
        side = Style.from_color(button.bgcolor, underlying.bgcolor) + Style(meta={"option": index})
        button += Style(meta={"option": index})
        return Strip(
            [
                Segment(Checkbox.BUTTON_LEFT, side),
                Segment("X" if chosen else " ", button),
                Segment(Checkbox.BUTTON_RIGHT, side),
                Segment(" ", underlying),
                *line,
            ]
        )
