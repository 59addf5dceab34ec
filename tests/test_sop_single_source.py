"""The SOP is defined once: no SOP step number is written as a literal outside domain/sop.py.

An AST scan of the package flags an int literal used as a step number: compared with, or
tested for membership against, a name about steps (`current_step`, `step_no`, `langkah`...);
passed to a step function (`require_step(p, 4)`, `complete_step`, `advance`...) or as a
`*step*=` keyword; assigned to a `*STEP*` constant; used as a subscript of a step name; a dict
keyed by step numbers that skips the SOP's missing 7; and "langkah 4" inside a message string.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ikm_tui.domain import sop

PACKAGE = Path(__file__).resolve().parents[1] / "ikm_tui"
DEFINITION = PACKAGE / "domain" / "sop.py"
STEP_WORDS = ("step", "langkah")
STEP_FUNCTIONS = {"advance", "blocked_message", "step_task"}  # step functions without "step"
CANDIDATES = set(sop.STEP_NUMBERS) | {sop.DONE}
LANGKAH_N = re.compile(r"\blangkah\s+\d", re.IGNORECASE)


def _name(node: ast.AST) -> str:
    """The identifier of a Name or Attribute (the last part), else ""."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _about_steps(node: ast.AST) -> bool:
    name = _name(node).lower()
    return any(word in name for word in STEP_WORDS)


def _step_int(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int and node.value in CANDIDATES


def _ints(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [item for item in node.elts if _step_int(item)]
    return [node] if _step_int(node) else []


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def step_literals(source: str, filename: str = "<kode>") -> list[str]:
    """ "file:line: what" for every step-number literal in `source`."""
    tree = ast.parse(source, filename)
    docstrings = _docstrings(tree)
    found: list[str] = []

    def flag(node: ast.AST, what: str) -> None:
        found.append(f"{filename}:{getattr(node, 'lineno', 0)}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(_about_steps(side) for side in sides):
                for side in sides:
                    for literal in _ints(side):
                        flag(literal, f"perbandingan langkah dengan {ast.unparse(side)}")
        elif isinstance(node, ast.Call):
            function = _name(node.func)
            method_of_step = isinstance(node.func, ast.Attribute) and _about_steps(node.func.value)
            if _about_steps(node.func) or function in STEP_FUNCTIONS or method_of_step:
                for argument in node.args:
                    for literal in _ints(argument):
                        flag(literal, f"{ast.unparse(node.func)}(... {ast.unparse(argument)} ...)")
            for keyword in node.keywords:
                if keyword.arg and any(w in keyword.arg.lower() for w in STEP_WORDS):
                    for literal in _ints(keyword.value):
                        flag(literal, f"{keyword.arg}={ast.unparse(keyword.value)}")
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is not None and any(_about_steps(t) for t in targets):
                value = node.value
                literals = _ints(value)
                if isinstance(value, ast.Dict):
                    literals = [
                        *(k for k in value.keys if k is not None and _step_int(k)),
                        *(v for v in value.values if _step_int(v)),
                    ]
                for literal in literals:
                    flag(literal, f"konstanta langkah {ast.unparse(targets[0])}")
        elif isinstance(node, ast.Subscript):
            index = node.slice
            if _about_steps(node.value) and _step_int(index) and index.value != sop.DONE:  # type: ignore[attr-defined]
                flag(node, f"indeks langkah {ast.unparse(node)}")
        elif isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            numbers = [k for k in keys if type(k) is int]
            if (
                len(numbers) >= 3
                and len(numbers) == len(node.keys)
                and set(numbers) <= set(sop.STEP_NUMBERS)
                and max(numbers) > 7 > min(numbers)
                and 7 not in numbers
            ):
                flag(node, "tabel per nomor langkah (tanpa langkah 7)")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and LANGKAH_N.search(node.value)
        ):
            flag(node, f"nomor langkah dalam teks {node.value!r}")
    return sorted(set(found))


def package_files() -> list[Path]:
    return [path for path in sorted(PACKAGE.rglob("*.py")) if path != DEFINITION]


def test_no_step_number_literal_outside_the_sop_definition():
    found = [
        hit
        for path in package_files()
        for hit in step_literals(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))
    ]
    assert found == []


PLANTED = [
    "workflow.require_step(period_id, 4)",
    "WorkflowService(clock).complete_step(period_id, 10, user, now)",
    "start_step(period_id, 1, user, now)",
    "self.advance(period_id, 6, user)",
    "ok = period.current_step == 1",
    "ok = 4 <= row.current_step",
    "ok = step_no not in (6, 8, 10)",
    "ok = record.step_no in [2, 3]",
    "StepRecordRow.step_no.in_((2, 3))",
    "PeriodRow.update(current_step=1)",
    "IMPORT_STEP = 4",
    "MANUAL_STEPS = (6, 8, 10)",
    "STAGE_STEP = {'dibuat': 1, 'diperiksa': 2}",
    "name = sop.step(5).name",
    "x = steps[3]",
    "ACTIVITY = {1: 'a', 2: 'b', 3: 'c', 4: 'd', 5: 'e', 6: 'f', 8: 'g', 9: 'h', 10: 'i'}",
    "notify('Periode dibuat. Langkah 1 dimulai.')",
    "message = f'langkah 4 selesai, {x}'",
    "done = period.current_step == 0",
]

INNOCENT = [
    '"""Docstring: step 4 ends when collection closes; langkah 5 starts."""',
    "workflow.require_step(period_id, sop.collection_step())",
    "ok = period.current_step == sop.DONE",
    "ok = sop.step_index(current) >= sop.step_index(number)",
    "ok = len(steps) == 0",
    "ok = page == 4 and count > 1",
    "LABELS = {1: 'Tidak baik', 2: 'Kurang baik', 3: 'Baik', 4: 'Sangat baik'}",
    "USIA = {1: 'a', 2: 'b', 3: 'c', 4: 'd', 5: 'e', 6: 'f', 7: 'g', 8: 'h'}",
    "batch = BatchConstants(today, 1, 2)",
    "table.move_cursor(row=current[0])",
    "message = f'langkah {step.number} selesai'",
    "title = 'Langkah berjalan'",
    "items = rows[1]",
    "first = concept_steps[0]",
]


@pytest.mark.parametrize("snippet", PLANTED)
def test_a_planted_step_literal_is_caught(snippet):
    assert step_literals(snippet), snippet


@pytest.mark.parametrize("snippet", INNOCENT)
def test_unrelated_numbers_are_not_flagged(snippet):
    assert step_literals(snippet) == []


def test_a_literal_planted_in_a_real_module_is_caught():
    """The package scan itself finds a literal planted into a copy of a real service."""
    source = (PACKAGE / "services" / "entry.py").read_text(encoding="utf-8")
    planted = source.replace(
        'require_action_step(period_id, "entri")', "require_step(period_id, 4)"
    )
    assert planted != source
    assert step_literals(source, "entry.py") == []
    assert step_literals(planted, "entry.py") != []


def test_the_sop_definition_is_consistent():
    assert sop.check_definition() == []
    assert list(sop.STEP_NUMBERS) == sorted(sop.STEP_NUMBERS)
    assert set(sop.ACTION_STEP) == set(sop.ACTIONS)
