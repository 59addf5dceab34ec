"""Provides packaging checks: version, console script, sample data shipped as package data."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from importlib import metadata, resources
from pathlib import Path

import ikm_tui
from ikm_tui.services import demo_data

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_FILES = {
    "office.json",
    "users.json",
    "layanan.json",
    "periods.json",
    "saran.json",
    "complaints.json",
    "ptpp.json",
    "contoh-29-responden.csv",
}


def test_sample_data_is_readable_through_importlib_resources():
    folder = resources.files("ikm_tui.sample_data")
    names = {item.name for item in folder.iterdir()}
    assert names >= SAMPLE_FILES
    office = json.loads(folder.joinpath("office.json").read_text(encoding="utf-8"))
    assert office["nama_unit"] == "KECAMATAN BANDUNGAN"


def test_sample_data_matches_the_checkout():
    for name in SAMPLE_FILES:
        shipped = demo_data.sample_dir().joinpath(name).read_bytes()
        assert shipped == (ROOT / "sample_data" / name).read_bytes()


def test_shipped_word_templates_are_readable_through_importlib_resources():
    from ikm_tui.export.kinds import KINDS

    folder = resources.files("ikm_tui.export.templates")
    for kind in KINDS:
        assert folder.joinpath(f"{kind}.docx").read_bytes().startswith(b"PK")


def test_package_data_rules_cover_sample_data_and_styles():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = config["tool"]["setuptools"]["package-data"]
    assert "*.json" in package_data["ikm_tui.sample_data"]
    assert "*.tcss" in package_data["*"]
    assert "*.docx" in package_data["ikm_tui.export.templates"]
    assert config["project"]["scripts"]["ikm-tui"] == "ikm_tui.cli:main"
    assert any(dep.startswith("textual==") for dep in config["project"]["dependencies"])
    assert {"test", "dev"} <= set(config["project"]["optional-dependencies"])


def test_installed_version_matches_and_cli_reports_it():
    assert metadata.version("ikm-tui") == ikm_tui.__version__
    result = subprocess.run(
        [sys.executable, "-m", "ikm_tui", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"ikm-tui {ikm_tui.__version__}"
