"""The house shows the pipeline: each wing imports only what lies below it, only the
archive writes SQL, only web/ knows Datasette, only cli/ knows click, modules stay small
and public functions say their types. Read off the source with ``ast``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from helpers import ROOT

LIBRARY = ROOT / "library"

# What each part of library/ may import of library/ (besides itself).
BELOW = {"model", "errors", "files", "budget", "caches"}
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "errors": set(),
    "files": set(),
    "caches": set(),
    "budget": {"errors"},
    "text": BELOW,
    "archive": BELOW | {"text"},
    "pages": BELOW | {"text"},
    "align": BELOW | {"text"},
    "terms": BELOW | {"text", "archive"},
    "query": BELOW | {"text", "archive", "terms"},  # search marks what the spotter finds
    "exports": BELOW | {"text", "archive"},
    "translation": BELOW | {"text", "archive", "align", "terms", "pages"},
    "web": BELOW | {"text", "archive", "query", "terms", "translation", "exports", "__init__"},
    "build": BELOW | {"text", "archive", "pages", "align", "terms"},
    "update": BELOW | {"text", "archive", "pages", "align", "terms", "build"},
    "cli": BELOW
    | {"text", "archive", "pages", "align", "terms", "translation", "query", "exports", "web"}
    | {"build", "update", "__init__"},
    "__init__": set(),
}
for _part_name in ALLOWED:  # the package root holds only the version
    if _part_name != "__init__":
        ALLOWED[_part_name] = ALLOWED[_part_name] | {"__init__"}
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|ATTACH) ")
MAX_LINES = 600


def _modules() -> list[Path]:
    return sorted(p for p in LIBRARY.rglob("*.py"))


def _part(path: Path) -> str:
    """The wing (package) or top-level module a file belongs to."""
    rel = path.relative_to(LIBRARY)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _library_imports(path: Path) -> set[str]:
    """The parts of library/ that ``path`` imports (resolving relative imports)."""
    rel = path.relative_to(LIBRARY).with_suffix("")
    package = list(rel.parts[:-1]) if rel.name != "__init__" else list(rel.parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = [*base, *(node.module.split(".") if node.module else [])]
                if not target:  # "from .. import x": the names are the parts
                    found |= {_root_name(alias.name) for alias in node.names}
                    continue
            elif node.module and node.module.split(".")[0] == "library":
                target = node.module.split(".")[1:]
                if not target:
                    found |= {_root_name(alias.name) for alias in node.names}
                    continue
            else:
                continue
            found.add(target[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "library" and "." in alias.name:
                    found.add(alias.name.split(".")[1])
    return found


def _root_name(name: str) -> str:
    """A name imported from ``library`` itself: a part, or what its ``__init__`` holds."""
    is_part = (LIBRARY / name).is_dir() or (LIBRARY / f"{name}.py").is_file()
    return name if is_part else "__init__"


def _third_party(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
    return names


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(LIBRARY)))
def test_each_wing_imports_only_what_lies_below_it(path):
    part = _part(path)
    assert part in ALLOWED, f"{part}: a new part of library/; say what it may import"
    wrong = _library_imports(path) - ALLOWED[part] - {part}
    assert not wrong, f"{path.relative_to(ROOT)} ({part}) imports {sorted(wrong)}"


def test_only_web_knows_datasette_and_only_cli_knows_click():
    for path in _modules():
        names = _third_party(path)
        if "datasette" in names:
            assert _part(path) == "web", path
        if "click" in names:
            assert _part(path) == "cli", path


def test_only_the_archive_writes_sql():
    for path in _modules():
        if _part(path) == "archive":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not SQL.match(node.value), f"{path.relative_to(ROOT)}: {node.value[:60]!r}"


def test_the_layer_rules_bite():
    """The checks above find what they look for (a module of text/ importing archive/)."""
    source = "from ..archive import read\nfrom library.terms import glossary\n"
    probe = LIBRARY / "text" / "_probe_layout.py"
    probe.write_text(source, "utf-8")
    try:
        assert _library_imports(probe) == {"archive", "terms"}
    finally:
        probe.unlink()


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(LIBRARY)))
def test_modules_stay_small(path):
    lines = len(path.read_text("utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)}: {lines} lines; split it by idea"


def _public_functions(tree: ast.Module):
    """Top-level functions and methods of top-level classes whose names are public."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield item


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(LIBRARY)))
def test_public_functions_are_fully_annotated(path):
    missing = []
    for fn in _public_functions(ast.parse(path.read_text("utf-8"))):
        if fn.name.startswith("_") and fn.name != "__init__":
            continue
        args = [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]
        if fn.args.vararg:
            args.append(fn.args.vararg)
        if fn.args.kwarg:
            args.append(fn.args.kwarg)
        unannotated = [a.arg for a in args if a.annotation is None and a.arg not in ("self", "cls")]
        if unannotated or fn.returns is None:
            missing.append(f"{fn.name}({', '.join(unannotated)})" + ("" if fn.returns else " ->"))
    assert not missing, f"{path.relative_to(ROOT)}: {missing}"


def test_the_design_page_shows_the_rules_this_test_keeps():
    """docs/design.md's table of what each part may import is ALLOWED above."""
    shown = {}
    for line in (ROOT / "docs" / "design.md").read_text("utf-8").splitlines():
        cells = [c.strip().strip("`") for c in line.strip("|").split("|")]
        if len(cells) == 2 and cells[0].rstrip("/").removesuffix(".py") in ALLOWED:
            allowed = set() if cells[1] == "—" else {c.strip("` ") for c in cells[1].split(",")}
            shown[cells[0].rstrip("/").removesuffix(".py")] = allowed
    expected = {
        part: allowed - BELOW - {"__init__"}
        for part, allowed in ALLOWED.items()
        if part not in BELOW and part != "__init__"
    }
    assert shown == expected
