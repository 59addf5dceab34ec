"""Ticked and unticked boxes differ in their characters, not only in colour."""

from __future__ import annotations

from textual.app import App, ComposeResult

from ikm_tui.ui.widgets.marks import MarkedCheckbox, MarkedRadioButton, MarkedSelectionList


class MarksApp(App[None]):
    def compose(self) -> ComposeResult:
        yield MarkedCheckbox("Staf", True, id="on")
        yield MarkedCheckbox("Camat", False, id="off")
        yield MarkedRadioButton("PermenPANRB 14/2017", True, id="radio")
        yield MarkedSelectionList[int](("KTP", 1, True), ("KK", 2, False), id="list")


def _text(app: App[None], widget_id: str) -> str:
    widget = app.query_one(f"#{widget_id}")
    return (
        "".join(widget.render_line(y).text for y in range(widget.size.height))
        if widget_id == "list"
        else str(widget.render())
    )


async def test_marks_follow_the_value() -> None:
    app = MarksApp()
    async with app.run_test(size=(60, 12)) as pilot:
        assert "X" in _text(app, "on")
        assert "X" not in _text(app, "off")
        assert "●" in _text(app, "radio")
        checkbox = app.query_one("#off", MarkedCheckbox)
        checkbox.focus()
        await pilot.press("space")
        assert checkbox.value and "X" in _text(app, "off")
        lines = [app.query_one("#list", MarkedSelectionList).render_line(y).text for y in (0, 1)]
        assert "X" in lines[0] and "X" not in lines[1]


class WrappedApp(App[None]):
    CSS = "SelectionList { text-wrap: wrap; text-overflow: fold; width: 30; }"

    def compose(self) -> ComposeResult:
        yield MarkedSelectionList[int](
            ("Unsur U3 Waktu Penyelesaian memperoleh NRR 2,935, di bawah harapan", 1, False),
            ("Keluhan U1", 2, True),
            id="list",
        )


async def test_a_wrapped_option_has_one_box_and_the_next_option_its_own() -> None:
    app = WrappedApp()
    async with app.run_test(size=(60, 12)) as pilot:
        listing = app.query_one("#list", MarkedSelectionList)
        lines = [listing.render_line(y).text for y in range(listing.size.height)]
        assert len(lines) > 2, lines  # the first option wraps
        assert lines[0].startswith("▐ ▌ Unsur U3"), lines
        assert all(line.startswith("    ") for line in lines[1:-1]), lines  # no box, indented
        assert lines[-1].startswith("▐X▌ Keluhan U1"), lines
        listing.focus()
        listing.highlighted = 0
        await pilot.press("space")
        assert sorted(listing.selected) == [1, 2]
        assert listing.render_line(0).text.startswith("▐X▌")
