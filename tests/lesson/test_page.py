"""Lesson parts render as escaped, semantic HTML, and bad content fails calmly."""

from __future__ import annotations

import pytest

import metsedu
from metsedu.content import load_lessons
from metsedu.lesson.lesson_page import PARTS
from metsedu.names import CONTENT_ENV
from metsedu.widgets import Quiz
from tests.conftest import REPO, VALID


@pytest.fixture
def fixture_content(monkeypatch):
    monkeypatch.setenv(CONTENT_ENV, str(VALID))


def test_every_part_of_every_real_lesson_renders():
    lessons = load_lessons(root=REPO / "content")
    assert lessons, "no lessons in content/en"
    for lesson in lessons:
        page = metsedu.page(lesson.id)
        assert page.ok
        for part in PARTS:
            output = getattr(page, part)()
            if part == "quiz":
                assert isinstance(output, Quiz), lesson.id
                continue
            assert output.data and 'class="metsedu-failed"' not in output.data, (lesson.id, part)


def test_header_shows_title_disclaimer_and_review(fixture_content):
    html = metsedu.page("bones").header().data
    assert "<h1>Bones</h1>" in html
    assert "It does not replace your care team." in html
    assert "Draft: a nurse has not checked this lesson yet. Written on 2026-11-24." in html
    assert "Checked" not in html  # a draft never shows a "checked" date
    assert "<style>" in html


def test_red_flags_have_words_whom_to_call_and_a_shape_not_colour_alone(fixture_content):
    html = metsedu.page("bones").red_flags().data
    assert 'aria-labelledby="bones-red-flags"' in html
    # The heading carries no level shape: the box holds two different actions.
    assert '<h2 id="bones-red-flags">Get help now</h2>' in html
    # The fixture's one urgent sign is a 24-hour-line sign: its group says so, and whom to call.
    assert "Call your 24-hour cancer line now</h3>" in html
    assert "day or night" in html
    assert 'data-metsedu-sign="cord" data-metsedu-level="line_now"' in html
    assert '<polygon points="10,1 19.5,18.5 0.5,18.5"/>' in html  # the triangle of that level
    assert 'aria-hidden="true"' in html
    assert "Call 911 now" not in html  # no emergency sign in this box


def test_symptoms_grouped_by_level_with_labels(fixture_content):
    html = metsedu.page("bones").symptoms().data
    assert "Call your team today</h3>" in html
    assert 'data-metsedu-group="call_today"' in html
    assert "If the clinic is closed, call the 24-hour line." in html
    assert "Get help now" not in html


def _bones_saying(tmp_path, monkeypatch, old: str, new: str) -> None:
    """Serve a copy of the fixture content whose bones lesson has ``old`` replaced by ``new``."""
    import shutil

    root = tmp_path / "content"
    shutil.copytree(VALID, root)
    bones = root / "en" / "bones.yaml"
    bones.write_text(bones.read_text().replace(old, new))
    monkeypatch.setenv(CONTENT_ENV, str(root))


def test_a_sign_named_in_prose_shows_its_level(tmp_path, monkeypatch):
    _bones_saying(
        tmp_path,
        monkeypatch,
        "      You may have a new pain in your back.\n",
        "      You may have a new pain in your back.\n\n      - {sign:cord}\n",
    )
    html = metsedu.page("bones").sections("notice").data
    assert '<span class="metsedu-sign metsedu-level-line_now"' in html
    assert (
        "<strong>Call your 24-hour cancer line now:</strong> New back pain with weak legs." in html
    )


def test_content_text_is_escaped(tmp_path, monkeypatch):
    import shutil

    root = tmp_path / "content"
    shutil.copytree(VALID, root)
    bones = root / "en" / "bones.yaml"
    text = bones.read_text()
    text = text.replace("You may have a new pain in your back.", "Pain <script>alert(1)</script>")
    bones.write_text(text.replace("title: Bones", "title: <b>Bones</b>"))
    monkeypatch.setenv(CONTENT_ENV, str(root))
    page = metsedu.page("bones")
    assert "<script>" not in page.sections().data
    assert "&lt;script&gt;" in page.sections().data
    assert "<h1>&lt;b&gt;Bones&lt;/b&gt;</h1>" in page.header().data


