"""The words around the lessons (``ui.yaml``): labels, notes, buttons and each level's words.

Why a module of its own: the lesson schema (:mod:`.model`) says what a lesson teaches, and
this one what the frame around it says. Each is easier to read without the other's 200
fields. Every ``PLACEHOLDERS`` table here lists the ``{names}`` the code fills in that
field, so ``metsedu check`` can hold ``ui.yaml`` to them (:mod:`.placeholders`).
:mod:`.model` still answers for these names, so older imports keep working.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from .model import Text, Urgency, _Strict
from .placeholders import Fills, fills


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
        "summary_score_again": fills("right", "total"),
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
    #: After "Start again": how many were right at the first try since then (the score
    #: above stays the first try ever). Without it the summary does not mention the retry.
    summary_score_again: Text | None = None
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
    #: Shown instead of a lesson when the server serves all the pages it may at once.
    server_full: Text
    error: Text
    #: Shown when the page lost its kernel or a widget failed, just before it reloads.
    page_reloading: Text
    #: Shown instead when reloading has not helped (twice within a few minutes).
    page_broken: Text
    #: What a screen reader calls the list of languages a page is offered in (each is
    #: named in its own words, ``language_name``).
    languages: Text


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
    #: After too many codes that named no session: the wait, in plain words.
    slow_down: Text
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
    #: The rows saying how many answered in each language: this label, the language named
    #: in its own words, the number of people.
    language: Text


class FacilitatorText(_Strict):
    """Words on the nurse's facilitator pages, the teaching record and its PDF.

    ``PLACEHOLDERS`` says which ``{name}`` each sentence may hold (filled by the server's
    ``fill``); the join-code and address lines are useless without their code and address.
    The pages are in the nurse's language (their language links switch it); a session's
    learners may answer in several, and ``languages_line`` says how many answered in each
    (``{languages}`` is every ``language_count`` joined with commas, each language named in
    its own words: "English 12, Español 5").
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
        "languages_line": fills(required=("languages",)),
        "language_count": fills(required=("language", "count")),
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
    #: How many answered in each language: on the live page, the spreadsheet and the PDF.
    languages_line: Text
    #: One language's part of ``languages_line``: its name in its own words and how many.
    language_count: Text
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
