"""A lesson as a page of parts, shown from one notebook cell.

A notebook shows the whole lesson in its teaching order::

    metsedu.page("bones").show()

or the parts it names, in the order it names them, so a nurse can reorder or drop parts
without touching Python::

    metsedu.page("bones").show("header", "red_flags", "who_to_call", "quiz")

Each part is also a method (``page.header()``, ``page.quiz()``) for a notebook that wants a
cell per part. Why the lessons use one cell: every cell is a round trip between the server
and the kernel (a request, its replies, a piece of page template), and the server does that
work for every learner who opens a lesson; one cell instead of 17 took a third of the
server's work per learner off a walk-in class (``bench/run.py``).

If the content cannot load, the page shows one calm message instead, and the precise
problem goes to the server log, never to the learner's screen.
"""

from __future__ import annotations

import logging
import re
from functools import cache, partial
from importlib import resources

from IPython.display import HTML

from ..content import (
    REFERENCE_LOCALE,
    ContentError,
    Lesson,
    Library,
    content_root,
    load_lesson,
    load_library,
)
from ..events import AnswerEvents, Recorder, answer_events
from ..widgets import BodyMap, Quiz
from . import html

#: Where the precise problems go: the server's log, in a kernel ``metsedu serve`` started
#: (``metsedu._lesson_kernel`` sets that up); anywhere else, wherever logging is configured.
log = logging.getLogger("metsedu")


#: A CSS comment: for whoever edits the file, not for every page (a phone downloads each
#: page's copy, and a comment's English would sit in a Spanish page's source).
_CSS_COMMENT = re.compile(r"/\*.*?\*/\s*", re.S)


@cache
def stylesheet() -> str:
    """The lesson styles, then the teaching pictures' (figures, high contrast, 320 px),
    without their comments."""
    static = resources.files(__package__).joinpath("static")
    css = "\n".join(static.joinpath(n).read_text("utf-8") for n in ("lesson.css", "pictures.css"))
    return _CSS_COMMENT.sub("", css)


class LessonPage:
    """The parts of one lesson, each an HTML output for one notebook cell."""

    def __init__(self, lesson_id: str, locale: str = REFERENCE_LOCALE) -> None:
        self.lesson_id = lesson_id
        self.locale = locale
        self.library: Library | None = None
        self.lesson: Lesson | None = None
        try:
            self.library = load_library(locale)
            self.lesson = load_lesson(lesson_id, locale)
        except (ContentError, KeyError) as exc:
            log.error("lesson %r (%s) could not load:\n%s", lesson_id, locale, exc)

    @property
    def ok(self) -> bool:
        return self.lesson is not None

    def show(self, *parts: str) -> None:
        """Show every part in teaching order (:data:`PARTS`), or just those named, in order."""
        _show(self, parts, PARTS)

    def _part(self, render) -> HTML:
        if self.lesson is None or self.library is None:
            return _failed(self.locale)
        return HTML(render(self.lesson, self.library.ui))

    def header(self) -> HTML:
        """Title, summary, the care-team note and review status; also brings the styles."""
        return HTML(f"<style>{stylesheet()}</style>" + self._part(html.header).data)

    def objectives(self) -> HTML:
        return self._part(html.objectives)

    def sections(self, *ids: str) -> HTML:
        """Every prose section, or just those named, in the order given."""

        def render(lesson: Lesson, _ui) -> str:
            wanted = [lesson.section(i) for i in ids] if ids else lesson.sections
            terms = self.library.glossary
            return "".join(html.section(lesson, s, terms, _ui) for s in wanted)

        return self._part(render)

    def symptoms(self) -> HTML:
        return self._part(html.symptoms)

    def tests(self) -> HTML:
        return self._part(html.tests)

    def treatments(self) -> HTML:
        return self._part(html.treatments)

    def red_flags(self) -> HTML:
        return self._part(html.red_flags)

    def who_to_call(self) -> HTML:
        return self._part(html.who_to_call)

    def handout(self) -> HTML:
        return self._part(html.handout)

    def key_points(self) -> HTML:
        return self._part(html.key_points)

    def teach_back(self) -> HTML:
        return self._part(html.teach_back)

    def questions(self) -> HTML:
        """Questions to ask the team, as on the take-home handout."""
        return self._part(html.questions)

    def glossary(self) -> HTML:
        return self._part(lambda lesson, ui: html.glossary(lesson, ui, self.library.glossary))

    def sources(self) -> HTML:
        return self._part(html.sources)

    def navigation(self) -> HTML:
        """Links to the previous lesson, the start page and the next lesson."""
        return self._part(lambda lesson, ui: html.navigation(lesson, self.library.ordered(), ui))

    def quiz(self, events: AnswerEvents = answer_events) -> Quiz | HTML:
        """The lesson's quiz widget; answers go to ``events`` for progress or group sessions."""
        if self.lesson is None or self.library is None or not self.lesson.quiz:
            return self._part(lambda lesson, ui: "")
        join = partial(join_group, locale=self.lesson.locale)  # answers keep the page's language
        return Quiz(self.lesson, self.library.ui, events, join=join)


