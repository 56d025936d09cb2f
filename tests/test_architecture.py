"""The layering rules of STYLE.md, checked on the source so that they cannot quietly erode."""

import ast
import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
STDLIB = set(sys.stdlib_module_names)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _violations(folder: str, allowed: tuple[str, ...]) -> list[str]:
    bad = []
    for path in sorted((APP / folder).rglob("*.py")):
        for module in _imports(path):
            top = module.split(".")[0]
            if top in STDLIB or module == "__future__":
                continue
            if not any(module == a or module.startswith(a + ".") for a in allowed):
                bad.append(f"{path.relative_to(APP.parent)} imports {module}")
    return bad


def test_domain_imports_no_web_or_database_framework() -> None:
    # rapidfuzz is a string-distance library (matching scores), not a framework.
    assert _violations("domain", ("app.domain", "pydantic", "rapidfuzz")) == []


def test_services_know_no_web_framework() -> None:
    forbidden = ("fastapi", "starlette", "strawberry", "httpx")
    bad = [
        f"{path.relative_to(APP.parent)} imports {module}"
        for path in sorted((APP / "services").rglob("*.py"))
        for module in _imports(path)
        if module.split(".")[0] in forbidden
    ]
    assert bad == []


def test_rest_shells_hold_no_queries() -> None:
    """Routes translate and call a service; statements live in repositories. `deps.py` is the
    request boundary that opens and commits the unit of work, so it alone may import it."""
    forbidden = ("sqlalchemy", "sqlmodel", "app.persistence.repositories", "app.persistence.uow")
    bad = [
        f"{path.relative_to(APP.parent)} imports {module}"
        for path in sorted((APP / "api" / "rest").rglob("*.py"))
        if path.name != "deps.py"
        for module in _imports(path)
        if any(module == f or module.startswith(f + ".") for f in forbidden)
    ]
    assert bad == []
