"""Teaching pictures on the printed handout: the same drawings and words as the page.

A learner who takes the sheet home should see the picture the nurse pointed at. So
the handout draws the lesson's own SVG files (``content/pictures/``) with fpdf2's SVG
support, after the labels from ``pictures.yaml`` are filled in, and prints the
caption under each. A drawing may have a print layout beside it (``<name>.print.svg``,
the same placeholders laid out for a wide page); the handout takes it when it exists.
The drawings are made for paper: shapes, ``currentColor`` and greys (no CSS is
applied in a PDF), so they print clearly on a black-and-white home printer; the
page's colours come from CSS only.

:func:`min_width_mm` says how narrow a picture may be set before its labels would
print below 13 pt, the handout's smallest type.

Like every handout word, labels and captions must fit the PDF core fonts' Latin-1:
typographic characters are mapped, anything else is an :class:`UnprintableTextError`
naming the picture and field, never a silently missing letter.

A picture is never split across pages. The layout decides where pictures go and how
wide they are; :func:`picture_height` measures one without drawing it, so a layout
can keep it together with what belongs next to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from ..content import Lesson
from ..content.drawings import drawing
from ..content.model import Picture
from ..content.plain_text import paragraphs
from .text import UnprintableTextError, to_latin1

#: Caption type: italic, and never below the handout's smallest body size.
CAPTION_PT = 13.0
CAPTION_LEADING = 1.3
#: The smallest size a label may print at (points), as for all handout text.
MIN_LABEL_PT = 13.0
#: Space between a drawing and its caption, and after the caption (mm).
GAP = 2.0
PT = 25.4 / 72  # mm per point
FONT = "Helvetica"


def draw_pictures(
    pdf: FPDF,
    lesson: Lesson,
    width_mm: float,
    *,
    pictures: Sequence[Picture] | None = None,
    root: Path | None = None,
    caption_pt: float = CAPTION_PT,
) -> float:
    """Draw ``lesson``'s pictures (or the given ones) one under another; return the height used.

    Each starts at the left margin and the current ``y``, is ``width_mm`` wide with its
    own shape kept, and has its caption under it; ``y`` ends below the last caption.
    A picture that does not fit on the rest of the page starts a new page first.
    """
    used = 0.0
    for picture in lesson.pictures if pictures is None else pictures:
        used += draw_picture(pdf, lesson, picture, width_mm, root=root, caption_pt=caption_pt)
    return used


def draw_picture(
    pdf: FPDF,
    lesson: Lesson,
    picture: Picture,
    width_mm: float,
    *,
    root: Path | None = None,
    caption_pt: float = CAPTION_PT,
) -> float:
    """Draw one picture and its caption at the current ``y``; return the height used (mm)."""
    svg, ratio = _svg(lesson, picture, root)
    caption = _caption(lesson, picture)
    height = picture_height(pdf, lesson, picture, width_mm, root=root, caption_pt=caption_pt)
    if pdf.y + height > pdf.page_break_trigger and pdf.y > pdf.t_margin + 0.01:
        pdf.add_page()
    top = pdf.y
    x = pdf.l_margin
    pdf.image(BytesIO(svg), x=x, y=top, w=width_mm, h=width_mm * ratio)
    pdf.set_xy(x, top + width_mm * ratio + GAP)
    pdf.set_font(FONT, style="I", size=caption_pt)
    for paragraph in caption:
        pdf.set_x(x)
        pdf.multi_cell(
            width_mm,
            caption_pt * CAPTION_LEADING * PT,
            paragraph,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
            align=Align.L,
        )
    pdf.set_y(pdf.y + GAP)
    return pdf.y - top


def picture_height(
    pdf: FPDF,
    lesson: Lesson,
    picture: Picture,
    width_mm: float,
    *,
    root: Path | None = None,
    caption_pt: float = CAPTION_PT,
) -> float:
    """How tall :func:`draw_picture` would be at ``width_mm``, without drawing anything.

    Sets the caption font on ``pdf`` (to measure with it); a caller sets its own after.
    """
    _, ratio = _svg(lesson, picture, root)
    pdf.set_font(FONT, style="I", size=caption_pt)
    line = caption_pt * CAPTION_LEADING * PT
    lines = sum(
        len(pdf.multi_cell(width_mm, line, text, dry_run=True, output="LINES"))
        for text in _caption(lesson, picture)
    )
    return width_mm * ratio + GAP + lines * line + GAP


def min_width_mm(picture: Picture, root: Path | None = None, min_pt: float = MIN_LABEL_PT) -> float:
    """The narrowest width at which ``picture``'s smallest label prints at ``min_pt`` or more.

    A drawing's labels scale with it, and the handout's type is never below 13 pt, so
    a layout that sets a picture narrower than this should give it a wider column.
    """
    filled = drawing(picture, root, medium="print")
    sizes = [
        float(size.removesuffix("px"))
        for element in filled.root.iter()
        if (size := element.get("font-size")) is not None
    ]
    return min_pt * PT * filled.width / min(sizes or [16.0])


def _svg(lesson: Lesson, picture: Picture, root: Path | None) -> tuple[bytes, float]:
    """The drawing with Latin-1 labels, as bytes fpdf2 reads, and its height per width."""

    def latin1(label_id: str, text: str) -> str:
        printable, bad = to_latin1(text)
        if bad is not None:
            raise UnprintableTextError(lesson.id, "pictures", (picture.id, "labels", label_id), bad)
        return printable

    labels = {key: latin1(key, text) for key, text in picture.labels.items()}
    filled = drawing(picture.model_copy(update={"labels": labels}), root, medium="print")
    if filled.width <= 0:
        raise ValueError(f"{picture.file}: the drawing has no viewBox, so it has no size")
    return filled.markup().encode("utf-8"), filled.height / filled.width


def _caption(lesson: Lesson, picture: Picture) -> list[str]:
    printable, bad = to_latin1(picture.caption)
    if bad is not None:
        raise UnprintableTextError(lesson.id, "pictures", (picture.id, "caption"), bad)
    return paragraphs(printable)