def test_broken_content_shows_a_calm_message_and_logs_the_problem(tmp_path, monkeypatch, caplog):
    import shutil

    root = tmp_path / "content"
    shutil.copytree(VALID, root)
    (root / "en" / "bones.yaml").write_text("id: bones\ntitle: [oops\n")
    monkeypatch.setenv(CONTENT_ENV, str(root))
    page = metsedu.page("bones")
    assert not page.ok
    for part in PARTS:
        html = getattr(page, part)().data
        assert "Sorry, this part of the lesson could not load." in html
        assert "Traceback" not in html and "YAML" not in html
    assert "bones.yaml:3: YAML syntax" in caplog.text


def test_unknown_lesson_is_logged_with_the_known_ids(fixture_content, caplog):
    assert not metsedu.page("kidney").ok
    assert "known: bones, liver" in caplog.text


def test_glossary_words_are_marked_once_in_place(tmp_path, monkeypatch):
    _bones_saying(
        tmp_path,
        monkeypatch,
        "You may have a new pain in your back.",
        "Mets can cause pain. More mets may follow. A [mets link](x) is not marked.",
    )
    html = metsedu.page("bones").sections().data
    assert html.count('class="metsedu-term"') == 1
    assert (
        '<button type="button" class="metsedu-term" popovertarget="bones-notice-term-metastasis">'
        "Mets</button>"
    ) in html
    assert '<span id="bones-notice-term-metastasis" popover' in html
    assert "Cancer that has spread from where it started" in html


def test_only_listed_glossary_words_are_marked(fixture_content):
    from metsedu.content.model import Term
    from metsedu.lesson.html import mark_terms

    terms = [Term(id="ct-scan", term="CT scan", definition="Pictures.", forms=["CT"])]
    html = mark_terms("<p>act CT ct <code>CT</code></p>", terms, "p")
    assert html.count("metsedu-term-card") == 1
    assert ">CT</button>" in html and "act" in html and "<code>CT</code>" in html


def test_navigation_links_back_start_and_next(fixture_content):
    first = metsedu.page("bones").navigation().data
    assert 'aria-label="Move between lessons"' in first
    assert 'href="00-start.ipynb"' in first
    assert 'rel="next" href="02-liver.ipynb">Next: Liver' in first
    assert 'rel="prev"' not in first
    last = metsedu.page("liver").navigation().data
    assert 'rel="prev" href="01-bones.ipynb">← Back: Bones' in last
    assert 'rel="next"' not in last


def test_start_page_lists_every_lesson_in_order_with_the_nurse_note(fixture_content):
    start = metsedu.start_page()
    header = start.header().data
    assert "<h1>Learning about breast cancer that has spread</h1>" in header
    assert "It does not replace your care team." in header
    lessons = start.lessons().data
    assert lessons.index('href="01-bones.ipynb"') < lessons.index('href="02-liver.ipynb"')
    assert "For nurses running a session" in start.nurse_note().data


def test_start_page_with_broken_content_is_calm(tmp_path, monkeypatch, caplog):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "ui.yaml").write_text("load_failed: Sorry, it could not load.\n")
    monkeypatch.setenv(CONTENT_ENV, str(tmp_path))
    start = metsedu.start_page()
    assert "Sorry, it could not load." in start.lessons().data
    assert "start page" in caplog.text


def test_handout_is_a_plain_download_link_to_the_server(fixture_content):
    part = metsedu.page("bones").handout().data
    assert 'href="../../metsedu/handouts/bones.pdf" download' in part
    assert "Download the handout to print (PDF)" in part


def test_start_page_progress_box_carries_its_words_and_starts_hidden(fixture_content):
    import json
    from html import unescape

    box = metsedu.start_page().progress().data
    assert " hidden>" in box and 'class="metsedu-forget"' in box
    words = json.loads(unescape(box.split('data-metsedu-progress="')[1].split('"')[0]))
    assert words["forget"] == "Forget my progress"
    assert "{visited}" in words["visited"]
    lessons = metsedu.start_page().lessons().data
    assert '<li data-metsedu-lesson="bones">' in lessons
    assert 'data-metsedu-lesson="bones"' in metsedu.page("bones").header().data


