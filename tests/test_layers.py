"""The layers of metsedu point one way, and the server process never loads the widget stack.

Every import inside ``metsedu/`` is read from the source (``ast``), lazy imports inside
functions included, so a cycle cannot hide behind a function-level import. A part may
import a part from a lower layer, never one beside it or above it.

To add a part (a package or a top-level module of ``metsedu``), put its name in the
layer it belongs to; a new layer is one more line in ``LAYERS``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "metsedu"

#: Bottom first. A part may import only from the layers below its own.
LAYERS: list[set[str]] = [
    # Shared facts: names, routes and environment variables; the answer event.
    {"names", "events"},
    # The content: schema, loader, checks, validated libraries.
    {"content"},
    # (Quiz item kinds, when they have a package of their own, go here: above the content
    # they read, below the widgets, sessions and server that use them.)
    # What the content becomes: widgets in a kernel, group sessions, printed handouts.
    {"widgets", "sessions", "handouts"},
    # A lesson page: content, widgets and the wiring to group sessions.
    {"lesson"},
    # The lesson kernel; then the process it is forked from, and the server that starts both.
    {"_lesson_kernel"},
    {"server", "_kernel_forks"},
    # The command line and the package's own lazy front door.
    {"cli", "__init__"},
]

LEVEL = {part: level for level, parts in enumerate(LAYERS) for part in parts}

#: What the Voilà server process and the command line load: no IPython, no widgets there.
LAUNCHING = ["metsedu.server", "metsedu.server.launch", "metsedu.cli", "metsedu.handouts.layout"]
WIDGET_STACK = ("IPython", "ipywidgets", "anywidget", "ipykernel")


def part_of(path: Path) -> str:
    """``metsedu/server/launch.py`` -> ``server``; ``metsedu/names.py`` -> ``names``."""
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported_parts(path: Path, repo: Path = REPO) -> list[tuple[int, str]]:
    """Each part of metsedu that ``path`` imports, with the line, wherever the import is."""
    module = ".".join(path.relative_to(repo).with_suffix("").parts)
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                start = ".".join([*base, node.module] if node.module else base)
            else:
                start = node.module or ""
            # `from . import x` and `from .. import x` name parts (modules), not attributes.
            targets = [start] if node.module else [f"{start}.{a.name}" for a in node.names]
        else:
            continue
        for target in targets:
            pieces = target.split(".")
            if pieces[0] == "metsedu":
                found.append((node.lineno, pieces[1] if len(pieces) > 1 else "__init__"))
    return found


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_every_part_has_a_layer():
    parts = {part_of(path) for path in SOURCES}
    assert parts <= set(LEVEL), f"put these in LAYERS: {sorted(parts - set(LEVEL))}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path):
    here = part_of(path)
    wrong = [
        f"{path.relative_to(REPO)}:{line}: {here} imports {there}"
        for line, there in imported_parts(path)
        if there != here and LEVEL[there] >= LEVEL[here]
    ]
    assert not wrong, "\n".join(wrong)


def test_the_reader_sees_lazy_and_relative_imports(tmp_path: Path):
    """The check above is only as good as this reader: it must see every form."""
    source = tmp_path / "metsedu" / "server" / "example.py"
    source.parent.mkdir(parents=True)
    source.write_text(
        "from ..content import load_library\n"
        "from .. import names\n"
        "from . import pool\n"
        "import metsedu.events\n"
        "def later():\n"
        "    from ..widgets.quiz import Quiz\n"
    )
    parts = [part for _, part in sorted(imported_parts(source, repo=tmp_path))]
    assert parts == ["content", "names", "server", "events", "widgets"]


@pytest.mark.parametrize("module", LAUNCHING)
def test_the_server_side_loads_no_widgets_and_no_ipython(module: str):
    """The Voilà server never builds a widget: IPython and ipywidgets there cost it about
    336 ms and 5 MiB for nothing (and ipywidgets belongs inside a kernel)."""
    probe = (
        f"import sys, {module}; print(' '.join(m for m in {WIDGET_STACK!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert loaded.stdout.split() == [], f"importing {module} loaded {loaded.stdout.strip()}"
