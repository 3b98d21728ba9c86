"""Teaching pictures on the page (``metsedu.lesson.pictures``): each is an accessible
figure, an image named by its text alternative with a visible caption, holding every label
and nothing that runs or reaches out, shown where ``pictures.yaml`` places it.

Whether the drawings match their words is a content rule, tested in
``tests/content/test_drawings.py``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from metsedu.content import drawings
from metsedu.content.drawings import SVG_NS
from metsedu.content.model import Lesson, Picture, PicturePlace
from metsedu.lesson.pictures import figure, figures
from tests.conftest import REPO
from tests.helpers import PICTURES_FOLDER as FOLDER
from tests.helpers import a_picture, real_pictures

CONTENT = REPO / "content"
PICTURES = real_pictures()
ids = [picture.id for picture in PICTURES]
S = f"{{{SVG_NS}}}"


def lesson_with(*shown: Picture, lesson_id: str = "bones") -> Lesson:
    """A lesson that holds only what :func:`figures` reads: its id and its pictures."""
    return Lesson.model_construct(id=lesson_id, pictures=list(shown))


def shown_at(picture: Picture) -> PicturePlace:
    return picture.shown_in[0]


def parse(html: str) -> ET.Element:
    """The figure HTML as XML: it must be well-formed to parse at all."""
    return ET.fromstring(html)


# -- the real pictures --------------------------------------------------------------


@pytest.mark.parametrize("picture", PICTURES, ids=ids)
def test_figure_is_valid_xml_an_image_with_its_alt_as_name_and_a_visible_caption(picture):
    place = shown_at(picture)
    html = figures(lesson_with(picture, lesson_id=place.lesson), after=place.after)
    root = parse(html)
    assert root.tag == "figure"
    svg = root.find(f"{S}svg")
    assert svg is not None
    assert svg.get("role") == "img"
    name_id = svg.get("aria-labelledby")
    named = [e for e in root.iter() if e.get("id") == name_id]
    assert len(named) == 1
    assert named[0].text == picture.alt
    assert named[0].get("hidden") is not None  # read as the image's name, not twice
    caption = root.find("figcaption")
    assert caption is not None
    assert caption.text == picture.caption
    assert svg.get("width") == "100%"
    assert svg.get("height") is None


@pytest.mark.parametrize("picture", PICTURES, ids=ids)
def test_every_label_is_shown_and_no_placeholder_is_left(picture):
    place = shown_at(picture)
    root = parse(figures(lesson_with(picture, lesson_id=place.lesson), after=place.after))
    shown = [e.text or "" for e in root.iter() if e.tag in (f"{S}text", f"{S}tspan")]
    text = "\n".join(shown)
    assert not drawings.PLACEHOLDER.search(text)
    for label in picture.labels.values():
        for line in label.split("\n"):
            assert line.strip() in shown, line


@pytest.mark.parametrize("picture", PICTURES, ids=ids)
def test_nothing_external_and_nothing_that_runs(picture):
    place = shown_at(picture)
    html = figures(lesson_with(picture, lesson_id=place.lesson), after=place.after)
    assert "http" not in html.replace(f'xmlns="{SVG_NS}"', "")
    root = parse(html)
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1]
        assert local not in {"script", "image", "foreignObject", "use", "style", "a", "iframe"}
        for attribute, value in element.attrib.items():
            name = attribute.rsplit("}", 1)[-1]
            assert not name.startswith("on"), (local, name)
            assert name not in ("href", "src"), (local, name)
            assert "url(" not in value


def test_high_contrast_rules_cover_every_fixed_colour():
    """A fill or stroke that is not currentColor must belong to a class that the
    high-contrast rules repaint, or it would stay dark on the black background."""
    css = (REPO / "metsedu" / "lesson" / "static" / "pictures.css").read_text(encoding="utf-8")
    high_contrast = " ".join(
        rule for rule in re.findall(r"[^{}]*\{[^}]*\}", css) if "metsedu-high-contrast" in rule
    )
    repainted = set(re.findall(r"\.(pic-[a-z-]+)", high_contrast))
    for picture in PICTURES:
        svg = ET.fromstring((FOLDER / picture.file).read_text(encoding="utf-8"))
        parents = {child: parent for parent in svg.iter() for child in parent}
        for element in svg.iter():
            for paint in ("fill", "stroke"):
                value = element.get(paint)
                if value in (None, "none", "currentColor"):
                    continue
                classes, node = set(), element
                while node is not None:
                    classes |= set((node.get("class") or "").split())
                    node = parents.get(node)
                assert classes & repainted, f"{picture.file}: {element.tag} {paint}={value}"


def test_the_loaded_lessons_show_each_picture_where_pictures_yaml_says():
    from metsedu.content import load_lessons

    for lesson in load_lessons(root=CONTENT):
        wanted = {
            (picture.id, place.after)
            for picture in PICTURES
            for place in picture.shown_in
            if place.lesson == lesson.id
        }
        shown = {
            (picture_id, after)
            for after in {after for _, after in wanted}
            for picture_id in re.findall(
                r'data-metsedu-picture="([^"]+)"', figures(lesson, after, root=CONTENT)
            )
        }
        assert shown == wanted, lesson.id


# -- rendering ---------------------------------------------------------------------


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A content root whose pictures/ folder is ``tmp_path / 'pictures'``."""
    (tmp_path / "pictures").mkdir()
    return tmp_path


