"""Write the lesson notebooks: one short code cell per lesson part, no prose, no outputs.

Run ``.venv/bin/python tools/make_notebooks.py`` after adding a lesson. A nurse may
then reorder or delete cells in a notebook by hand; this script only writes
notebooks that do not exist yet, unless given ``--force``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from metsedu.content import load_lessons
from metsedu.lesson.lesson_page import PARTS

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def notebook(lesson_id: str) -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_code_cell(f'import metsedu\n\npage = metsedu.page("{lesson_id}")')]
    cells += [nbformat.v4.new_code_cell(f"page.{part}()") for part in PARTS]
    for index, cell in enumerate(cells):
        cell.id = f"{lesson_id}-{index}"
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return nb


def main(force: bool) -> None:
    for lesson in load_lessons():
        path = NOTEBOOKS / f"{lesson.order:02d}-{lesson.id}.ipynb"
        if path.exists() and not force:
            continue
        nbformat.write(notebook(lesson.id), path)
        print(f"wrote {path.relative_to(NOTEBOOKS.parent)}")


if __name__ == "__main__":
    main(force="--force" in sys.argv)
