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

from metsedu.content import REFERENCE_LOCALE, content_root, load_library
from metsedu.content.loader import locales
from metsedu.names import notebook_name, start_notebook

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
    """The Start page and every lesson, in English and in each translation that has
    lessons of its own (a translated lesson is ``02-bones.es.ipynb``, beside the English)."""
    books = {}
    for locale in locales(content_root()):
        own = [x for x in load_library(locale).ordered() if x.locale == locale]
        if not own:
            continue
        arg = "" if locale == REFERENCE_LOCALE else f'"{locale}"'
        tag = "" if locale == REFERENCE_LOCALE else f"-{locale}"
        books[start_notebook(locale)] = notebook(f"start{tag}", f"metsedu.start_page({arg})")
        for lesson in own:
            args = f'"{lesson.id}"' + (f", {arg}" if arg else "")
            books[notebook_name(lesson)] = notebook(f"{lesson.id}{tag}", f"metsedu.page({args})")
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
