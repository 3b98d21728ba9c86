"""Teaching pictures: drawings match their words (``metsedu.content.drawings``), and the
page shows them accessibly (``metsedu.lesson.pictures``).

The real drawings and ``content/en/pictures.yaml`` are read directly (not through the
whole lesson loader), so these tests say what is wrong with a picture even while a
lesson elsewhere does not load. Broken drawings are written to a temporary folder,
one per rule, named by what is wrong.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from metsedu.content import drawings
from metsedu.content.drawings import SVG_NS, drawing, drawing_files, picture_problems
from metsedu.content.model import Lesson, Picture, PicturePlace, PictureTable, SignTable
from metsedu.content.readability import LESSON_GRADE_LIMIT, RED_FLAG_GRADE_LIMIT, measure
from metsedu.lesson.pictures import figure, figures
from tests.conftest import REPO

CONTENT = REPO / "content"
FOLDER = CONTENT / "pictures"
TABLE = PictureTable.model_validate(
    yaml.safe_load((CONTENT / "en" / "pictures.yaml").read_text(encoding="utf-8"))
)
PICTURES = TABLE.pictures
ids = [picture.id for picture in PICTURES]
SITE_LESSONS = ("bones", "lungs", "liver", "brain")
ALL_LESSONS = ("overview", *SITE_LESSONS, "next-steps")
S = f"{{{SVG_NS}}}"


def real_signs() -> dict:
    """The whole sign table, straight from ``content/en/signs/*.yaml``."""
    signs = {}
    for path in sorted((CONTENT / "en" / "signs").glob("*.yaml")):
        table = SignTable.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        signs.update({sign.id: sign for sign in table.signs})
    return signs


def real_level_labels() -> dict[str, str]:
    """Each action level's label in ``content/en/ui.yaml``."""
    ui = yaml.safe_load((CONTENT / "en" / "ui.yaml").read_text(encoding="utf-8"))
    return {level: words["label"] for level, words in ui["urgency"].items()}


def lesson_with(*shown: Picture, lesson_id: str = "bones") -> Lesson:
    """A lesson that holds only what :func:`figures` reads: its id and its pictures."""
    return Lesson.model_construct(id=lesson_id, pictures=list(shown))


def shown_at(picture: Picture) -> PicturePlace:
    return picture.shown_in[0]


def parse(html: str) -> ET.Element:
    """The figure HTML as XML: it must be well-formed to parse at all."""
    return ET.fromstring(html)


def a_picture(folder: Path, svg: str, **fields) -> Picture:
    """A picture whose drawing is ``svg`` (inside an <svg> with a viewBox), in ``folder``."""
    (folder / "test.svg").write_text(
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 400 200" font-size="20">{svg}</svg>',
        encoding="utf-8",
    )
    values = {
        "id": "test",
        "file": "test.svg",
        "alt": "What it teaches",
        "caption": "A caption",
        "labels": {"a": "Label A"},
        "shown_in": [{"lesson": "bones", "after": "about"}],
        **fields,
    }
    return Picture.model_validate(values)


# -- the real pictures --------------------------------------------------------------


@pytest.mark.parametrize("picture", PICTURES, ids=ids)
def test_every_picture_file_exists(picture):
    assert (FOLDER / picture.file).is_file()


def test_real_drawings_and_words_have_no_problems():
    """Placeholders and labels match both ways, nothing external, every label fits,
    and every sign in "who to call" sits under the level the sign table gives it."""
    problems = picture_problems(
        PICTURES, FOLDER, signs=real_signs(), level_labels=real_level_labels()
    )
    assert not problems, "\n".join(map(str, problems))


def test_every_drawing_in_the_folder_is_used():
    used = {path.name for picture in PICTURES for path in drawing_files(picture, FOLDER)}
    assert {path.name for path in FOLDER.glob("*.svg")} == used


def test_each_site_lesson_has_a_picture_and_every_red_flag_box_the_action_picture():
    places = {(place.lesson, place.after) for p in PICTURES for place in p.shown_in}
    for lesson_id in SITE_LESSONS:
        assert any(lesson == lesson_id and after != "red-flags" for lesson, after in places)
    who = next(p for p in PICTURES if p.id == "who-to-call")
    assert {(place.lesson, place.after) for place in who.shown_in} == {
        (lesson_id, "red-flags") for lesson_id in ALL_LESSONS
    }


@pytest.mark.parametrize(
    "place",
    [place for picture in PICTURES for place in picture.shown_in],
    ids=lambda place: f"{place.lesson}-{place.after}",
)
def test_each_picture_follows_a_section_that_exists_today(place):
    """Other authors rename sections: a picture after a missing one would vanish quietly."""
    data = yaml.safe_load((CONTENT / "en" / f"{place.lesson}.yaml").read_text(encoding="utf-8"))
    sections = {section["id"] for section in data["sections"]}
    assert place.after == "red-flags" or place.after in sections, sorted(sections)


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


@pytest.mark.parametrize("picture", PICTURES, ids=ids)
def test_drawings_scale_to_a_small_screen(picture):
    """A viewBox and no fixed size: the page sets width 100% (and CSS a max-width)."""
    svg = ET.fromstring((FOLDER / picture.file).read_text(encoding="utf-8"))
    assert len(svg.get("viewBox", "").split()) == 4
    assert svg.get("width") is None and svg.get("height") is None
    # Labels are at least 20 units in a 440-unit-wide drawing: 14.5 px or more at 320 px.
    width = float(svg.get("viewBox").split()[2])
    sizes = [float(e.get("font-size")) for e in svg.iter() if e.get("font-size")]
    assert min(sizes) * 320 / width >= 14.5


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


@pytest.mark.parametrize("picture", PICTURES, ids=ids)
def test_words_are_plain(picture):
    """Grade 7 or lower like the lessons; grade 6 or lower in the red-flag box."""
    in_red_box = any(place.after == "red-flags" for place in picture.shown_in)
    limit = RED_FLAG_GRADE_LIMIT if in_red_box else LESSON_GRADE_LIMIT
    for words in (picture.alt, picture.caption, ". ".join(picture.labels.values())):
        reading = measure([words.replace("\n", " ")])
        assert reading.grade <= limit, (reading.grade, reading.hardest)


def test_every_sign_in_the_action_picture_is_urgent():
    signs = real_signs()
    svg = ET.fromstring((FOLDER / "who-to-call.svg").read_text(encoding="utf-8"))
    named = [e.get("data-sign") for e in svg.iter() if e.get("data-sign")]
    assert named
    assert all(signs[sign_id].urgency.urgent for sign_id in named)


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


# -- picture_problems: one broken drawing per rule ----------------------------------


def problems_of(folder: Path, svg: str, **fields) -> list[str]:
    picture = a_picture(folder, svg, **fields)
    return [str(problem) for problem in picture_problems([picture], folder)]


def test_placeholder_without_a_label_names_the_drawing_line_and_the_labels_field(root):
    found = problems_of(
        root / "pictures", '<text x="1" y="20">{a}</text>\n<text x="1" y="40">{b}</text>'
    )
    assert len(found) == 1
    assert "pictures.0.labels:" in found[0]
    assert "test.svg:2" in found[0] and "{b}" in found[0] and "no label 'b'" in found[0]


def test_label_without_a_placeholder_names_the_label_field(root):
    found = problems_of(
        root / "pictures", '<text x="1" y="20">{a}</text>', labels={"a": "A", "extra": "Unused"}
    )
    assert len(found) == 1
    assert "pictures.0.labels.extra:" in found[0] and "not used" in found[0]


@pytest.mark.parametrize(
    ("svg", "words"),
    [
        ('<script>alert(1)</script><text x="1" y="20">{a}</text>', "<script> is not allowed"),
        (
            '<image href="https://example.org/x.png"/><text x="1" y="20">{a}</text>',
            "<image> is not allowed",
        ),
        (
            '<foreignObject><p>hi</p></foreignObject><text x="1" y="20">{a}</text>',
            "<foreignObject> is not allowed",
        ),
        ('<rect fill="url(https://x.org/p)"/><text x="1" y="20">{a}</text>', "reaches outside"),
        ('<rect onclick="go()"/><text x="1" y="20">{a}</text>', "script attribute"),
        ('<text x="1" y="20">Words {a}</text>', "put the words in pictures.yaml"),
        ('<text x="1" y="20" data-x="{a}">{a}</text>', "placeholders belong in <text> only"),
    ],
    ids=[
        "script",
        "image-from-the-web",
        "foreign-object",
        "url-outside",
        "event-handler",
        "words-in-the-drawing",
        "placeholder-in-an-attribute",
    ],
)
def test_a_drawing_that_reaches_out_runs_or_holds_words_is_refused(root, svg, words):
    found = problems_of(root / "pictures", svg)
    assert any(words in problem and "test.svg:1" in problem for problem in found), found


def test_a_drawing_without_a_viewbox_is_refused(root):
    folder = root / "pictures"
    picture = a_picture(folder, "")
    (folder / "test.svg").write_text(
        f'<svg xmlns="{SVG_NS}" width="400"><text x="1" y="20">{{a}}</text></svg>'
    )
    found = [str(p) for p in picture_problems([picture], folder)]
    assert any("no viewBox" in problem for problem in found), found


def test_a_label_too_long_for_its_room_is_named(root):
    found = problems_of(
        root / "pictures",
        '<text x="1" y="20" data-width="100">{a}</text>',
        labels={"a": "Short\nThis line is far too long for a hundred units"},
    )
    assert len(found) == 1
    assert "pictures.0.labels.a:" in found[0] and "room for 100" in found[0]


@pytest.mark.parametrize(
    ("svg", "words"),
    [
        ('<text x="390" y="20">{a}</text>', "runs off the side"),
        ('<text x="10" y="20" text-anchor="end">{a}</text>', "runs off the side"),
        ('<text x="10" y="190">{a}</text>', "runs off the bottom"),
    ],
    ids=["past-the-right-edge", "past-the-left-edge", "past-the-bottom"],
)
def test_a_label_that_runs_off_the_drawing_is_named(root, svg, words):
    found = problems_of(root / "pictures", svg, labels={"a": "Long enough\nto run off"})
    assert len(found) == 1 and words in found[0] and "pictures.0.labels.a:" in found[0], found


def test_a_label_with_more_lines_than_the_drawing_has_room_for_is_named(root):
    found = problems_of(
        root / "pictures",
        '<text x="1" y="20" data-lines="2">{a}</text>',
        labels={"a": "One\nTwo\nThree"},
    )
    assert len(found) == 1
    assert "pictures.0.labels.a:" in found[0] and "3 lines, but room for 2" in found[0]


def test_a_print_layout_is_checked_too_and_used_for_print_only(root):
    folder = root / "pictures"
    picture = a_picture(folder, '<text x="1" y="20">{a}</text>')
    (folder / "test.print.svg").write_text(
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 800 100"><text x="1" y="20">{{a}} {{b}}</text></svg>'
    )
    assert drawing_files(picture, folder) == [folder / "test.svg", folder / "test.print.svg"]
    found = [str(p) for p in picture_problems([picture], folder)]
    assert len(found) == 1 and "test.print.svg:1 shows {b}" in found[0], found
    assert drawing(picture, root).width == 400
    assert drawing(picture, root, medium="print").width == 800


def test_a_missing_drawing_names_the_file_field(root):
    picture = a_picture(root / "pictures", '<text x="1" y="20">{a}</text>', file="gone.svg")
    found = [str(p) for p in picture_problems({"test": picture}, root / "pictures")]
    assert len(found) == 1 and "pictures.0.file:" in found[0] and "gone.svg" in found[0]


def test_a_sign_under_the_wrong_number_is_refused(root):
    signs = real_signs()
    svg = (
        '<g data-urgency="emergency"><text x="1" y="20" data-sign="cord-nerve">{a}</text></g>'
        '<text x="1" y="40" data-sign="no-such-sign">{b}</text>'
    )
    picture = a_picture(root / "pictures", svg, labels={"a": "A", "b": "B"})
    found = [str(p) for p in picture_problems([picture], root / "pictures", signs=signs)]
    assert any("'cord-nerve' is drawn under 'emergency'" in p and "line_now" in p for p in found)
    assert any("'no-such-sign' is not a sign" in p for p in found)
    assert all("test.svg:1" in p for p in found)


def test_a_box_heading_that_differs_from_its_level_label_is_refused(root):
    picture = a_picture(
        root / "pictures",
        '<text x="1" y="20" data-level="emergency">{a}</text>',
        labels={"a": "Get help now"},
    )
    found = [
        str(p)
        for p in picture_problems(
            [picture], root / "pictures", level_labels={"emergency": "Call 911 now"}
        )
    ]
    assert len(found) == 1
    assert "pictures.0.labels.a:" in found[0] and "must say 'Call 911 now'" in found[0]


def test_problems_point_at_pictures_yaml_lines_when_given_the_document():
    from metsedu.content._yaml import read_yaml

    doc, errors = read_yaml(CONTENT / "en" / "pictures.yaml")
    assert doc is not None and not errors
    broken = PICTURES[0].model_copy(update={"labels": {**PICTURES[0].labels, "unused": "X"}})
    found = picture_problems([broken, *PICTURES[1:]], FOLDER, doc=doc)
    assert len(found) == 1
    assert found[0].path == doc.path
    assert found[0].line == doc.line_of(("pictures", 0, "labels"))
