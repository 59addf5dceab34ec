"""One container builds every service: no service, screen or command constructs a service with
collaborators itself, and the container hands each service the shared instances."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

from ikm_tui.clock import fixed_clock
from ikm_tui.services.registry import Services

PACKAGE = Path(__file__).resolve().parents[1] / "ikm_tui"
REGISTRY = PACKAGE / "services" / "registry.py"


def service_classes() -> set[str]:
    names: set[str] = set()
    for path in (PACKAGE / "services").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name.endswith("Service"):
                names.add(node.name)
    return names


def constructions(source: str, classes: set[str]) -> list[str]:
    """Line and class of every call that constructs one of `classes`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in classes:
                found.append(f"{node.lineno}: {name}")
    return found


def test_only_the_container_constructs_services():
    classes = service_classes()
    assert {"SignOffService", "CustomerService", "OfficeService"} <= classes
    found = [
        f"{path.relative_to(PACKAGE)}:{hit}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != REGISTRY
        for hit in constructions(path.read_text(encoding="utf-8"), classes)
    ]
    assert found == []


def test_a_planted_construction_is_caught():
    classes = service_classes()
    assert constructions("x = SignOffService(clock)", classes) == ["1: SignOffService"]
    assert constructions("x = services.SignOffService(clock, auth=a)", classes) != []
    assert constructions("x = self.services.signoff", classes) == []


def test_the_container_shares_one_instance_of_each_collaborator():
    services = Services(fixed_clock(dt.datetime(2026, 9, 15, 9, 30)))
    assert services.signoff.auth is services.auth
    assert services.periods.signoff is services.signoff
    assert services.periods.workflow is services.workflow
    questionnaire = services.questionnaire
    assert questionnaire.signoff is services.signoff
    assert questionnaire.periods is services.periods
    assert questionnaire.office is services.office
    assert services.entry.customers is services.customers
    assert services.importer.questionnaire is questionnaire
    assert services.tabulation.customers is services.customers
    assert services.tabulation.office is services.office
    assert services.meeting.workflow is services.workflow
    assert services.archive.signoff is services.signoff
    assert services.setup.users is services.users
    assert all(
        getattr(services, name).clock is services.clock
        for name in ("auth", "users", "office", "workflow", "customers", "tabulation")
    )
