"""The lesson content schema: what a lesson, a quiz item and a glossary term hold.

These models carry the words; they never contain them. Every sentence a learner
reads comes from a YAML file under ``content/<locale>/``. Structure (types, required
fields, allowed values) is checked here by pydantic; meaning that spans fields
(ids that must exist, a quiz item that needs a right answer) is checked in
:mod:`metsedu.content.checks` so each problem can name its own line.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .placeholders import Fills, fills

#: Any text a learner reads: never empty, surrounding white space removed.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: A short, stable, lower-case id used to refer to things from other places.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]


class Urgency(StrEnum):
    """The action level of a sign: what to do, and how soon. Most urgent first.

    Each level has its own words, whom to call, a colour *and* a shape (see
    ``ui.yaml`` ``urgency`` and :mod:`metsedu.lesson.html`). The two "now" levels are
    two different actions on purpose: a learner must never have to guess whether
    "get help now" means the emergency number or the cancer team's 24-hour line.
    """

    EMERGENCY = "emergency"
    """Call the emergency number (such as 911) now."""
    LINE_NOW = "line_now"
    """Call the cancer team's 24-hour line now, day or night."""
    CALL_TODAY = "call_today"
    """Call the team the same day (the 24-hour line if the clinic is closed)."""
    NEXT_VISIT = "next_visit"
    """Tell the team at the next visit."""

    @property
    def urgent(self) -> bool:
        """A level that belongs in the red-flag box ("get help now")."""
        return self in (Urgency.EMERGENCY, Urgency.LINE_NOW)


#: The levels in the order a learner meets them: most urgent first.
URGENCY_ORDER = tuple(Urgency)


