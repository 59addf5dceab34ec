"""Tests every document kind the engine knows, on the demo's completed period: it exports, its
export verifies "cocok", and its data hash does not depend on the day it is computed (so a
document printed yesterday still verifies today)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ikm_tui.clock import fixed_clock
from ikm_tui.export import engine
from ikm_tui.export.docx_common import Kop
from ikm_tui.export.kinds import KINDS
from ikm_tui.services.documents import COCOK
from ikm_tui.services.registry import Services


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ikm_tui.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path)
    return path


@pytest.fixture
def demo(demo_db: Path):
    from ikm_tui.persistence import db as db_module
    from ikm_tui.persistence.models import PeriodRow

    db_module.connect(str(demo_db))
    yield PeriodRow.get(PeriodRow.name == "Periode I 2026").id
    db_module.close()


def test_every_kind_has_a_source():
    assert set(Services().documents.sources) == set(KINDS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_exports_and_verifies(demo: int, kind: str, tmp_path: Path):
    services = Services(fixed_clock(dt.datetime(2026, 12, 1, 10, 0)))
    result = services.documents.export(kind, demo, tmp_path / f"{kind}.docx")
    assert services.documents.verify(result.path).verdict == COCOK
    import zipfile

    body = result.path.read_bytes()
    xml = zipfile.ZipFile(result.path).read("word/document.xml").decode("utf-8")
    assert "{{" not in xml and "{%" not in xml, "a placeholder was left unrendered"
    assert engine.read_properties(body)["jenis"] == kind


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_data_hash_of_every_kind_ignores_the_clock(demo: int, kind: str):
    hashes = set()
    for day in (dt.datetime(2026, 12, 1, 10, 0), dt.datetime(2027, 3, 2, 15, 30)):
        services = Services(fixed_clock(day))
        office = services.office.get()
        kop = Kop.from_office(office) if office else None
        hashes.add(engine.data_hash(services.documents.data(kind, demo), kop))
    assert len(hashes) == 1, f"{kind}: its DocumentData.data changes with the clock"
