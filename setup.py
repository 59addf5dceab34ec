"""Provides the package list: ikm_tui and its subpackages, plus sample_data/ as ikm_tui.sample_data.

Everything else about the project is in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["ikm_tui", "ikm_tui.*"]), "ikm_tui.sample_data"],
    package_dir={"ikm_tui.sample_data": "sample_data"},
)