def join_group(
    code: str, lesson_id: str, seat: str | None = None, locale: str = REFERENCE_LOCALE
) -> Recorder:
    """The quiz's way into a nurse's group session (see :meth:`Quiz.join`), its answers
    counted under the lesson page's language ``locale``."""
    from ..sessions.member import GroupMember  # only a page that joins one pays for it

    return GroupMember.join(code, lesson_id, seat, locale)


#: Every part a notebook can show, in the default teaching order.
PARTS = (
    "header",
    "objectives",
    "sections",
    "symptoms",
    # Straight after the signs, before the test and treatment cards: a learner looking
    # for what to do should not have to read past ten cards to find it.
    "red_flags",
    "who_to_call",
    "tests",
    "treatments",
    "handout",
    "key_points",
    "teach_back",
    "questions",
    "quiz",
    "glossary",
    "sources",
    "navigation",
)


def page(lesson_id: str, locale: str = REFERENCE_LOCALE) -> LessonPage:
    """The lesson ``lesson_id`` as parts for notebook cells; never raises on bad content."""
    return LessonPage(lesson_id, locale)


def body_map(locale: str = REFERENCE_LOCALE) -> BodyMap | HTML:
    """The body map of the four sites, linking to each site's lesson."""
    try:
        library = load_library(locale)
    except ContentError as exc:
        log.error("body map (%s) could not load:\n%s", locale, exc)
        return _failed(locale)
    return BodyMap(library.ordered(), library.ui)


class StartPage:
    """The "Start here" page: what the lessons are, the body map, the lessons, a nurse note."""

    def __init__(self, locale: str = REFERENCE_LOCALE) -> None:
        self.locale = locale
        self.library: Library | None = None
        try:
            self.library = load_library(locale)
        except ContentError as exc:
            log.error("start page (%s) could not load:\n%s", locale, exc)

    @property
    def ok(self) -> bool:
        return self.library is not None

    def show(self, *parts: str) -> None:
        """Show every part of the start page (:data:`START_PARTS`), or those named, in order."""
        _show(self, parts, START_PARTS)

    def _part(self, render) -> HTML:
        if self.library is None:
            return _failed(self.locale)
        return HTML(render(self.library))

    def header(self) -> HTML:
        style = f"<style>{stylesheet()}</style>"
        return HTML(style + self._part(lambda lib: html.start_header(lib.ui)).data)

    def body_map(self) -> BodyMap | HTML:
        return body_map(self.locale)

    def progress(self) -> HTML:
        """Where this learner got to, filled in by the page from this browser's own storage."""
        return self._part(lambda lib: html.progress_box(lib.ui))

    def lessons(self) -> HTML:
        return self._part(lambda lib: html.lesson_list(lib.ordered(), lib.ui))

    def nurse_note(self) -> HTML:
        return self._part(lambda lib: html.nurse_note(lib.ui, self.locale))


#: The parts of the start page, in order.
START_PARTS = ("header", "progress", "body_map", "lessons", "nurse_note")


def start_page(locale: str = REFERENCE_LOCALE) -> StartPage:
    """The "Start here" page as parts for notebook cells; never raises on bad content."""
    return StartPage(locale)


def _show(page: LessonPage | StartPage, names: tuple[str, ...], known: tuple[str, ...]) -> None:
    """Display ``names`` (every part in ``known`` when empty) as outputs of the current cell.

    A name that is not a part stops before anything is shown, naming the parts there are, so
    a nurse who edits a notebook sees the mistake at once (and nbval does in CI). A page whose
    content could not load shows its calm message once, not once per part. A part that fails
    for any other reason shows the calm message in its place and the rest still come: with one
    cell per lesson, an error would otherwise stop the whole page (Voilà stops at the first
    cell that raises), where it used to cost one part.
    """
    from IPython.display import display

    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(
            f"{', '.join(map(repr, unknown))}: not a part of this page; "
            f"the parts are {', '.join(known)}"
        )
    if not page.ok:
        display(page.header())
        return
    for name in names or known:
        try:
            part = getattr(page, name)()
        except Exception:  # one broken part must not take the rest of the lesson with it
            log.exception("%s: the part %r could not be shown", _page_name(page), name)
            part = _failed(page.locale)
        display(part)


def _page_name(page: LessonPage | StartPage) -> str:
    return f"lesson {page.lesson_id!r}" if isinstance(page, LessonPage) else "start page"


def _failed(locale: str) -> HTML:
    """The one calm paragraph every part shows when its content could not load."""
    return HTML(f'<p class="metsedu-failed" role="alert">{_calm_message(locale)}</p>')


def _calm_message(locale: str) -> str:
    """The "could not load" words from ui.yaml, read as plainly as possible."""
    from html import escape

    import yaml  # here, not at the top: a healthy lesson never needs it in the kernel

    for folder in (locale, REFERENCE_LOCALE):
        try:
            data = yaml.safe_load((content_root() / folder / "ui.yaml").read_text("utf-8"))
            return escape(str(data["load_failed"]))
        except (OSError, yaml.YAMLError, KeyError, TypeError):
            continue
    return "⚠"
