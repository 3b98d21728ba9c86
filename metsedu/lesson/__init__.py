"""Lesson assembly: a lesson's parts as outputs for notebook cells."""

from .lesson_page import LessonPage, StartPage, body_map, page, start_page

__all__ = ["LessonPage", "StartPage", "body_map", "page", "start_page"]
