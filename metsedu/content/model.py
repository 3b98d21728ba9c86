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

#: Any text a learner reads: never empty, surrounding white space removed.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: A short, stable, lower-case id used to refer to things from other places.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]


class Urgency(StrEnum):
    """How soon a learner should act on a symptom; the labels live in ``ui.yaml``."""

    HELP_NOW = "help_now"
    CALL_TODAY = "call_today"
    NEXT_VISIT = "next_visit"


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


class Symptom(_Sourced):
    id: Id
    text: Text
    urgency: Urgency
    detail: Text | None = None


class MonitoringTest(_Sourced):
    """A test the care team uses to check a site: what it is, feels like, and needs."""

    id: Id
    name: Text
    what: Text
    feels_like: Text
    prepare: Text
    how_often: Text | None = None


class Treatment(_Sourced):
    """What a treatment aims to do (never a dose) and the side effects to report."""

    id: Id
    name: Text
    aim: Text
    report: list[Text] = []


class RedFlag(_Sourced):
    """A sign that needs help now, and exactly what to do about it."""

    id: Id
    title: Text
    signs: list[Text] = Field(min_length=1)
    action: Text


class Option(_Strict):
    id: Id
    text: Text
    correct: bool = False
    feedback: Text


class _QuizItem(_Sourced):
    id: Id
    prompt: Text
    explanation: Text
    #: The section a learner who missed this item should read again.
    review_section: Id | None = None


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
    id: Id
    text: Text
    urgency: Urgency
    feedback: Text


class Triage(_QuizItem):
    """Sort each symptom into get help now / call your team today / next visit."""

    type: Literal["triage"]
    cards: list[TriageCard] = Field(min_length=2)


QuizItem = Annotated[
    SingleChoice | Scenario | MultipleSelect | TrueFalse | Triage,
    Field(discriminator="type"),
]
CHOICE_TYPES = (SingleChoice, Scenario, MultipleSelect)


class Review(_Strict):
    """Clinical review state, shown on every lesson page."""

    status: Literal["draft", "reviewed"]
    date: dt.date
    next_review: dt.date
    #: A role, not a person's name: "Oncology nurse educator".
    reviewed_by: Text | None = None


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
    symptoms: list[Symptom] = []
    tests: list[MonitoringTest] = []
    treatments: list[Treatment] = []
    red_flags: list[RedFlag] = Field(min_length=1)
    who_to_call: list[Text] = Field(min_length=1)
    key_points: list[Text] = Field(min_length=1)
    teach_back: list[Text] = Field(min_length=1)
    questions_to_ask: list[Text] = []
    """Questions a learner may want to ask their team; printed on the take-home handout."""
    quiz: list[QuizItem] = []
    glossary: list[Id] = []
    sources: list[Source] = Field(min_length=1)
    review: Review
    #: Set by the loader from the folder the file was read from.
    locale: str = "en"

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

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


class UrgencyLabels(_Strict):
    help_now: Text
    call_today: Text
    next_visit: Text


class TestLabels(_Strict):
    what: Text
    feels_like: Text
    prepare: Text
    how_often: Text


class QuizText(_Strict):
    """The quiz's buttons and messages. ``{number}``, ``{total}``, ``{right}`` are filled in."""

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


class BodyMapText(_Strict):
    """Words of the body map. ``{title}`` is filled with a lesson title."""

    heading: Text
    description: Text
    instructions: Text
    open_lesson: Text
    regions: dict[Literal["bone", "lung", "liver", "brain"], Text]


class NavText(_Strict):
    """Links between lessons. ``{title}`` is filled with the other lesson's title."""

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
    footer: Text
    download: Text
    download_help: Text


class ProgressText(_Strict):
    """Words for the progress a learner's own browser keeps (never sent to the server).

    ``visited`` is filled with ``{visited}`` and ``{total}``; ``best`` with ``{score}`` and
    ``{total}``; ``continue_link`` with ``{title}``.
    """

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
    """Words on the nurse's facilitator pages. ``{code}``, ``{address}``, ``{count}``,
    ``{answered}``, ``{right}``, ``{date}`` and ``{hours}`` are filled in where they appear.
    """

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


class UiText(_Strict):
    """Words around the lessons that are not lesson content: labels, notes, buttons."""

    language_name: Text
    disclaimer: Text
    urgency: UrgencyLabels
    review_status: dict[Literal["draft", "reviewed"], Text]
    review_line: Text
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
