"""Snapshot tests: every screen of the app at 80x24 and 120x40 on the demo data, frozen clock.

A changed layout fails here and shows the old and new picture side by side in the report
(snapshot_report.html). After an intended change, regenerate every picture with one command:
`PYTHONPATH=$PWD python -m pytest tests/ui/snapshots --snapshot-update`, look at the changed
SVGs in the diff and commit them with the change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from ikm_tui.services.registry import Services
from ikm_tui.ui.app import IkmApp
from tests.ui.snapshots.screens import SHOTS, SIZES


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(SHOTS))
def test_screen(name: str, size: str, demo_services: Services, snap_compare: Callable[..., bool]):
    shot = SHOTS[name]

    async def run_before(pilot: Pilot[Any]) -> None:
        await shot.run(pilot)

    assert snap_compare(IkmApp(demo_services), terminal_size=SIZES[size], run_before=run_before)
