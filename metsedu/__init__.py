"""metsedu: patient-education lessons on where metastatic breast cancer spreads.

The public surface is small on purpose; everything else is private detail.
"""

from .content import ContentError, load_lesson, load_lessons
from .lesson import body_map, page, start_page

__all__ = [
    "ContentError",
    "__version__",
    "body_map",
    "load_lesson",
    "load_lessons",
    "page",
    "start_page",
]
__version__ = "0.1.0"