class _Strict(BaseModel):
    """Unknown fields are errors: a misspelt key would otherwise vanish silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Source(_Strict):
    """Where a fact comes from; facts cite it by ``id``."""

    id: Id
    publisher: Text
    title: Text
    url: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://\S+$")]


class _Sourced(_Strict):
    sources: list[Id] = Field(min_length=1)


class Section(_Strict):
    """A short chunk of Markdown prose under an informative heading.

    ``kind: guide`` marks a section that explains how to use the lessons and so
    states no clinical fact; it alone may omit ``sources``.
    """

    id: Id
    heading: Text
    body: Text
    kind: Literal["teaching", "guide"] = "teaching"
    sources: list[Id] = []


class Sign(_Sourced):
    """A sign a learner is taught to act on, defined once for every lesson.

    The action level lives here and only here: lesson pages, red-flag boxes, quiz
    triage items, handouts and the facilitator's answer reveal all look it up by
    ``id`` (``content/<locale>/signs/*.yaml``). ``look_for`` lists what the sign can
    look like; ``detail`` says what else to do or say (never another urgency).
    """

    id: Id
    text: Text
    urgency: Urgency
    look_for: list[Text] = []
    detail: Text | None = None


class SignTable(_Strict):
    """One file of the sign table: its signs and the sources they cite."""

    signs: list[Sign] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)


class MonitoringTest(_Sourced):
    """A test the care team uses to check a site: what it is, feels like, and needs."""

    id: Id
    name: Text
    what: Text
    feels_like: Text
    prepare: Text
    how_often: Text | None = None


class Treatment(_Sourced):
    """What a treatment aims to do (never a dose) and the side effects to report.

    ``report`` holds side effects to mention at a visit; ``signs`` names the side
    effects with an action level of their own, shown with that level's words.
    """

    id: Id
    name: Text
    aim: Text
    report: list[Text] = []
    signs: list[Id] = []


class Option(_Strict):
    id: Id
    text: Text
    correct: bool = False
    feedback: Text
    #: The action this option stands for, when the item asks how soon to act on a sign.
    action: Urgency | None = None


class _QuizItem(_Sourced):
    id: Id
    prompt: Text
    explanation: Text
    #: The section a learner who missed this item should read again.
    review_section: Id | None = None
    #: The sign this item asks about: its right answer must be the sign's action level.
    sign: Id | None = None


class SingleChoice(_QuizItem):
    type: Literal["single_choice"]
    options: list[Option] = Field(min_length=2)


class Scenario(_QuizItem):
    """A "what would you do" item: a short situation, then one best action."""

    type: Literal["scenario"]
    situation: Text
    options: list[Option] = Field(min_length=2)


class MultipleSelect(_QuizItem):
    type: Literal["multiple_select"]
    options: list[Option] = Field(min_length=2)


class TrueFalse(_QuizItem):
    type: Literal["true_false"]
    answer: bool
    feedback_if_true: Text
    feedback_if_false: Text


class TriageCard(_Strict):
    """One sign to sort. Its right answer is the sign's level in the sign table.

    ``text`` may tell the sign as a short story ("Forgetting things more often this
    month"); without it the sign's own words are shown. ``urgency`` is filled in by
    the loader from the table; a file that states one must agree with the table.
    """

    id: Id
    sign: Id
    text: Text | None = None
    urgency: Urgency | None = None
    feedback: Text


class Triage(_QuizItem):
    """Sort each sign into its action level (the four levels of :class:`Urgency`)."""

    type: Literal["triage"]
    cards: list[TriageCard] = Field(min_length=2)


class Step(_Strict):
    """One step of an ordering item."""

    id: Id
    text: Text


class Ordering(_QuizItem):
    """Put the steps in order ("what do you do first?").

    ``steps`` are written in the right order; a learner is shown them in another
    order and moves them. Three steps at least, so the order shown gives nothing
    away; eight at most, so the list fits a phone.
    """

    type: Literal["ordering"]
    steps: list[Step] = Field(min_length=3, max_length=8)


#: Each kind's meaning (what the browser sees, grading, counting) lives in
#: :mod:`metsedu.content.quiz_kinds`, registered by this ``type`` value.
QuizItem = Annotated[
    SingleChoice | Scenario | MultipleSelect | TrueFalse | Triage | Ordering,
    Field(discriminator="type"),
]


class Review(_Strict):
    """Clinical review state, shown on every lesson page, handout and teaching record.

    ``draft``: ``date`` is when it was written; no reviewer, and no "checked" date is
    ever shown. ``reviewed``: ``date`` is when a nurse or clinician checked it,
    ``reviewed_by`` their role (never a name) and ``next_review`` when to check again.
    The checks enforce both shapes.
    """

    status: Literal["draft", "reviewed"]
    date: dt.date
    next_review: dt.date | None = None
    #: A role, not a person's name: "Oncology nurse educator".
    reviewed_by: Text | None = None

    def line(self, words: dict[str, str]) -> str:
        """The status in words (``ui.review_line``): a draft never shows a "checked" date."""
        return words[self.status].format(
            date=self.date.isoformat(),
            next_review=self.next_review.isoformat() if self.next_review else "",
            reviewed_by=self.reviewed_by or "",
        )


class Change(_Strict):
    """One version in a lesson's change log, short enough for a reviewer to scan."""

    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?$")]
    date: dt.date
    changes: list[Text] = Field(min_length=1)


class ReviewNote(_Strict):
    """The answer to one finding of a clinical review: what changed, or why not."""

    finding: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]+\d+$")]
    response: Text
    agreed: bool = True
    sources: list[Id] = []


class PicturePlace(_Strict):
    """Where a picture appears: after a section of a lesson, or in its red-flag box."""

    lesson: Id
    #: A section id of that lesson, or ``red-flags`` for the red-flag box.
    after: Id
    #: Also on the printed handout. ``false`` keeps a picture to the page, for a handout
    #: that would otherwise run past two sheets (its words are in the handout's lists).
    handout: bool = True


class Picture(_Strict):
    """A labelled drawing that teaches (``content/pictures/<file>``), with its words.

    The SVG file is data: it holds shapes and ``{label-id}`` placeholders only. Its
    words (labels, the text alternative and the caption) live here, per locale, so a
    translation never edits a drawing.
    """

    id: Id
    file: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*\.svg$")]
    #: What the picture teaches, for a screen reader: not "a picture of", but the point.
    alt: Text
    caption: Text
    labels: dict[Id, Text] = {}
    shown_in: list[PicturePlace] = Field(min_length=1)


class PictureTable(_Strict):
    pictures: list[Picture] = []


Site = Literal["overview", "bone", "lung", "liver", "brain", "next-steps"]


class Lesson(_Strict):
    """One lesson, as a nurse teaches it and a learner reads it."""

    id: Id
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?$")]
    order: int = Field(ge=0)
    title: Text
    site: Site
    summary: Text
    objectives: list[Text] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    #: Signs to watch for, by id in the sign table; shown grouped by action level.
    symptoms: list[Id] = []
    tests: list[MonitoringTest] = []
    treatments: list[Treatment] = []
    #: The red-flag box: every sign of this lesson that needs help now, by id.
    red_flags: list[Id] = []
    #: The box lists every urgent sign of the whole table (the overview and next steps
    #: keep one complete list); ``red_flags`` then only chooses which come first.
    every_red_flag: bool = False
    who_to_call: list[Text] = Field(min_length=1)
    key_points: list[Text] = Field(min_length=1)
    teach_back: list[Text] = Field(min_length=1)
    questions_to_ask: list[Text] = []
    """Questions a learner may want to ask their team; printed on the take-home handout."""
    quiz: list[QuizItem] = []
    glossary: list[Id] = []
    sources: list[Source] = Field(min_length=1)
    review: Review
    #: What changed in each version, newest first (for clinical reviewers).
    changelog: list[Change] = []
    #: Answers to findings of a clinical review, by finding id (C1, M3, m12).
    review_notes: list[ReviewNote] = []
    #: Set by the loader from the folder the file was read from.
    locale: str = "en"
    #: Set by the loader: the signs this lesson shows, from the one sign table.
    sign_table: dict[str, Sign] = Field(default={}, exclude=True)
    #: Set by the loader: the pictures this lesson shows (``pictures.yaml``), in order.
    pictures: list[Picture] = Field(default=[], exclude=True)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def sign(self, sign_id: str) -> Sign:
        """A sign this lesson shows, with its one action level."""
        return self.sign_table[sign_id]

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)


class Term(_Strict):
    """A medical word and its plain meaning; ``forms`` are other spellings to spot in text."""

    id: Id
    term: Text
    definition: Text
    forms: list[Text] = []


class Glossary(_Strict):
    terms: list[Term] = Field(min_length=1)


class ActionWords(_Strict):
    """The words of one action level: a short label and exactly whom to call."""

    label: Text
    who: Text


class UrgencyLabels(_Strict):
    """Words for each action level (:class:`Urgency`); every one says whom to call."""

    emergency: ActionWords
    line_now: ActionWords
    call_today: ActionWords
    next_visit: ActionWords

    def of(self, urgency: Urgency | str) -> ActionWords:
        return getattr(self, Urgency(urgency).value)


class TriageCheckWords(_Strict):
    """Phrases ``metsedu check`` looks for in prose; never shown to a learner.

    ``urgency_phrases`` state how soon to act ("day or night", "call 911"): prose must
    name a sign with ``{sign:id}`` instead, so the table alone says how soon.
    ``wait_phrases`` give a wait ("a week or two"), which must never stand in the
    same paragraph as a sign that needs help now.
    """

    urgency_phrases: list[Text] = Field(min_length=1)
    wait_phrases: list[Text] = Field(min_length=1)


class LessonCheckWords(_Strict):
    """Words ``metsedu check`` looks for in a lesson; never shown to a learner.

    They are words of the lesson's language, so they live with its other words.
    ``teach_back_opening`` starts every teach-back prompt ("Tell me"): the learner says it
    back in their own words, which is what shows a nurse what was understood.
    ``harsh_words`` never appear in quiz feedback ("wrong", "failed"): a learner who missed
    a question is told what is right, kindly. ``dose_units`` after a number make a dose
    ("5 mg"): lessons never give doses, because the care team sets them for each person.
    """

    teach_back_opening: Text
    harsh_words: list[Text] = Field(min_length=1)
    dose_units: list[Text] = Field(min_length=1)


class TestLabels(_Strict):
    what: Text
    feels_like: Text
    prepare: Text
    how_often: Text


class OrderingText(_Strict):
    """Words of an ordering item ("put these steps in order").

    ``moved`` is announced after each move and filled with ``{step}``, ``{position}`` and
    ``{total}``; ``place`` labels each step with its ``{position}``; ``placed`` is filled
    with ``{right}`` and ``{total}`` after a check.
    """

    #: Filled by the quiz's script (``quiz.js`` ``fill``).
    PLACEHOLDERS: ClassVar[dict[str, Fills]] = {
        "place": fills("position", "total"),
        "moved": fills("step", "position", "total"),
        "placed": fills("right", "total"),
    }

    hint: Text
    place: Text
    move_up: Text
    move_down: Text
    moved: Text
    in_place: Text
    not_in_place: Text
    placed: Text
    right_order: Text
    #: What a nurse's group session counts for an ordering item.
    tally_right: Text
    tally_not_yet: Text


class QuizText(_Strict):
    """The quiz's buttons and messages. ``{number}``, ``{total}``, ``{right}`` are filled in."""

    #: ``progress`` by the quiz's script, ``summary_score`` by the quiz widget, and
    #: ``summary_review_item`` by the script, which puts the link to the section where
    #: ``{section}`` stands (so it needs it).
    PLACEHOLDERS: ClassVar[dict[str, Fills]] = {
        "progress": fills("number", "total"),
        "summary_score": fills("right", "total"),
        "summary_review_item": fills("question", required=("section",)),
    }

    heading: Text
    intro: Text
    progress: Text
    check: Text
    try_again: Text
    show_answer: Text
    previous: Text
    next: Text
    finish: Text
    restart: Text
    true_label: Text
    false_label: Text
    triage_hint: Text
    choose_first: Text
    choose_each: Text
    not_accepted: Text
    right: Text
    partly: Text
    not_quite: Text
    shown: Text
    right_answer: Text
    your_choice: Text
    why: Text
    summary_heading: Text
    summary_score: Text
    summary_all_right: Text
    summary_review: Text
    summary_review_item: Text
    summary_thanks: Text
    ordering: OrderingText


class BodyMapText(_Strict):
    """Words of the body map. ``{title}`` is filled with a lesson title."""

    PLACEHOLDERS: ClassVar[dict[str, Fills]] = {"open_lesson": fills("title")}

    heading: Text
    description: Text
    instructions: Text
    open_lesson: Text
    regions: dict[Literal["bone", "lung", "liver", "brain"], Text]


class NavText(_Strict):
    """Links between lessons. ``{title}`` is filled with the other lesson's title."""

    PLACEHOLDERS: ClassVar[dict[str, Fills]] = {"previous": fills("title"), "next": fills("title")}

    label: Text
    previous: Text
    next: Text
    start: Text


class StartText(_Strict):
    """The "Start here" page: what the lessons are, and a note for nurses (Markdown)."""

    title: Text
    intro: Text
    lessons_heading: Text
    nurse_heading: Text
    nurse_note: Text


class AppText(_Strict):
    """Words the web app shows around every page, before and beside the lesson."""

    loading: Text
    contrast: Text
    skip_link: Text
    not_found: Text
    error: Text
    #: Shown when the page lost its kernel or a widget failed, just before it reloads.
    page_reloading: Text
    #: Shown instead when reloading has not helped (twice within a few minutes).
    page_broken: Text


class HandoutText(_Strict):
    """Words on the printed take-home handout (see ``metsedu.handouts``).

    ``title`` is filled with ``{title}``; ``footer`` with ``{title}``, ``{version}`` and
    ``{date}`` (the content's review date), so a nurse can tell which version a learner holds.
    """

    #: The footer must name the version: that is how a nurse tells which one a learner holds.
    PLACEHOLDERS: ClassVar[dict[str, Fills]] = {
        "title": fills("title"),
        "footer": fills("title", "date", "reviewed_by", required=("version",)),
    }

    title: Text
    intro: Text
    watch_heading: Text
    help_now_heading: Text
    who_to_call_heading: Text
    phone_blanks: list[Text] = Field(min_length=1)
    questions_heading: Text
    own_questions: Text
    diary_heading: Text
    diary_intro: Text
    diary_columns: list[Text] = Field(min_length=2)
    privacy: Text
    #: Filled with ``{title}``, ``{version}``, ``{date}``, ``{reviewed_by}``, per review status.
    footer: dict[Literal["draft", "reviewed"], Text]
    download: Text
    download_help: Text


class ProgressText(_Strict):
    """Words for the progress a learner's own browser keeps (never sent to the server).

    ``visited`` is filled with ``{visited}`` and ``{total}``; ``best`` with ``{score}`` and
    ``{total}``; ``continue_link`` with ``{title}``.
    """

    #: Filled by the page's script (``metsedu-page.js`` ``fill``).
    PLACEHOLDERS: ClassVar[dict[str, Fills]] = {
        "visited": fills("visited", "total"),
        "best": fills("score", "total"),
        "continue_link": fills("title"),
    }

    heading: Text
    note: Text
    not_started: Text
    visited: Text
    best: Text
    finished: Text
    continue_link: Text
    forget: Text
    forgotten: Text


class GroupText(_Strict):
    """Words a learner sees about joining a nurse's group session (on the quiz).

    ``joined`` is filled with ``{code}``.
    """

    PLACEHOLDERS: ClassVar[dict[str, Fills]] = {"joined": fills("code")}

    join_label: Text
    join_button: Text
    joined: Text
    unknown_code: Text
    privacy: Text


class RecordColumns(_Strict):
    """Labels in the teaching record spreadsheet: its first cells and column heads."""

    session: Text
    date: Text
    lesson: Text
    participants: Text
    question: Text
    prompt: Text
    answered: Text
    right: Text
    teach_back: Text
    notes: Text


class FacilitatorText(_Strict):
    """Words on the nurse's facilitator pages, the teaching record and its PDF.

    ``PLACEHOLDERS`` says which ``{name}`` each sentence may hold (filled by the server's
    ``fill``); the join-code and address lines are useless without their code and address.
    """

    PLACEHOLDERS: ClassVar[dict[str, Fills]] = {
        "session_heading": fills("code"),
        "code_line": fills(required=("code",)),
        "address_line": fills(required=("address",)),
        "participants": fills("count"),
        "answered": fills("answered"),
        "right": fills("right"),
        "change_item": fills("before", "after"),
        "change_overall": fills("before", "after"),
        "record_date": fills(required=("date",)),
        "record_version": fills("title", "version", "review"),
        "expires": fills("hours"),
    }

    link: Text
    title: Text
    key_label: Text
    key_button: Text
    key_wrong: Text
    start_heading: Text
    choose_lessons: Text
    start_button: Text
    session_heading: Text
    code_line: Text
    address_line: Text
    qr_label: Text
    phase_heading: Text
    phases: dict[Literal["pre", "teaching", "post"], Text]
    participants: Text
    results_heading: Text
    answered: Text
    right: Text
    no_answers: Text
    reveal: Text
    change_heading: Text
    change_item: Text
    change_overall: Text
    notes_label: Text
    notes_button: Text
    notes_saved: Text
    record_heading: Text
    record_csv: Text
    record_pdf: Text
    record_title: Text
    record_date: Text
    record_lessons: Text
    record_version: Text
    record_missed: Text
    record_teach_back: Text
    record_notes: Text
    record_columns: RecordColumns
    privacy: Text
    unknown_code: Text
    expires: Text
    #: The button on every facilitator page that ends this browser's sign-in.
    sign_out: Text
    #: Said on the key form just after signing out.
    signed_out: Text
    #: After too many wrong keys from one browser: wait, then try again.
    key_wait: Text
    #: A form that came without this page's anti-forgery token (an old page, or another site).
    form_refused: Text
    #: The data folder cannot be written (read-only or full); the server log says how to fix it.
    storage_failed: Text
    #: Anything else that stopped a facilitator page.
    error: Text
    #: Under a facilitator error: the link back to the key form or the start form.
    back_link: Text


class UiText(_Strict):
    """Words around the lessons that are not lesson content: labels, notes, buttons."""

    #: ``review_line`` is filled by :meth:`Review.line`; it always says when (written or
    #: checked), so ``{date}`` is needed.
    PLACEHOLDERS: ClassVar[dict[str, Fills]] = {
        "review_line": fills("next_review", "reviewed_by", required=("date",)),
    }

    language_name: Text
    disclaimer: Text
    urgency: UrgencyLabels
    #: A draft's line never says "checked".
    review_line: dict[Literal["draft", "reviewed"], Text]
    triage_check: TriageCheckWords
    lesson_check: LessonCheckWords
    red_flags_intro: Text
    sources_heading: Text
    objectives_heading: Text
    symptoms_heading: Text
    tests_heading: Text
    test_labels: TestLabels
    treatments_heading: Text
    report_label: Text
    key_points_heading: Text
    red_flags_heading: Text
    who_to_call_heading: Text
    teach_back_heading: Text
    #: Above the lesson's questions to ask the team, shown on the page as on the handout.
    questions_heading: Text
    glossary_heading: Text
    load_failed: Text
    quiz: QuizText
    body_map: BodyMapText
    nav: NavText
    start: StartText
    app: AppText
    handout: HandoutText
    progress: ProgressText
    group: GroupText
    facilitator: FacilitatorText
