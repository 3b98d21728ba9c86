"""Write the lesson notebooks: one short code cell that shows the page, no prose, no outputs.

Run ``.venv/bin/python tools/make_notebooks.py`` after adding a lesson. A nurse may then
reorder or leave out parts by naming them, ``metsedu.page("bones").show("header", "quiz")``;
this script only writes notebooks that do not exist yet, unless given ``--force``. One cell,
not one per part: see :mod:`metsedu.lesson.lesson_page` for why.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from metsedu.content import load_lessons
from metsedu.names import START_NOTEBOOK, notebook_name

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def notebook(name: str, setup: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(f"import metsedu\n\n{setup}.show()")
    cell.id = f"{name}-0"
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return nb


def wanted() -> dict[str, nbformat.NotebookNode]:
    books = {START_NOTEBOOK: notebook("start", "metsedu.start_page()")}
    for lesson in load_lessons():
        books[notebook_name(lesson)] = notebook(lesson.id, f'metsedu.page("{lesson.id}")')
    return books


def main(force: bool) -> None:
    for name, book in wanted().items():
        path = NOTEBOOKS / name
        if path.exists() and not force:
            continue
        nbformat.write(book, path)
        print(f"wrote {path.relative_to(NOTEBOOKS.parent)}")


if __name__ == "__main__":
    main(force="--force" in sys.argv)
