"""Teaching pictures as content (``metsedu.content.drawings``): each drawing matches its
words, fits its room, reaches nothing outside, and names its signs at their one level.

The real drawings and ``content/en/pictures.yaml`` are read directly (not through the
whole lesson loader), so these tests say what is wrong with a picture even while a
lesson elsewhere does not load. Broken drawings are written to a temporary folder,
one per rule, named by what is wrong. How the page shows a picture is tested in
``tests/lesson/test_pictures.py``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from metsedu.content.drawings import SVG_NS, drawing, drawing_files, picture_problems
from metsedu.content.model import SignTable
from metsedu.content.readability import LESSON_GRADE_LIMIT, RED_FLAG_GRADE_LIMIT, measure
from tests.conftest import REPO
from tests.helpers import PICTURES_FOLDER as FOLDER
from tests.helpers import a_picture, real_pictures

CONTENT = REPO / "content"
PICTURES = real_pictures()
ids = [picture.id for picture in PICTURES]
SITE_LESSONS = ("bones", "lungs", "liver", "brain")
ALL_LESSONS = ("overview", *SITE_LESSONS, "next-steps")


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


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A content root whose pictures/ folder is ``tmp_path / 'pictures'``."""
    (tmp_path / "pictures").mkdir()
    return tmp_path


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
def test_drawings_scale_to_a_small_screen(picture):
    """A viewBox and no fixed size: the page sets width 100% (and CSS a max-width)."""
    svg = ET.fromstring((FOLDER / picture.file).read_text(encoding="utf-8"))
    assert len(svg.get("viewBox", "").split()) == 4
    assert svg.get("width") is None and svg.get("height") is None
    # Labels are at least 20 units in a 440-unit-wide drawing: 14.5 px or more at 320 px.
    width = float(svg.get("viewBox").split()[2])
    sizes = [float(e.get("font-size")) for e in svg.iter() if e.get("font-size")]
    assert min(sizes) * 320 / width >= 14.5


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
