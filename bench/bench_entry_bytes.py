"""Bytes written to the terminal per answer keystroke on the entry screen vs a bare Textual Input.

Runs both in a pty at 120x40 (TERM=xterm-256color) in the same run and prints the figures (never
asserted). Budget: <= 300 B per answer key, about a quarter of the bare Input.

    python bench/bench_entry_bytes.py [--forms 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _pty import Terminal, app_argv, build_demo_db, open_entry, quit_app  # noqa: E402
from _result import emit, figure  # noqa: E402

BARE_INPUT_APP = """
from textual.app import App
from textual.widgets import Input

class Bare(App):
    def compose(self):
        yield Input(id="only", placeholder="ketik")
    def on_mount(self):
        self.query_one(Input).focus()
        self.notify("siap", timeout=0.5)

Bare().run()
"""

PROFILE = "A" + "1" + "34" + "3" + "4"  # layanan (letter A-J in the demo), JK, usia, pddk, pkrj
ANSWERS = "432143214"


def entry_figures(db_path: Path, forms: int) -> dict[str, list[int]]:
    term = Terminal(app_argv(db_path))
    try:
        open_entry(term)
        figures: dict[str, list[int]] = {"answer": [], "profile": [], "enter": []}
        for _ in range(forms):
            figures["profile"].extend(term.key_bytes(key) for key in PROFILE)
            figures["answer"].extend(term.key_bytes(key) for key in ANSWERS)
            figures["enter"].append(term.key_bytes("\r", quiet=0.1))
        quit_app(term)
        return figures
    finally:
        term.close()


def bare_input_figures(keys: int) -> list[int]:
    term = Terminal([sys.executable, "-c", BARE_INPUT_APP])
    try:
        term.wait_for("siap")
        term.wait_quiet(1.0)  # the notification has gone
        return [term.key_bytes(str(i % 4 + 1)) for i in range(keys)]
    finally:
        term.close()


def line(name: str, values: list[int]) -> str:
    return (
        f"{name:<28} mean {statistics.mean(values):7.0f} B   median "
        f"{statistics.median(values):7.0f} B   max {max(values):6d} B   (n={len(values)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--forms", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        figures = entry_figures(build_demo_db(Path(directory)), args.forms)
    bare = bare_input_figures(len(figures["answer"]))
    print("Bytes written per keystroke, pty 120x40, TERM=xterm-256color")
    print(line("entry: answer key (1-4)", figures["answer"]))
    print(line("entry: profile key", figures["profile"]))
    print(line("entry: Enter (save + new form)", figures["enter"]))
    print(line("bare Textual Input: key", bare))
    per_position = [
        statistics.mean(figures["answer"][i :: len(ANSWERS)]) for i in range(len(ANSWERS))
    ]
    print(
        "entry: answer key by position U1..U9: "
        + " ".join(f"{value:.0f}" for value in per_position)
    )
    ratio = statistics.mean(figures["answer"]) / statistics.mean(bare)
    print(f"answer key / bare Input = {ratio:.2f}  (budget <= 300 B per answer key)")
    emit(
        [
            figure(
                "entry: bytes per answer key (pty 120x40)",
                statistics.mean(figures["answer"]),
                "B",
                baseline="bare Textual Input, same keys",
                baseline_value=statistics.mean(bare),
                budget="<= 300 B",
                limit=300,
                on="value",
                next_step="log the pty output of single keys and split it at each escape "
                "sequence (see bench/README.md, paper-form entry)",
            ),
            figure(
                "entry: bytes per Enter (save + new form)",
                statistics.mean(figures["enter"]),
                "B",
                baseline="bare Textual Input, one key",
                baseline_value=statistics.mean(bare),
                budget="informational",
            ),
        ]
    )


if __name__ == "__main__":
    main()
