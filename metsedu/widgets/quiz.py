"""The quiz widget: accessible questions whose answer key never leaves Python.

The browser is sent only what a learner may see *now*: the prompt and option
labels before a check; after a check, the feedback for what was chosen (nothing
about what was not: each kind's grade sees to that) and the explanation; the right
answer only once it is found or asked for. Every message
from the browser is parsed as untrusted input by the item's kind (see
:mod:`metsedu.content.quiz_kinds`, which also knows what each kind may show);
whatever does not fit is refused, logged, and answered with a plain notice, and
the quiz carries on. No trait is owned by the browser, so forged state updates
are refused as well. This module holds only the state machine.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from ..content.model import Lesson, QuizItem, Urgency
from ..content.quiz_kinds import AnswerRefusedError, kind_of
from ..content.ui_model import UiText
from ..events import AnswerEvent, AnswerEvents, Joiner, Recorder, Status, answer_events
from ._untrusted import shape_of

log = logging.getLogger("metsedu")
_STATIC = Path(__file__).parent / "static"


class Quiz(anywidget.AnyWidget):
    """One lesson's quiz: one item at a time, check, try again, show answer, summary."""

    _esm = _STATIC / "quiz.js"
    _css = _STATIC / "quiz.css"

    labels = traitlets.Dict().tag(sync=True)
    quiz_id = traitlets.Unicode().tag(sync=True)
    item = traitlets.Dict().tag(sync=True)
    number = traitlets.Int(1).tag(sync=True)
    total = traitlets.Int(0).tag(sync=True)
    stage = traitlets.Unicode("answering").tag(sync=True)
    result = traitlets.Dict().tag(sync=True)
    summary = traitlets.Dict().tag(sync=True)
    notice = traitlets.Unicode("").tag(sync=True)
    #: The learner's group session, if they joined one: {"state", "message"} (never the code
    #: of a session they did not join).
    group = traitlets.Dict().tag(sync=True)
    #: Bumped on every change the browser should announce or move focus for.
    revision = traitlets.Int(0).tag(sync=True)

    def __init__(
        self,
        lesson: Lesson,
        ui: UiText,
        events: AnswerEvents = answer_events,
        join: Joiner | None = None,
    ) -> None:
        """``join`` finds a nurse's group session by its code (the lesson page passes the
        sessions' own); without it every code is refused, as on a page with no sessions."""
        if not lesson.quiz:
            raise ValueError(f"lesson {lesson.id!r} has no quiz items")
        self._lesson = lesson
        self._ui = ui
        self._events = events
        self._join = join
        self._index = 0
        # Both live as long as the page: "Start again" clears neither, so the summary's
        # "right the first time" is the first try ever on this page, and practice after a
        # shown answer (or a wrong one) cannot turn it into a first-time right.
        self._attempts: dict[str, int] = {}
        self._first: dict[str, Status] = {}
        #: The first try at each item since the last "Start again" (``None``: never started
        #: again); the summary says how that went too, on a line of its own.
        self._first_again: dict[str, Status] | None = None
        self._group: Recorder | None = None
        labels = ui.quiz.model_dump()
        labels["urgency"] = {u.value: ui.urgency.of(u).label for u in Urgency}
        labels["group"] = ui.group.model_dump()
        super().__init__(
            labels=labels, quiz_id=f"{lesson.id}-quiz", total=len(lesson.quiz), stage="answering"
        )
        self._show_item()
        self.on_msg(self._on_message)

    # -- the learner's actions, also the Python API the tests drive ---------------------

    @property
    def current(self) -> QuizItem:
        return self._lesson.quiz[self._index]

    def check(self, raw_answer: Any) -> None:
        """Grade the learner's answer to the current item and show its feedback."""
        if self.stage != "answering":
            return self._refuse("check outside of answering", raw_answer)
        item = self.current
        kind = kind_of(item)
        notice = kind.missing(item, raw_answer)
        if notice:
            return self._notify(getattr(self._ui.quiz, notice))
        try:
            answer = kind.parse(item, raw_answer)
        except AnswerRefusedError:  # its words name what was sent: not for the log
            return self._refuse(f"an answer a {item.type} question cannot take", raw_answer)
        result = kind.grade(item, answer)
        attempt = self._attempts[item.id] = self._attempts.get(item.id, 0) + 1
        self._first_try(item, result.status)
        view: dict[str, Any] = {
            "status": result.status,
            "headline": getattr(self._ui.quiz, result.status),
            "chosen": kind.chosen_view(answer),
            "marks": {
                k: {"correct": m.correct, "feedback": m.feedback} for k, m in result.marks.items()
            },
            "feedback": result.feedback,
            "explanation": item.explanation,
        }
        if result.status == "right":
            view["answer"] = kind.answer_key(item)
        self._set(stage="checked", result=view, notice="")
        self._emit(item, attempt, result.status, result.score, kind.answer_ids(answer))

    def retry(self) -> None:
        if self.stage == "checked":
            self._set(stage="answering", result={}, notice="")

    def show_answer(self) -> None:
        """Reveal the right answer with its feedback; counts as not right the first time."""
        if self.stage == "summary":
            return
        item = self.current
        kind = kind_of(item)
        self._first_try(item, "shown")
        attempt = self._attempts.get(item.id, 0)
        self._set(
            stage="checked",
            notice="",
            result={
                "status": "shown",
                "headline": self._ui.quiz.shown,
                "chosen": self.result.get("chosen"),
                "marks": kind.key_marks(item),
                "feedback": None,
                "explanation": item.explanation,
                "answer": kind.answer_key(item),
            },
        )
        self._emit(item, attempt, "shown", 0.0, ())

    def next(self) -> None:
        if self._index + 1 < len(self._lesson.quiz):
            self._index += 1
            self._show_item()

    def previous(self) -> None:
        if self._index > 0:
            self._index -= 1
            self._show_item()

    def finish(self) -> None:
        """The kind summary: how many were right first time, and what to read again.

        "First time" is the first try ever on this page; after "Start again", a second line
        (if ui.yaml has its words) says how many were right at the first try since then."""
        right = sum(status == "right" for status in self._first.values())
        total = len(self._lesson.quiz)
        quiz = self._ui.quiz
        review = []
        for item in self._lesson.quiz:
            if self._first.get(item.id) == "right":
                continue
            section = self._lesson.section(item.review_section) if item.review_section else None
            review.append(
                {
                    "question": item.prompt,
                    "section": section.heading if section else "",
                    "anchor": f"{self._lesson.id}-{section.id}" if section else "",
                }
            )
        score_line = (
            quiz.summary_all_right
            if right == total
            else quiz.summary_score.format(right=right, total=total)
        )
        summary: dict[str, Any] = {"review": review, "right": right, "total": total}
        if self._first_again is not None:
            again = sum(status == "right" for status in self._first_again.values())
            summary["again"] = again
            if quiz.summary_score_again:
                again_line = quiz.summary_score_again.format(right=again, total=total)
                score_line = f"{score_line} {again_line}"
        self._set(stage="summary", result={}, notice="", summary={"score": score_line, **summary})

    def join(self, code: Any, seat: Any = None, slowed: Any = False) -> None:
        """Join a nurse's group session, so this page's answers are counted (anonymously).

        ``seat`` and ``slowed`` come from the lesson server, never the browser (see
        ``metsedu/server/join_guard.py``): the browser this page is in, so its answers count
        once however often it joins; and whether it typed too many wrong codes to be heard now.
        """
        if slowed is True:
            return self._answer_join("refused", self._ui.group.slow_down)
        try:
            if self._join is None:
                raise LookupError(code)
            member = self._join(str(code), self._lesson.id, seat if isinstance(seat, str) else None)
        except (LookupError, ValueError):
            self._group = None
            return self._answer_join("refused", self._ui.group.unknown_code)
        self._group = member
        self._answer_join("joined", self._ui.group.joined.format(code=member.code))

    def _answer_join(self, state: str, message: str) -> None:
        """Every try gets its answer on the page, the same words again included."""
        tries = self.group.get("tries", 0) + 1 if isinstance(self.group, dict) else 1
        self.group = {"state": state, "message": message, "tries": tries}

    def restart(self) -> None:
        """Back to the first question, to practise. Accepted at any point: it cannot change
        the score, because each item's first try on this page is kept (see ``finish``)."""
        self._index = 0
        self._first_again = {}
        self._show_item()

    # -- plumbing -------------------------------------------------------------------------

    def _first_try(self, item: QuizItem, status: Status) -> None:
        self._first.setdefault(item.id, status)
        if self._first_again is not None:
            self._first_again.setdefault(item.id, status)

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        """Route a message from the browser; refuse anything that is not a known action."""
        try:
            action = content.get("action") if isinstance(content, dict) else None
            handler = _ACTIONS.get(action) if isinstance(action, str) else None
            if handler is None:
                return self._refuse("unknown message", content)
            if content.get("item") != self.current.id and action not in _ANY_ITEM:
                return self._refuse("message for an item that is not the current one", content)
            handler(self, content)
        except Exception:  # never let one message break the learner's page
            log.exception("quiz %s: failed to handle a message", self.quiz_id)
            self._notify(self._ui.quiz.not_accepted)

    def set_state(self, sync_data: dict[str, Any]) -> None:
        """Refuse state changes from the browser: every trait here is Python's to set."""
        if sync_data:
            log.warning(
                "quiz %s: refused a state change from the browser (%s)",
                self.quiz_id,
                shape_of(sync_data),
            )
            self.send_state(list(sync_data))

    def _show_item(self) -> None:
        self._set(
            item=kind_of(self.current).public_view(self.current, self._ui),
            number=self._index + 1,
            stage="answering",
            result={},
            summary={},
            notice="",
        )

    def _set(self, **traits: Any) -> None:
        with self.hold_sync():
            for name, value in traits.items():
                setattr(self, name, value)
            self.revision += 1

    def _notify(self, text: str) -> None:
        self._set(notice=text)

    def _refuse(self, why: str, raw: Any) -> None:
        log.warning(
            "quiz %s: refused input from the browser (%s): %s", self.quiz_id, why, shape_of(raw)
        )
        self._notify(self._ui.quiz.not_accepted)

    def _emit(
        self, item: QuizItem, attempt: int, status: Status, score: float, answer: tuple[str, ...]
    ) -> None:
        lesson = self._lesson
        event = AnswerEvent(
            lesson.id, lesson.version, item.id, item.type, attempt, status, score, answer
        )
        self._events.emit(event)
        if self._group is not None:
            self._group.answered(event)


#: The one table of what the browser may ask: action -> what it does with the message.
_ACTIONS: dict[str, Callable[[Quiz, dict[str, Any]], None]] = {
    "check": lambda quiz, message: quiz.check(message.get("answer")),
    "retry": lambda quiz, _message: quiz.retry(),
    "show": lambda quiz, _message: quiz.show_answer(),
    "next": lambda quiz, _message: quiz.next(),
    "previous": lambda quiz, _message: quiz.previous(),
    "finish": lambda quiz, _message: quiz.finish(),
    "restart": lambda quiz, _message: quiz.restart(),
    "join": lambda quiz, message: quiz.join(
        message.get("code", ""), message.get("seat"), message.get("slowed", False)
    ),
}
#: Actions that do not name the current item (they are about the whole quiz).
_ANY_ITEM = {"restart", "join"}
