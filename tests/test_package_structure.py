"""Conventions that check themselves (issue 15), in the spirit of scanpy's test of the same name.

1. The import graph, read from the code itself (``ast``, lazy imports included): no cycle between
   packages, no cycle between the files of a package, no import of another package's private
   module or name (notebooks included).
2. The public API: at most 3 positional parameters, a return annotation, a docstring with its
   numpydoc sections, ``Corpus``-first functions typed as such, one ``*_project`` entry point per
   stage, the runner listing functions.

Exceptions are explicit, each with its reason; an exception that no longer applies fails the test
so that the lists only shrink.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "transfo_analysis"
NOTEBOOKS = sorted([*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "dashboards").glob("*.ipynb")])

#: package dependencies that close a cycle, being removed by another branch right now
CYCLE_EDGES_ALLOWED: dict[tuple[str, str], str] = {}
#: file cycles inside a package, being removed by another branch right now
FILE_CYCLES_ALLOWED: dict[frozenset[str], str] = {}
#: cross-package imports of private modules or names, being removed by another branch
PRIVATE_ALLOWED: dict[tuple[str, str], str] = {}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _package(module: str) -> str:
    return module.split(".")[0] if module else ""


def _resolve(target: str) -> str:
    """The module of the package a dotted name belongs to (``corpus._ingest.read_file`` →
    ``corpus._ingest``)."""
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target


def _imports(tree: ast.AST, module: str, is_package: bool) -> list[tuple[str, str | None, int]]:
    """``(module imported, name imported or None, line)`` for every import of the package."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, None, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                source = ".".join(
                    ["transfo_analysis", *base, *([node.module] if node.module else [])]
                )
            else:
                source = node.module or ""
            found += [(source, a.name, node.lineno) for a in node.names]
    out = []
    for source, name, line in found:
        if source != "transfo_analysis" and not source.startswith("transfo_analysis."):
            continue
        dotted = source.removeprefix("transfo_analysis").lstrip(".")
        if name is not None and _resolve(
            f"{dotted}.{name}".lstrip(".")
        ) == f"{dotted}.{name}".lstrip("."):
            dotted, name = f"{dotted}.{name}".lstrip("."), None  # a submodule, not a name
        out.append((dotted, name, line))
    return out


def _graph() -> dict[str, list[tuple[str, str | None, int]]]:
    return {
        module: _imports(
            ast.parse(path.read_text(encoding="utf-8")), module, path.name == "__init__.py"
        )
        for module, path in MODULES.items()
    }


#: ``_`` is gettext's translation function (i18n), a convention, not a private name
GETTEXT_NAMES = {"_"}


def _is_private(part: str) -> bool:
    return part.startswith("_") and not part.startswith("__") and part not in GETTEXT_NAMES


def _private_imports(importer: str, imports: list[tuple[str, str | None, int]]) -> list[str]:
    found = []
    for target, name, line in imports:
        target_module = _resolve(target)
        if not target_module or _package(target_module) == _package(importer):
            continue
        key = (importer, target_module)
        private = any(_is_private(p) for p in target_module.split(".")) or (
            name is not None and _is_private(name)
        )
        if private and key not in PRIVATE_ALLOWED:
            found.append(f"{importer}:{line} imports {target}{'.' + name if name else ''}")
    return found


def test_no_cycle_between_packages():
    graph = nx.DiGraph()
    used_allowances = set()
    for importer, imports in _graph().items():
        for target, _, _ in imports:
            a, b = _package(importer), _package(_resolve(target))
            if not a or not b or a == b:
                continue  # the root package only re-exports
            if (a, b) in CYCLE_EDGES_ALLOWED:
                used_allowances.add((a, b))
                continue
            graph.add_edge(a, b)
    assert list(nx.simple_cycles(graph)) == []
    assert set(CYCLE_EDGES_ALLOWED) <= used_allowances, "remove allowances that no longer apply"


def test_no_cycle_between_the_files_of_a_package():
    graph = nx.DiGraph()
    for importer, imports in _graph().items():
        for target, _, _ in imports:
            target = _resolve(target)
            package = _package(importer)
            # a package's __init__ re-exports its modules: that is not a cycle
            inits = (importer == package, target == package)
            if target and target != importer and _package(target) == package and not any(inits):
                graph.add_edge(importer, target)
    cycles = {frozenset(c) for c in nx.simple_cycles(graph)}
    assert cycles - set(FILE_CYCLES_ALLOWED) == set()
    assert set(FILE_CYCLES_ALLOWED) <= cycles, "remove allowances that no longer apply"


def test_no_package_imports_another_packages_private_module_or_name():
    graph = _graph()
    found = [f for importer, imports in graph.items() for f in _private_imports(importer, imports)]
    assert found == []
    still = {
        (importer, _resolve(target))
        for importer, imports in graph.items()
        for target, _, _ in imports
    }
    assert set(PRIVATE_ALLOWED) <= still, "remove allowances that no longer apply"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_use_public_names_only(notebook: Path):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    lines = [line for line in code.splitlines() if not line.lstrip().startswith(("%", "!"))]
    imports = _imports(ast.parse("\n".join(lines)), "<notebook>", False)
    private = [
        f"{target}{'.' + name if name else ''}"
        for target, name, _ in imports
        if any(_is_private(p) for p in target.split(".")) or (name and _is_private(name))
    ]
    assert private == []


