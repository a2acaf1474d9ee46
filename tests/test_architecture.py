"""The dependency direction of docs/architecture.md, read from every import in src/pko (function-level ones too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import pko

ROOT = Path(pko.__file__).parent
FRAMEWORKS = ("sqlalchemy", "fastapi", "starlette")
PRESENTATION = {"pko.app", "pko.cli", "pko.http", "pko.openapi", "pko.auth.permissions", "pko.auth.cookies"}
CORE = {"pko", "pko.db", "pko.config", "pko.errors", "pko.formats", "pko.memo"}

# Modules that query the database but are not yet named as services; each one is a debt, and the test
# below fails once a module leaves the list's reason behind, so that the list only shrinks.
NOT_YET_NAMED_AS_SERVICES = {
    "pko.actions.notify", "pko.consult.briefing", "pko.consult.scheduling", "pko.finance.ledger",
    "pko.incidents.imports", "pko.partnership.tracking", "pko.roads.density", "pko.roads.planning",
    "pko.safety.analytics",
}


def layer(module: str) -> str:
    """presentation (pages, API, CLI, the permission dependency, the cookie middleware), service, model (tables,
    schemas and the visibility clause they are filtered by), source, core or engine."""
    last = module.rsplit(".", 1)[-1]
    if (module.startswith("pko.web") or module in PRESENTATION
            or last in ("api", "cli") or last.endswith(("_api", "_cli"))):
        return "presentation"
    if last == "service" or last.endswith("_service"):
        return "service"
    if last in ("models", "schemas") or module == "pko.auth.visibility":
        return "model"
    if module.startswith("pko.sources"):
        return "source"
    if module in CORE:
        return "core"
    return "engine"


def modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        name = ".".join(("pko", *path.relative_to(ROOT).with_suffix("").parts)).removesuffix(".__init__")
        found[name] = path
    return found


MODULES = modules()


def imports(path: Path) -> set[str]:
    """Every module an import statement in the file names (absolute and relative, at any depth)."""
    package = ".".join(("pko", *path.relative_to(ROOT).parent.parts)) if path.parent != ROOT else "pko"
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}".rstrip(".")
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES)
    return names


def breaches(module: str) -> list[str]:
    """What this module imports against the direction pages, API and CLI -> services -> engines and models -> db."""
    own = layer(module)
    found = []
    for name in sorted(imports(MODULES[module])):
        target = layer(name) if name in MODULES else None
        if own != "presentation" and target == "presentation":
            found.append(f"{module} imports the presentation module {name}")
        if own == "engine" and (name.split(".")[0] in FRAMEWORKS or name == "pko.db" or target == "service"):
            found.append(f"the engine {module} imports {name}")
        if own == "model" and target in ("service", "source"):
            found.append(f"the model module {module} imports {name}")
    return found


@pytest.mark.parametrize("module", sorted(set(MODULES) - NOT_YET_NAMED_AS_SERVICES))
def test_imports_run_one_way(module):
    assert breaches(module) == []


@pytest.mark.parametrize("module", sorted(NOT_YET_NAMED_AS_SERVICES))
def test_a_listed_debt_is_still_owed(module):
    """A module on the list must still query the database; once it no longer does, take it off the list."""
    found = breaches(module)
    assert found and all("presentation" not in line for line in found), found


def test_the_rule_sees_a_breach():
    """The reader of imports finds an engine importing the database layer (so the tests above can fail)."""
    assert any("pko.db" in line for line in breaches("pko.roads.planning")) or breaches("pko.roads.planning")
    assert layer("pko.forcegen.optimiser") == "engine" and layer("pko.web.pages") == "presentation"
