"""Screens fit 80x24: every footer key, the tabulation's per-group IKM, full SOP step names
where there is room, and the concept screen's full question text are on screen."""

from __future__ import annotations

import pytest

from ikm_tui.domain import sop
from ikm_tui.services.registry import Services
from ikm_tui.ui.app import IkmApp
from tests.ui.snapshots.screens import SHOTS, SIZES, screen_text


async def shown(services: Services, name: str, size: str) -> tuple[IkmApp, str]:
    app = IkmApp(services)
    async with app.run_test(size=SIZES[size]) as pilot:
        await SHOTS[name].run(pilot)
        return app, screen_text(app)


@pytest.mark.parametrize("name", ["period_running_staf", "concept_draft", "ptpp", "tabulation"])
async def test_every_footer_key_is_on_an_80_column_screen(demo_services: Services, name: str):
    app = IkmApp(demo_services)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await SHOTS[name].run(pilot)
        shown_keys = {
            b.binding.description for b in app.screen.active_bindings.values() if b.binding.show
        }
        footer = "\n".join(screen_text(app).splitlines()[-3:])
    missing = [label for label in shown_keys if label not in footer]
    assert not missing, (name, missing, footer)


async def test_tabulation_keeps_the_group_ikm_at_80x24(demo_services: Services):
    _, text = await shown(demo_services, "tabulation", "80x24")
    header = next(line for line in text.splitlines() if "Kelompok" in line)
    assert header.split()[-1] == "IKM", header
    row = next(line for line in text.splitlines() if "Pengantar KTP-el" in line)
    assert row.split()[-1] == "83,04", row


@pytest.mark.parametrize("size", list(SIZES))
async def test_step_names_short_when_narrow_full_when_wide(demo_services: Services, size: str):
    _, text = await shown(demo_services, "period_running_camat", size)
    for step in sop.SOP_STEPS:
        assert (step.name if size == "120x40" else step.short) in text, (size, step.number)


async def test_concept_shows_the_full_question_text(demo_services: Services):
    _, text = await shown(demo_services, "concept_approved", "120x40")
    # U1 wraps in its column: "... kesesuaian persyaratan" / "pelayanan dengan jenis ..."
    assert "Bagaimana pendapat Saudara tentang kesesuaian persyaratan" in text
    assert "pelayanan dengan jenis pelayanannya?" in text
    assert "…" not in text
