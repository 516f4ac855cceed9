"""The layout: dependencies point one way, and no modules import each other."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("articles", "comments", "live", "newsroom")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    }


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules `name` imports anywhere, lazily inside functions too."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import module` imports the module; `from module import
            # name`, the module.
            submodules = [f"{base}.{alias.name}" for alias in node.names]
            targets = [m for m in submodules if m in known] or [base]
        else:
            continue
        for target in targets:
            # The module itself, or the package it names.
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def test_the_articles_app_never_imports_the_comments_app():
    offenders = {
        module: sorted(t for t in targets if t.split(".")[0] == "comments")
        for module, targets in import_graph().items()
        if module.split(".")[0] == "articles"
    }
    assert {m: t for m, t in offenders.items() if t} == {}


def test_no_modules_import_each_other_even_through_others():
    graph = import_graph()
    cycles = []
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            # A package's __init__ importing its submodules is not a loop.
            if target.startswith(module + "."):
                continue
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert cycles == []


def test_the_import_graph_sees_lazy_and_relative_imports(tmp_path):
    # The checks above would pass on a blind parser: prove they see an import
    # inside a function, a relative one, and a module named through its package.
    source = tmp_path / "views.py"
    source.write_text(
        "from . import models\n"
        "def view():\n"
        "    from comments.thread import section_context\n"
        "    import newsroom.caching\n"
    )
    known = set(project_modules())
    graph = imports_of("articles.views", source, known)
    assert graph == {"articles.models", "comments.thread", "newsroom.caching"}


def test_every_module_opens_with_a_line_saying_what_it_holds():
    missing = [
        name
        for name, path in project_modules().items()
        if path.stat().st_size and not ast.get_docstring(ast.parse(path.read_text()))
    ]
    assert missing == []
