"""Real lesson servers for the server tests, one per package (see ``tests/helpers.py``).

Each serves a temporary folder: the real notebooks, plus fixture notebooks named for
how they fail.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.conftest import REPO
from tests.helpers import Server, fixture_notebook, notebooks_folder, start_server


@pytest.fixture(scope="package")
def lesson_server(tmp_path_factory) -> Iterator[Server]:
    """Every real notebook, plus notebooks that fail in each way we guard against."""
    folder = tmp_path_factory.mktemp("site") / "notebooks"
    shutil.copytree(REPO / "notebooks", folder)
    fixture_notebook(
        folder / "lesson-that-does-not-exist.ipynb",
        'import metsedu\n\npage = metsedu.page("no-such-lesson")',
        "page.header()",
        "page.quiz()",
    )
    fixture_notebook(
        folder / "cell-that-raises.ipynb",
        "import metsedu",
        'raise RuntimeError("internal detail a learner must never see")',
    )
    # Culling is off here so that a freed kernel proves the shutdown worked.
    yield from start_server(folder, "--cull-idle-seconds", "0")


@pytest.fixture(scope="package")
def culling_server(tmp_path_factory) -> Iterator[Server]:
    folder = notebooks_folder(tmp_path_factory, "culling", "00-start.ipynb")
    yield from start_server(folder, "--cull-idle-seconds", "2", "--cull-interval-seconds", "1")


@pytest.fixture(scope="package")
def class_server(tmp_path_factory) -> Iterator[Server]:
    """A server set up for a nurse teaching bones to a class of 3.

    A taken kernel's replacement starts after 1 s, not the default 20 s that spares a
    laptop's cores in a real class: the tests would only wait."""
    folder = notebooks_folder(tmp_path_factory, "class", "00-start.ipynb", "02-bones.ipynb")
    yield from start_server(
        folder, "--class-lesson", "bones", "--class-size", "3", "--class-refill-seconds", "1"
    )
