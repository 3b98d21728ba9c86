"""Lesson assembly: a lesson's parts as outputs for notebook cells."""

from .lesson_page import LessonPage, body_map, page

__all__ = ["LessonPage", "body_map", "page"]
