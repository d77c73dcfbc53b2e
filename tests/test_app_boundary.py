"""provenance is the lower app: annotations builds on it, never the other way round."""

import ast
from pathlib import Path

import provenance

PROVENANCE = Path(provenance.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def test_provenance_never_imports_annotations():
    offenders = sorted(
        f"{path.relative_to(PROVENANCE.parent)}: {module}"
        for path in PROVENANCE.rglob("*.py")
        for module in _imported_modules(path)
        if module == "annotations" or module.startswith("annotations.")
    )
    assert offenders == []