def shown(page, *parts: str) -> list:
    """What ``page.show(*parts)`` displays, as IPython's display outputs of one cell."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    InteractiveShell.instance()  # a real shell, as in a kernel: display() goes to it
    with capture_output() as cell:
        page.show(*parts)
    return cell.outputs


def test_show_displays_every_part_in_teaching_order_from_one_cell(fixture_content):
    outputs = shown(metsedu.page("bones"))
    assert len(outputs) == len(PARTS)
    html = [o.data.get("text/html", "") for o in outputs]
    assert "<h1>Bones</h1>" in html[PARTS.index("header")]
    assert 'id="bones-red-flags"' in html[PARTS.index("red_flags")]
    quiz = outputs[PARTS.index("quiz")].data
    assert "application/vnd.jupyter.widget-view+json" in quiz


def test_show_displays_only_the_named_parts_in_the_order_given(fixture_content):
    outputs = shown(metsedu.page("bones"), "red_flags", "header")
    assert len(outputs) == 2
    assert 'id="bones-red-flags"' in outputs[0].data["text/html"]
    assert "<h1>Bones</h1>" in outputs[1].data["text/html"]


def test_show_names_the_parts_when_a_notebook_asks_for_one_that_is_not(fixture_content):
    with pytest.raises(ValueError, match=r"'red_flag': not a part .* red_flags"):
        shown(metsedu.page("bones"), "header", "red_flag")


def test_show_with_broken_content_says_so_once(tmp_path, monkeypatch, caplog):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "ui.yaml").write_text("load_failed: Sorry, it could not load.\n")
    monkeypatch.setenv(CONTENT_ENV, str(tmp_path))
    for page in (metsedu.page("bones"), metsedu.start_page()):
        outputs = shown(page)
        assert len(outputs) == 1
        assert "Sorry, it could not load." in outputs[0].data["text/html"]


def test_start_page_shows_its_parts_with_the_body_map(fixture_content):
    from metsedu.lesson.lesson_page import START_PARTS

    outputs = shown(metsedu.start_page())
    assert len(outputs) == len(START_PARTS)
    assert "application/vnd.jupyter.widget-view+json" in outputs[START_PARTS.index("body_map")].data


def test_a_part_that_fails_shows_the_calm_message_and_the_rest_still_come(
    fixture_content, monkeypatch, caplog
):
    page = metsedu.page("bones")

    def broken() -> None:
        raise RuntimeError("internal detail a learner must never see")

    monkeypatch.setattr(page, "sections", broken)
    outputs = shown(page)
    assert len(outputs) == len(PARTS)
    failed = outputs[PARTS.index("sections")].data["text/html"]
    assert 'class="metsedu-failed"' in failed and "internal detail" not in failed
    assert 'id="bones-red-flags"' in outputs[PARTS.index("red_flags")].data["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in outputs[PARTS.index("quiz")].data
    assert "the part 'sections' could not be shown" in caplog.text


def test_a_spanish_lesson_marks_each_source_in_its_own_language():
    """A screen reader says an English source's title in English on a Spanish page, and a
    Spanish edition's in Spanish; the lesson's links stay in Spanish."""
    from metsedu.content import load_library
    from metsedu.lesson import html

    library = load_library("es")
    bones = library.lessons["bones"]
    listed = html.sources(bones, library.ui)
    english = next(s for s in bones.sources if s.language == "en")
    spanish = next(s for s in bones.sources if s.language == "es")
    assert f'<li lang="en">{english.publisher}: <cite>{english.title}</cite>' in listed
    assert f"<li>{spanish.publisher}: <cite>{spanish.title}</cite>" in listed
    nav = html.navigation(bones, library.ordered(), library.ui)
    assert 'href="00-start.es.ipynb"' in nav and 'href="03-lungs.es.ipynb"' in nav
    assert "metsedu/handouts/es/bones.pdf" in html.handout(bones, library.ui)
