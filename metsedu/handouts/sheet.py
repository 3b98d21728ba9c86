"""What one handout says, gathered from a lesson and the UI words, ready to print.

Collecting the words apart from laying them out keeps the two concerns testable on
their own: every string here is already plain (no Markdown) and Latin-1, and any
character that cannot be printed is reported with the field it came from before a
single line is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content import Lesson, UiText, Urgency
from ..content.plain_text import paragraphs
from ..content.signs import as_plain, red_flag_ids
from .text import UnprintableTextError, to_latin1

#: Most urgent first: the order groups appear in "What to watch for".
URGENCY_ORDER = tuple(Urgency)

Paragraphs = list[str]


@dataclass(frozen=True)
class Flag:
    """One level of the red-flag box: its label, its signs (one paragraph list per sign)
    and whom to call. ``level`` and ``sign_ids`` come from the one sign table."""

    title: Paragraphs
    signs: list[Paragraphs]
    action: Paragraphs
    level: str = ""
    sign_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Watch:
    """One symptom to watch for, with the optional detail that explains it."""

    text: Paragraphs
    detail: Paragraphs
    sign_id: str = ""


@dataclass(frozen=True)
class WatchGroup:
    """Symptoms of one urgency under that urgency's text label."""

    label: str
    items: list[Watch]
    level: str = ""


@dataclass(frozen=True)
class Sheet:
    """Every word of one handout, in the order it is printed."""

    lesson_id: str
    lang: str
    creation_date: str
    title: str
    intro: Paragraphs
    help_now_heading: str
    flags: list[Flag]
    watch_heading: str
    watch: list[WatchGroup]
    who_to_call_heading: str
    who_to_call: list[Paragraphs]
    phone_blanks: list[str]
    questions_heading: str
    questions: list[Paragraphs]
    own_questions: str
    diary_heading: str
    diary_intro: Paragraphs
    diary_columns: list[str]
    privacy: Paragraphs
    footer: str
    #: The lesson, for its pictures: drawings are laid out from their files, not as words.
    lesson: Lesson | None = None
    #: Which of the lesson's pictures to print; the layout turns them off, action picture
    #: first, only when the sheet would otherwise run past its pages (see ``layout.render``).
    action_picture: bool = True
    teaching_pictures: bool = True


def collect(lesson: Lesson, ui: UiText) -> Sheet:
    """The handout's words for ``lesson``; raises :class:`UnprintableTextError` naming the field."""
    words = ui.handout

    def printable(source: str, text: str, loc: tuple[str | int, ...]) -> Paragraphs:
        latin1, bad = to_latin1(text)
        if bad is not None:
            raise UnprintableTextError(lesson.id, source, loc, bad)
        return paragraphs(latin1)

    def lesson_text(text: str, *loc: str | int) -> Paragraphs:
        return printable("lesson", text, loc)

    def ui_text(text: str, *loc: str | int) -> Paragraphs:
        return printable("ui", text, loc)

    def ui_line(text: str, *loc: str | int) -> str:
        return " ".join(ui_text(text, *loc))

    def sign_paragraphs(sign_id: str) -> tuple[Paragraphs, Paragraphs]:
        """A sign's words from the sign table; an unprintable one names the sign's field."""
        sign = lesson.sign(sign_id)
        detail = [
            p
            for j, text in enumerate(sign.look_for)
            for p in printable("sign", f"- {text}", (sign_id, "look_for", j))
        ]
        if sign.detail:
            detail += printable("sign", sign.detail, (sign_id, "detail"))
        return printable("sign", sign.text, (sign_id, "text")), detail

    title = " ".join(lesson_text(lesson.title, "title"))
    date = lesson.review.date.isoformat()
    groups = []
    # Signs that need help now are printed once, in the box above, with whom to call;
    # "What to watch for" lists the rest, so a two-page sheet has room for both.
    for urgency in (u for u in URGENCY_ORDER if not u.urgent):
        items = [
            Watch(*sign_paragraphs(sign_id), sign_id=sign_id)
            for sign_id in lesson.symptoms
            if lesson.sign(sign_id).urgency is urgency
        ]
        if items:
            label = ui_line(ui.urgency.of(urgency).label, "urgency", urgency.value, "label")
            groups.append(WatchGroup(label, items, urgency.value))
    flags = []
    box = red_flag_ids(lesson, lesson.sign_table)
    for urgency in URGENCY_ORDER:
        ids = tuple(i for i in box if lesson.sign(i).urgency is urgency)
        if not ids:
            continue
        level_words = ui.urgency.of(urgency)
        flags.append(
            Flag(
                ui_text(level_words.label, "urgency", urgency.value, "label"),
                [[*text, *detail] for text, detail in map(sign_paragraphs, ids)],
                ui_text(level_words.who, "urgency", urgency.value, "who"),
                urgency.value,
                ids,
            )
        )
    review = lesson.review

    return Sheet(
        lesson_id=lesson.id,
        lang=lesson.locale,
        creation_date=date,
        title=ui_line(words.title, "handout", "title").format(title=title),
        intro=ui_text(words.intro, "handout", "intro"),
        help_now_heading=ui_line(words.help_now_heading, "handout", "help_now_heading"),
        flags=flags,
        watch_heading=ui_line(words.watch_heading, "handout", "watch_heading"),
        watch=groups,
        who_to_call_heading=ui_line(words.who_to_call_heading, "handout", "who_to_call_heading"),
        who_to_call=[
            lesson_text(as_plain(text, lesson, ui), "who_to_call", i)
            for i, text in enumerate(lesson.who_to_call)
        ],
        phone_blanks=[
            ui_line(text, "handout", "phone_blanks", i) for i, text in enumerate(words.phone_blanks)
        ],
        questions_heading=ui_line(words.questions_heading, "handout", "questions_heading"),
        questions=[
            lesson_text(text, "questions_to_ask", i)
            for i, text in enumerate(lesson.questions_to_ask)
        ],
        own_questions=ui_line(words.own_questions, "handout", "own_questions"),
        diary_heading=ui_line(words.diary_heading, "handout", "diary_heading"),
        diary_intro=ui_text(words.diary_intro, "handout", "diary_intro"),
        diary_columns=[
            ui_line(text, "handout", "diary_columns", i)
            for i, text in enumerate(words.diary_columns)
        ],
        privacy=ui_text(words.privacy, "handout", "privacy"),
        lesson=lesson,
        footer=ui_line(words.footer[review.status], "handout", "footer", review.status).format(
            title=title, version=lesson.version, date=date, reviewed_by=review.reviewed_by or ""
        ),
    )
