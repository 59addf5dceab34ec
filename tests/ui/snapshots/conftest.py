"""Provides the snapshot tests' demo office: one demo database per session, a copy per test.

The demo is built once from sample_data (`services.demo.build_demo`, whose timeline is fixed)
and every test opens its own copy, so a login's audit entry never reaches another test. The
app's services run on a clock frozen the day after the demo's last entry. While the demo is
built, the signing keys and every salt come from a seeded generator instead of the system's
randomness: the archived documents print signature codes (seal and audit head), and the
archive screen shows their files' SHA-256, so these must be the same bytes on every build.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ikm_tui.clock import fixed_clock
from ikm_tui.persistence import db as db_module
from ikm_tui.services.registry import Services

# The demo's entries end on 24 November 2026 (sample_data/periods.json); a Wednesday morning after.
NOW = dt.datetime(2026, 11, 25, 9, 30)


def build_fixed_demo(path: Path) -> None:
    """The demo at `path`, the same bytes of every document each time it is built."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ikm_tui.services.demo import build_demo

    seeded = random.Random(20261125)

    def token_bytes(nbytes: int | None = None) -> bytes:
        return seeded.randbytes(32 if nbytes is None else nbytes)

    def generate() -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(seeded.randbytes(32))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(secrets, "token_bytes", token_bytes)
        patch.setattr(Ed25519PrivateKey, "generate", generate)
        build_demo(path, fixed_clock(NOW))


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_fixed_demo(path)
    return path


@pytest.fixture
def demo_services(demo_file: Path, tmp_path: Path) -> Iterator[Services]:
    """Services on a private copy of the demo database, with the frozen clock."""
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_file, copy)
    db_module.connect(str(copy))
    yield Services(fixed_clock(NOW))
    db_module.close()
