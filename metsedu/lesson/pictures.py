"""Teaching pictures on a lesson page: each drawing inline, as an accessible figure.

The page shows each picture inline (no file to fetch, nothing from outside) as a
``<figure>``: the drawing is one image (``role="img"``) named by its text
alternative, which says what the picture *teaches*, and a visible caption follows.
Colours come from ``static/pictures.css`` through classes. The drawings themselves, and
the checks that hold them to their words, are :mod:`metsedu.content.drawings`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path

from ..content import Lesson
from ..content.drawings import drawing
from ..content.model import Picture


def figures(lesson: Lesson, after: str, root: Path | None = None) -> str:
    """The pictures of ``lesson`` placed ``after`` a section id (or ``"red-flags"``), as HTML.

    Each is a ``<figure>`` holding the inline drawing and a visible caption. The
    drawing is one image to assistive technology: ``role="img"`` and a name from the
    picture's ``alt`` (what it teaches), kept in a hidden element the SVG points to
    with ``aria-labelledby``, so a screen reader hears it once, as the image's name.
    Ids start with the lesson's and the picture's, so two figures never clash.
    """
    return "".join(
        figure(lesson, picture, root)
        for picture in lesson.pictures
        if any(place.lesson == lesson.id and place.after == after for place in picture.shown_in)
    )


def figure(lesson: Lesson, picture: Picture, root: Path | None = None) -> str:
    """One picture as an accessible ``<figure>`` (see :func:`figures`)."""
    base = f"{lesson.id}-picture-{picture.id}"
    svg = drawing(picture, root).root
    for name in ("width", "height"):
        svg.attrib.pop(name, None)
    svg.set("width", "100%")
    svg.set("class", " ".join(filter(None, ["metsedu-picture-svg", svg.get("class")])))
    svg.set("role", "img")
    svg.set("aria-labelledby", f"{base}-alt")
    svg.set("focusable", "false")
    return (
        f'<figure class="metsedu-figure" id="{escape(base)}"'
        f' data-metsedu-picture="{escape(picture.id)}">'
        f'<span class="metsedu-visually-hidden" id="{escape(base)}-alt" hidden="">'
        f"{escape(picture.alt)}</span>"
        f"{ET.tostring(svg, encoding='unicode')}"
        f"<figcaption>{escape(picture.caption)}</figcaption></figure>"
    )
