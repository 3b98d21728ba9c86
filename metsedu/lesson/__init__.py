"""Lesson assembly: a lesson's parts as outputs for notebook cells."""

from .lesson_page import LessonPage, page

__all__ = ["LessonPage", "page"]