def test_the_checker_sees_what_it_must_refuse():
    """The graph reader itself: relative imports, private names, lazy imports in functions."""
    code = (
        "from transfo_analysis.config import _hidden\n"
        "def f():\n    from ..viz._theme import PALETTE\n"
        "from . import _stage\n"
    )
    imports = _imports(ast.parse(code), "coding.analysis", False)
    assert ("config", "_hidden", 1) in imports
    assert ("viz._theme", "PALETTE", 3) in imports
    assert _private_imports("coding.analysis", imports) == [
        "coding.analysis:1 imports config._hidden",
        "coding.analysis:3 imports viz._theme.PALETTE",
    ]


# --- the public API ---------------------------------------------------------------------------

#: packages whose ``__all__`` is the public API checked below
PUBLIC = [
    "config",
    "provenance",
    "progress",
    "errors",
    "corpus",
    "corpus.readers",
    "nlp",
    "anonymise",
    "coding",
    "coding.refi",
    "evidence",
    "topics",
    "topics.embeddings",
    "textometry",
    "barometer",
    "viz",
    "viz.corpus",
    "viz.coding",
    "viz.topics",
    "viz.textometry",
    "viz.barometer",
    "viz.workshops",
    "workshops",
    "reporting",
    "batch",
    "dashboards",
    "scale",
    "i18n",
]

#: the entry point of each stage, called by its command and by ``transfo run``
STAGES = {
    "corpus": "ingest_project",
    "nlp": "parse_project",
    "anonymise": "pseudonymise_project",
    "barometer": "barometer_project",
    "coding": "coding_project",
    "evidence": "evidence_project",
    "topics": "topics_project",
    "textometry": "textometry_project",
    "batch": "run_reports",
}


def _public_functions() -> dict[str, object]:
    found = {}
    for name in PUBLIC:
        module = importlib.import_module(f"transfo_analysis.{name}")
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            if inspect.isfunction(obj) and obj.__module__.startswith("transfo_analysis"):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return found


@pytest.fixture(scope="module")
def public_functions() -> dict[str, object]:
    return _public_functions()


def test_at_most_three_positional_parameters(public_functions):
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    too_many = [
        name
        for name, f in public_functions.items()
        if sum(p.kind in kinds for p in inspect.signature(f).parameters.values()) > 3
    ]
    assert too_many == []


def test_return_annotations_and_docstrings(public_functions):
    no_return = [
        n
        for n, f in public_functions.items()
        if inspect.signature(f).return_annotation is inspect.Signature.empty
    ]
    no_doc = [n for n, f in public_functions.items() if not inspect.getdoc(f)]
    assert (no_return, no_doc) == ([], [])


def _numpydoc_gaps(f: object) -> list[str]:
    sig = inspect.signature(f)
    doc = inspect.getdoc(f) or ""
    gaps = []
    if sig.parameters and "Parameters\n----------" not in doc:
        gaps.append("Parameters")
    returns = sig.return_annotation not in (None, "None", inspect.Signature.empty)
    if returns and not any(s in doc for s in ("Returns\n-------", "Yields\n------")):
        gaps.append("Returns")
    return gaps


def test_numpydoc_sections_present(public_functions):
    """Every public function documents its parameters and what it returns (no debt list: the
    last 132 gaps were filled for issue 15, and a new function is documented fully)."""
    gaps = {n: g for n, f in public_functions.items() if (g := _numpydoc_gaps(f))}
    assert gaps == {}


def test_corpus_first_functions_are_typed_as_such(public_functions):
    untyped = []
    for name, f in public_functions.items():
        params = list(inspect.signature(f).parameters.values())
        if params and params[0].name == "corpus" and "Corpus" not in str(params[0].annotation):
            untyped.append(name)
    assert untyped == []


def test_each_stage_has_one_project_entry_point_and_the_runner_lists_functions():
    from transfo_analysis.batch import STEPS
    from transfo_analysis.config import Project

    for package, entry in STAGES.items():
        module = importlib.import_module(f"transfo_analysis.{package}")
        assert entry in module.__all__, package
        first = next(iter(inspect.signature(getattr(module, entry)).parameters.values()))
        assert first.annotation in (Project, "Project"), entry
    for step in STEPS:
        assert inspect.isfunction(step.func), step.name
        source = inspect.getsource(step.func)
        called = [e for e in STAGES.values() if f"{e}(" in source]
        assert len(called) == 1, step.name  # each step delegates to one stage entry point


def test_ruff_finds_nothing():
    """Lint, imports and numpy docstrings (``[tool.ruff]``), as pre-commit runs them."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "src", "tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-3000:]
