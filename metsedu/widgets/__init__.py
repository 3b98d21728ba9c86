"""Interactive parts of a lesson; the quiz keeps its answer key in Python."""

from ..events import AnswerEvent, AnswerEvents, answer_events
from .body_map import BodyMap
from .quiz import Quiz

__all__ = ["AnswerEvent", "AnswerEvents", "BodyMap", "Quiz", "answer_events"]
