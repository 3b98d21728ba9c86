"""Page templates compiled once per server, not once per learner.

Why: Voilà makes a new nbconvert exporter, and so a new Jinja environment, for every page
it renders, and each new environment parses and compiles the lesson template and the
templates it extends again. In a walk-in class of 30 that was a quarter of the server's
CPU time (a py-spy profile of the class: 649 of 2511 samples in ``Environment.compile``).
Jinja's own remedy is a bytecode cache shared by environments: a template whose source is
unchanged is loaded from its compiled code. The cache is checked against each template's
source on every load, so an edited template is still compiled afresh.
"""

from __future__ import annotations

from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class SharedBytecodeCache(BytecodeCache):
    """Compiled templates kept in this process's memory (a few hundred kilobytes)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # ignored by jinja if the source changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


#: The one cache every page's environment shares.
CACHE = SharedBytecodeCache()


def share_compiled_templates() -> bool:
    """Make every Voilà page environment use :data:`CACHE`. True if it was not already so."""
    from voila.exporter import VoilaExporter

    create = VoilaExporter._create_environment
    if getattr(create, "shares_compiled_templates", False):
        return False

    def _create_environment(self: Any) -> Any:
        environment = create(self)
        environment.bytecode_cache = CACHE
        return environment

    _create_environment.shares_compiled_templates = True  # type: ignore[attr-defined]
    VoilaExporter._create_environment = _create_environment  # type: ignore[method-assign]
    return True
