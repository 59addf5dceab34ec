"""Tests of bench/run_all.py on fake bench scripts: RESULT parsing, failures listed, rendering."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


run_all = load("run_all")
result = load("_result")


def fake(folder: Path, name: str, body: str) -> None:
    (folder / f"bench_{name}.py").write_text(body, encoding="utf-8")


def test_figure_checks_the_ratio_or_the_value_against_the_limit():
    within = result.figure("a", 1.2, "s", baseline="b", baseline_value=1.0, limit=1.3)
    assert within["ratio"] == 1.2 and within["ok"] is True and "next_step" not in within
    over = result.figure("a", 1.5, "s", baseline_value=1.0, limit=1.3, next_step="profile")
    assert over["ok"] is False and over["next_step"] == "profile"
    by_value = result.figure("c", 6.0, "s", baseline_value=12.0, limit=5.0, on="value")
    assert by_value["ratio"] == 0.5 and by_value["ok"] is False
    assert result.figure("d", 3.0, "ms")["ok"] is None  # informational


def test_parse_result_takes_only_a_last_result_line():
    figures = [{"figure": "x", "value": 1.0}]
    line = "RESULT " + json.dumps({"figures": figures})
    assert run_all.parse_result(f"text\n{line}\n\n") == figures
    assert run_all.parse_result(f"{line}\nmore text") is None
    assert run_all.parse_result("RESULT {not json") is None
    assert run_all.parse_result("") is None


def test_record_lists_figures_next_steps_and_scripts_without_figures(tmp_path):
    benches = tmp_path / "bench"
    benches.mkdir()
    good = [
        result.figure(
            "cepat", 0.2, "s", baseline="dasar", baseline_value=0.16, budget="<= 1.3x", limit=1.3
        ),
        result.figure(
            "lambat",
            2.0,
            "s",
            baseline="dasar",
            baseline_value=1.0,
            budget="<= 1.3x",
            limit=1.3,
            next_step="profil kueri X",
        ),
    ]
    fake(benches, "good", f"print('angka')\nprint('RESULT ' + {json.dumps({'figures': good})!r})\n")
    fake(benches, "broken", "import sys\nprint('mulai')\nsys.exit(3)\n")
    fake(benches, "silent", "print('tanpa hasil')\n")
    output = tmp_path / "performance.md"
    status = run_all.main(["--bench-dir", str(benches), "--output", str(output)])
    assert status == 1  # not every script gave figures
    text = output.read_text()
    assert "| bench_good.py | cepat | 0.200 s | dasar: 0.160 s | 1.25x | <= 1.3x | ok |" in text
    assert (
        "| bench_good.py | lambat | 2.00 s | dasar: 1.00 s | 2.00x | <= 1.3x | **NOT OK** |" in text
    )
    assert "- bench_good.py, lambat: profil kueri X" in text
    assert "| bench_broken.py | `(defaults)` |" in text and "failed (exit 3)" in text
    assert "bench_silent.py: no RESULT line" in text and "tanpa hasil" in text
    for key in ("CPU", "cores", "RAM", "Python", "Textual", "SQLite", "load average"):
        assert f"| {key}" in text


def test_a_script_over_its_timeout_is_listed(tmp_path, monkeypatch):
    benches = tmp_path / "bench"
    benches.mkdir()
    fake(benches, "slow", "import time\nprint('lama', flush=True)\ntime.sleep(30)\n")
    monkeypatch.setattr(run_all, "DEFAULT_TIMEOUT", 1.0)
    output = tmp_path / "performance.md"
    assert run_all.main(["--bench-dir", str(benches), "--output", str(output)]) == 1
    assert "timed out after 1 s" in output.read_text()


def test_every_bench_script_ends_with_a_result_line():
    """Each bench_*.py emits its figures through bench/_result.py (the record's protocol)."""
    for path in sorted((ROOT / "bench").glob("bench_*.py")):
        text = path.read_text(encoding="utf-8")
        assert "emit(" in text or "RESULT " in text, path.name
