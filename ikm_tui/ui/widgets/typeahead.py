"""Provides type-ahead safety: act on fields only after every key typed before the action.

Textual hands each key to the focused widget's own queue. A binding that reads a field at once
may miss characters still queued, and one reached by bubbling may see characters typed after
it. `after_pending_input` queues the callback behind the keys already sent to each widget, and
bindings that use it are priority bindings, so keys typed later are not yet handed out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.widget import Widget


def after_pending_input(widgets: Sequence[Widget], callback: Callable[[], object]) -> None:
    """Call `callback` once every widget in `widgets` has processed the keys already queued."""
    if not widgets:
        callback()
        return
    first, rest = widgets[0], widgets[1:]
    first.call_later(after_pending_input, rest, callback)