def test_figures_only_for_the_place_asked(root):
    picture = a_picture(root / "pictures", '<text x="1" y="20">{a}</text>')
    lesson = lesson_with(picture)
    assert figures(lesson, after="about", root=root).startswith("<figure")
    assert figures(lesson, after="red-flags", root=root) == ""
    other = lesson_with(picture, lesson_id="lungs")
    assert figures(other, after="about", root=root) == ""


def test_labels_alt_and_caption_are_escaped(root):
    picture = a_picture(
        root / "pictures",
        '<text x="1" y="20">{a}</text>',
        labels={"a": "<b>Bold</b> & more"},
        alt="Alt with <script>alert(1)</script>",
        caption="Caption & <i>more</i>",
    )
    html = figure(lesson_with(picture), picture, root)
    assert "<b>" not in html and "<script>" not in html and "<i>" not in html
    parsed = parse(html)
    assert [e.text for e in parsed.iter(f"{S}text")] == ["<b>Bold</b> & more"]
    assert parsed.find("figcaption").text == "Caption & <i>more</i>"


def test_a_label_with_line_breaks_becomes_one_text_per_line_keeping_its_anchor(root):
    picture = a_picture(
        root / "pictures",
        '<text x="390" y="40" text-anchor="end">{a}</text>',
        labels={"a": "First line\nsecond line"},
    )
    texts = list(parse(figure(lesson_with(picture), picture, root)).iter(f"{S}text"))
    assert [t.text for t in texts] == ["First line", "second line"]
    assert [t.get("text-anchor") for t in texts] == ["end", "end"]
    assert [float(t.get("y")) for t in texts] == [40, 40 + 1.2 * 20]


def test_ids_are_unique_per_lesson_and_picture(root):
    picture = a_picture(root / "pictures", '<text x="1" y="20">{a}</text>')
    one = figure(lesson_with(picture), picture, root)
    two = figure(lesson_with(picture, lesson_id="lungs"), picture, root)
    ids_one = set(re.findall(r'id="([^"]+)"', one))
    ids_two = set(re.findall(r'id="([^"]+)"', two))
    assert ids_one and not ids_one & ids_two


def test_a_drawing_with_a_script_is_never_shown(root):
    picture = a_picture(root / "pictures", '<script>alert(1)</script><text x="1" y="2">{a}</text>')
    with pytest.raises(ValueError, match="script"):
        figure(lesson_with(picture), picture, root)
