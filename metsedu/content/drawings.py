"""Teaching pictures' drawings: read, checked against their words, and filled in.

A drawing (``content/pictures/<file>.svg``) is data, not code: shapes, and words only
as ``{label-id}`` placeholders inside ``<text>``. The words (labels, the text
alternative and the caption) live per locale in ``content/<locale>/pictures.yaml``,
so a translator or a clinical reviewer edits a sentence without touching a drawing,
and a drawing can never say something the reviewed words do not.

The files draw in ``currentColor`` and greys, so the page can colour them through
classes (:mod:`metsedu.lesson.pictures`) and they also print in black and white
(:mod:`metsedu.handouts.pictures`). Both take the drawing from :func:`drawing`, which
lives here, with the content, so that neither has to import the other.

:func:`picture_problems` checks the drawings against their words, for
``metsedu check``: every placeholder has a label and every label a placeholder,
nothing external or scripted, labels that fit the room the drawing gives them, and
signs in the "who to call" drawing grouped under the level the sign table gives them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ._yaml import YamlDocument
from .loader import REFERENCE_LOCALE, content_root
from .model import Picture, Sign, Urgency
from .problems import Problem

SVG_NS = "http://www.w3.org/2000/svg"
_SVG = f"{{{SVG_NS}}}"
ET.register_namespace("", SVG_NS)

#: ``{label-id}`` in a drawing's text: replaced by ``labels[label-id]`` of ``pictures.yaml``.
PLACEHOLDER = re.compile(r"\{([a-z0-9][a-z0-9-]*)\}")

#: Elements a drawing may use: plain shapes and text. No ``<image>``, ``<use>``,
#: ``<script>``, ``<foreignObject>``, ``<style>`` or ``<a>``: nothing is fetched, nothing
#: runs, no style leaks into the page, and the PDF library can draw all of it.
ALLOWED_ELEMENTS = frozenset(
    {
        "svg",
        "g",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
    }
)
#: Elements whose text is shown; only these may hold (placeholder) words.
TEXT_ELEMENTS = frozenset({"text", "tspan"})
#: A label's lines are this many font sizes apart (a label breaks where its words hold "\n").
LINE_HEIGHT = 1.2

Text = Callable[[str], str]
#: Where a drawing is shown: on the page, or on the printed handout.
Medium = Literal["page", "print"]
#: A drawing's print layout sits beside it: ``who-to-call.svg`` and ``who-to-call.print.svg``.
PRINT_SUFFIX = ".print.svg"


@dataclass(frozen=True)
class Drawing:
    """One picture's drawing with its labels filled in, ready to serialise.

    ``width`` and ``height`` are the drawing's own units (its ``viewBox``), so the page
    and the handout can keep its shape at any size.
    """

    root: ET.Element
    width: float
    height: float

    def markup(self) -> str:
        """The SVG as text (UTF-8, no XML declaration), for a page or a PDF library."""
        return ET.tostring(self.root, encoding="unicode")


def pictures_dir(root: Path | None = None) -> Path:
    """Where the drawings live: ``<content root>/pictures``, shared by every locale."""
    return (root or content_root()) / "pictures"


def drawing(
    picture: Picture, root: Path | None = None, text: Text | None = None, medium: Medium = "page"
) -> Drawing:
    """``picture``'s SVG with each ``{label-id}`` replaced by its label.

    ``text`` turns each label into what the target can show (the handout passes a
    Latin-1 converter); labels are escaped when the SVG is serialised, so a ``<`` or
    ``&`` in a label stays a character. ``medium="print"`` takes the drawing's print
    layout when it has one (see :func:`drawing_files`). Raises :class:`ValueError` for
    a drawing that :func:`picture_problems` would refuse, so a broken file never
    reaches a learner.
    """
    files = drawing_files(picture, pictures_dir(root))
    path = files[-1] if medium == "print" else files[0]
    svg = ET.fromstring(path.read_text(encoding="utf-8"))
    unsafe = _unsafe(svg)
    if unsafe:
        raise ValueError(f"{path}: {unsafe[0]}")
    convert = text or (lambda words: words)
    _fill(svg, picture.labels, convert)
    _, _, width, height = _view_box(svg) or (0.0, 0.0, 0.0, 0.0)
    return Drawing(svg, width, height)


def drawing_files(picture: Picture, folder: Path) -> list[Path]:
    """The picture's drawing, then its print layout ``<name>.print.svg`` if there is one.

    A phone wants a tall drawing and a printed page a wide one: "who to call" stacks its
    two boxes on the page and sets them side by side on the handout. Both layouts have
    the same placeholders, so they say the same words; the checks hold both to that.
    """
    page = folder / picture.file
    printed = page.with_name(page.name.removesuffix(".svg") + PRINT_SUFFIX)
    return [page, printed] if printed.is_file() else [page]


# -- checks -------------------------------------------------------------------------


def picture_problems(
    pictures: Mapping[str, Picture] | Iterable[Picture],
    folder: Path,
    doc: YamlDocument | None = None,
    signs: Mapping[str, Sign] | None = None,
    level_labels: Mapping[str, str] | None = None,
) -> list[Problem]:
    """What is wrong between the drawings in ``folder`` and their words, as ``Problem`` s.

    ``pictures`` are in ``pictures.yaml`` order (a dict of them, as the loader keeps
    them, is fine); ``doc`` is that file, so problems with words point at its lines
    (without it, at line 1 of the reference locale's ``pictures.yaml``). Problems in a
    drawing point at the SVG file and its line. With ``signs`` (the whole sign table), a ``<text
    data-sign="id">`` inside ``<g data-urgency="level">`` must name a sign of that level,
    so the "who to call" drawing can never put a sign under the wrong number. With
    ``level_labels`` (each level's ``label`` in ``ui.yaml``, by level), a ``<text
    data-level="level">`` must show exactly that label, so the picture names the
    numbers in the same words as the red-flag box.
    """
    items = list(pictures.values() if isinstance(pictures, Mapping) else pictures)
    yaml_path = doc.path if doc is not None else folder.parent / REFERENCE_LOCALE / "pictures.yaml"
    found: list[Problem] = []

    def words(loc: tuple[str | int, ...], message: str) -> None:
        line = doc.line_of(loc) if doc is not None else 1
        found.append(Problem(yaml_path, line, ".".join(map(str, loc)), message))

    for index, picture in enumerate(items):
        if not (folder / picture.file).is_file():
            words(("pictures", index, "file"), f"no drawing {picture.file!r} in {folder.name}/")
            continue
        for path in drawing_files(picture, folder):
            found += _drawing_problems(path, picture, index, words, signs)
        if level_labels is not None:
            for label_id, level in _level_headings(folder / picture.file).items():
                shown = " ".join(picture.labels.get(label_id, "").split())
                wanted = level_labels.get(level)
                if wanted is not None and shown != " ".join(wanted.split()):
                    words(
                        ("pictures", index, "labels", label_id),
                        f"label {label_id!r} heads the {level!r} box, so it must say "
                        f"{wanted!r} (ui.yaml urgency.{level}.label), not {shown!r}",
                    )
    return found


def _drawing_problems(
    path: Path,
    picture: Picture,
    index: int,
    words: Callable[[tuple[str | int, ...], str], None],
    signs: Mapping[str, Sign] | None,
) -> list[Problem]:
    """One drawing file against its picture's words; problems with words go to ``words``."""
    found: list[Problem] = []
    source = path.read_text(encoding="utf-8")
    try:
        svg = ET.fromstring(source)
    except ET.ParseError as error:
        line = error.position[0] if error.position else 1
        return [Problem(path, line, "", f"the drawing is not well-formed XML: {error}")]

    def at(needle: str, message: str) -> None:
        found.append(Problem(path, _line_of(source, needle), "", message))

    for message, needle in _unsafe(svg, with_needles=True):
        at(needle, message)
    if _view_box(svg) is None:
        at("<svg", "the drawing has no viewBox, so it cannot scale to a small screen")

    used = _placeholders(svg)
    for label_id in sorted(set(used) - set(picture.labels)):
        words(
            ("pictures", index, "labels"),
            f"the drawing {path.name}:{_line_of(source, '{' + label_id + '}')} shows "
            f"{{{label_id}}}, but picture {picture.id!r} has no label {label_id!r}",
        )
    for label_id in sorted(set(picture.labels) - set(used)):
        words(
            ("pictures", index, "labels", label_id),
            f"label {label_id!r} is not used: the drawing {path.name} has no "
            f"{{{label_id}}} placeholder",
        )
    for label_id, message in _misfits(svg, picture.labels):
        words(("pictures", index, "labels", label_id), f"{message} in {path.name}")
    if signs is not None:
        for message, needle in _sign_groups(svg, signs):
            at(needle, message)
    return found


# -- inside a drawing ---------------------------------------------------------------


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _view_box(svg: ET.Element) -> tuple[float, float, float, float] | None:
    try:
        x, y, width, height = (float(v) for v in svg.get("viewBox", "").replace(",", " ").split())
    except ValueError:
        return None
    return (x, y, width, height) if width > 0 and height > 0 else None


def _placeholders(svg: ET.Element) -> list[str]:
    return [
        match.group(1)
        for element in svg.iter()
        if _local(element.tag) in TEXT_ELEMENTS
        for chunk in (element.text, *(child.tail for child in element))
        if chunk
        for match in PLACEHOLDER.finditer(chunk)
    ]


def _unsafe(svg: ET.Element, with_needles: bool = False) -> list:
    """Reasons the drawing may not be shown: anything external, scripted or worded.

    With ``with_needles``, each reason comes with a piece of the file to find its line by.
    """
    found: list[tuple[str, str]] = []
    if _local(svg.tag) != "svg" or not svg.tag.startswith(_SVG):
        found.append(("the file's outer element must be <svg> in the SVG namespace", "<"))
    for element in svg.iter():
        name = _local(element.tag)
        if name not in ALLOWED_ELEMENTS:
            allowed = ", ".join(sorted(ALLOWED_ELEMENTS))
            found.append((f"<{name}> is not allowed in a drawing (only {allowed})", f"<{name}"))
        for attribute, value in element.attrib.items():
            key = _local(attribute)
            if key.lower().startswith("on"):
                found.append((f"<{name}> has a script attribute {key!r}", key))
            elif key in ("href", "src"):
                found.append((f"<{name}> refers to something else ({key}={value!r})", key))
            elif re.search(r"url\(\s*[^#\s]|https?:|//|@import|javascript:", value, re.I):
                found.append((f"<{name}> {key}={value!r} reaches outside the drawing", value))
            elif PLACEHOLDER.search(value):
                found.append(
                    (f"<{name}> {key}={value!r}: placeholders belong in <text> only", value)
                )
        chunks = [element.text, *(child.tail for child in element)]
        for chunk in filter(None, chunks):
            words = PLACEHOLDER.sub("", chunk).strip()
            if words and name in TEXT_ELEMENTS:
                found.append(
                    (
                        f"<{name}> holds the words {words!r}: write {{label-id}} and put the "
                        "words in pictures.yaml",
                        words,
                    )
                )
            elif chunk.strip() and name not in TEXT_ELEMENTS:
                found.append((f"<{name}> holds text; only <text> may, as placeholders", chunk))
    return found if with_needles else [reason for reason, _ in found]


def _fill(svg: ET.Element, labels: Mapping[str, str], text: Text) -> None:
    """Replace placeholders with labels; a label with line breaks becomes ``<tspan>`` lines.

    A placeholder with no label is left as it is (the checks report it), so the gap
    shows instead of silently vanishing.
    """

    def words(chunk: str | None) -> str | None:
        if chunk is None:
            return None
        return PLACEHOLDER.sub(
            lambda m: text(labels[m.group(1)]) if m.group(1) in labels else m.group(0), chunk
        )

    parents = _parents(svg)
    for element in list(svg.iter()):
        if _local(element.tag) not in TEXT_ELEMENTS:
            continue
        element.text = words(element.text)
        for child in element:
            child.tail = words(child.tail)
        parent = parents.get(element)
        if _local(element.tag) != "text" or len(element) or not element.text or parent is None:
            continue
        lines = [line.strip() for line in element.text.split("\n")]
        # Each further line is a <text> of its own, a line lower: unlike <tspan x dy>,
        # that keeps text-anchor="end" and "middle" in browsers and in fpdf2 alike.
        element.text = lines[0]
        step = LINE_HEIGHT * _font_size(element, parents)
        y = float(element.get("y", "0"))
        at = list(parent).index(element)
        for number, line in enumerate(lines[1:], 1):
            copy = ET.Element(element.tag, dict(element.attrib))
            copy.set("y", f"{y + number * step:g}")
            copy.text = line
            parent.insert(at + number, copy)


def _parents(svg: ET.Element) -> dict[ET.Element, ET.Element]:
    return {child: parent for parent in svg.iter() for child in parent}


def _inherited(
    element: ET.Element, parents: Mapping[ET.Element, ET.Element], name: str
) -> str | None:
    """An attribute as SVG inherits it: from the element, else its nearest ancestor."""
    node: ET.Element | None = element
    while node is not None:
        if node.get(name) is not None:
            return node.get(name)
        node = parents.get(node)
    return None


def _font_size(element: ET.Element, parents: Mapping[ET.Element, ET.Element]) -> float:
    size = _inherited(element, parents, "font-size") or "16"
    try:
        return float(size.removesuffix("px"))
    except ValueError:
        return 16.0


def _misfits(svg: ET.Element, labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """Labels that do not fit: off the drawing's edges, wider than their ``<text>``'s
    ``data-width`` (units), or with more lines than its ``data-lines``.

    Widths are Helvetica's: browsers draw the labels in Helvetica or Arial (or Liberation
    Sans, made to the same widths), and the handout in Helvetica, so one measure serves
    both. A translation that runs longer is caught here, not on a learner's screen.
    """
    from fpdf.fonts import CORE_FONTS_CHARWIDTHS

    found = []
    parents = _parents(svg)
    box = _view_box(svg) or (0.0, 0.0, float("inf"), float("inf"))
    for element in svg.iter():
        if _local(element.tag) != "text":
            continue
        room, most = element.get("data-width"), element.get("data-lines")
        bold = (_inherited(element, parents, "font-weight") or "").lower() in ("bold", "700", "800")
        widths = CORE_FONTS_CHARWIDTHS["helveticaB" if bold else "helvetica"]
        size = _font_size(element, parents)
        anchor = _inherited(element, parents, "text-anchor") or "start"
        x, y = float(element.get("x", "0")), float(element.get("y", "0"))
        for label_id in PLACEHOLDER.findall(element.text or ""):
            lines = labels.get(label_id, "").split("\n")
            if most is not None and len(lines) > int(most):
                found.append(
                    (label_id, f"label {label_id!r} has {len(lines)} lines, but room for {most}")
                )
            bottom = y + (len(lines) - 1) * LINE_HEIGHT * size + 0.25 * size
            if bottom > box[1] + box[3]:
                found.append((label_id, f"label {label_id!r} runs off the bottom of the drawing"))
            for line in lines:
                width = sum(widths.get(char, 556) for char in line.strip()) * size / 1000
                left = {"start": x, "middle": x - width / 2, "end": x - width}.get(anchor, x)
                if room is not None and width > float(room):
                    message = f"is {width:.0f} units wide, but there is room for {float(room):.0f}"
                elif left < box[0] or left + width > box[0] + box[2]:
                    message = f"is {width:.0f} units wide and runs off the side of the drawing"
                else:
                    continue
                found.append(
                    (label_id, f"a line of label {label_id!r} {message}: shorten it or break it")
                )
                break
    return found


def _level_headings(path: Path) -> dict[str, str]:
    """``{label-id: level}`` for each ``<text data-level>`` heading in a drawing file."""
    try:
        svg = ET.fromstring(path.read_text(encoding="utf-8"))
    except (OSError, ET.ParseError):
        return {}
    return {
        label_id: element.get("data-level", "")
        for element in svg.iter()
        if element.get("data-level")
        for label_id in PLACEHOLDER.findall(element.text or "")
    }


def _sign_groups(svg: ET.Element, signs: Mapping[str, Sign]) -> list[tuple[str, str]]:
    """Signs named in the drawing (``data-sign``) sit under their own level (``data-urgency``)."""
    found: list[tuple[str, str]] = []
    parents = _parents(svg)
    for element in svg.iter():
        sign_id = element.get("data-sign")
        if sign_id is None:
            continue
        needle = f'data-sign="{sign_id}"'
        level = _inherited(element, parents, "data-urgency")
        sign = signs.get(sign_id)
        if sign is None:
            found.append((f"data-sign={sign_id!r} is not a sign in the sign table", needle))
        elif level is None:
            found.append((f"sign {sign_id!r} is not inside a <g data-urgency=...> group", needle))
        elif level not in {u.value for u in Urgency}:
            found.append((f"data-urgency={level!r} is not an action level", needle))
        elif sign.urgency.value != level:
            found.append(
                (
                    f"sign {sign_id!r} is drawn under {level!r}, but the sign table gives it "
                    f"{sign.urgency.value!r}",
                    needle,
                )
            )
    return found


def _line_of(source: str, needle: str) -> int:
    """The 1-based line of the first line holding ``needle`` (1 when none does)."""
    needle = needle.strip().splitlines()[0] if needle.strip() else needle
    for number, line in enumerate(source.splitlines(), 1):
        if needle and needle in line:
            return number
    return 1
