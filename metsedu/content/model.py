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
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..names import REFERENCE_LOCALE

#: Any text a learner reads: never empty, surrounding white space removed.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: The forms a field may be held to, each beside the words that describe it to an editor
#: (``metsedu check`` says "not in the expected form (<words>)"): change a form here and its
#: words are in front of you.
ID_FORM = r"^[a-z0-9][a-z0-9-]*$"
WEB_ADDRESS_FORM = r"^https?://\S+$"
VERSION_FORM = r"^\d+\.\d+(\.\d+)?$"
FINDING_FORM = r"^[A-Za-z]+\d+$"
DRAWING_FILE_FORM = r"^[a-z0-9][a-z0-9-]*\.svg$"
FORM_WORDS = {
    ID_FORM: "lower-case letters, digits and dashes",
    WEB_ADDRESS_FORM: "a web address starting with https://",
    VERSION_FORM: "a version such as 1.0 or 1.2.0",
    FINDING_FORM: "a finding id such as C1 or M3",
    DRAWING_FILE_FORM: "a drawing's file name such as bone-spine.svg",
}

#: A short, stable, lower-case id used to refer to things from other places.
Id = Annotated[str, StringConstraints(pattern=ID_FORM)]


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
    url: Annotated[str, StringConstraints(strip_whitespace=True, pattern=WEB_ADDRESS_FORM)]
    #: The language the source is written in (``es`` for a Spanish edition): its title is
    #: marked so on the page, so a screen reader says it in that language.
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] = REFERENCE_LOCALE


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

    version: Annotated[str, StringConstraints(pattern=VERSION_FORM)]
    date: dt.date
    changes: list[Text] = Field(min_length=1)


class ReviewNote(_Strict):
    """The answer to one finding of a clinical review: what changed, or why not."""

    finding: Annotated[str, StringConstraints(pattern=FINDING_FORM)]
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
    file: Annotated[str, StringConstraints(pattern=DRAWING_FILE_FORM)]
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
    version: Annotated[str, StringConstraints(pattern=VERSION_FORM)]
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
    #: Questions a learner may want to ask their team; printed on the take-home handout.
    questions_to_ask: list[Text] = []
    quiz: list[QuizItem] = []
    glossary: list[Id] = []
    sources: list[Source] = Field(min_length=1)
    review: Review
    #: What changed in each version, newest first (for clinical reviewers).
    changelog: list[Change] = []
    #: Answers to findings of a clinical review, by finding id (C1, M3, m12).
    review_notes: list[ReviewNote] = []
    #: Set by the loader from the folder the file was read from.
    locale: str = REFERENCE_LOCALE
    #: Set by the loader: the signs this lesson shows, from the one sign table.
    sign_table: dict[str, Sign] = Field(default={}, exclude=True)
    #: Set by the loader: the pictures this lesson shows (``pictures.yaml``), in order.
    pictures: list[Picture] = Field(default=[], exclude=True)

    def source(self, source_id: str) -> Source:
        """The source cited as ``source_id``; a ``KeyError`` names an id the lesson lacks."""
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(f"lesson {self.id!r} has no source {source_id!r}")

    def sign(self, sign_id: str) -> Sign:
        """A sign this lesson shows, with its one action level."""
        return self.sign_table[sign_id]

    def section(self, section_id: str) -> Section:
        """The section ``section_id``; a ``KeyError`` names an id the lesson lacks."""
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(f"lesson {self.id!r} has no section {section_id!r}")


class Term(_Strict):
    """A medical word and its plain meaning; ``forms`` are other spellings to spot in text."""

    id: Id
    term: Text
    definition: Text
    forms: list[Text] = []


class Glossary(_Strict):
    terms: list[Term] = Field(min_length=1)


#: The ``ui.yaml`` schema moved to :mod:`.ui_model`; these names still import from here.
_UI_NAMES = frozenset(
    {
        "ActionWords",
        "UrgencyLabels",
        "TriageCheckWords",
        "LessonCheckWords",
        "TestLabels",
        "OrderingText",
        "QuizText",
        "BodyMapText",
        "NavText",
        "StartText",
        "AppText",
        "HandoutText",
        "ProgressText",
        "GroupText",
        "RecordColumns",
        "FacilitatorText",
        "UiText",
    }
)


def __getattr__(name: str) -> object:
    """The ``ui.yaml`` models, imported when first asked for (:mod:`.ui_model` builds on this)."""
    if name in _UI_NAMES:
        from . import ui_model

        return getattr(ui_model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
