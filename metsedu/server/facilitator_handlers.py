"""The facilitator pages' addresses and handlers: a nurse starts a group session and watches
anonymous counts live.

Why server pages and not a notebook: the key check, the session's counts and the teaching
record must not depend on a kernel a learner could reach, and a page that polls a small JSON
address every second stays live without one. The handlers only check and route; what the
pages show is in :mod:`.facilitator_results` and the ``facilitator/`` templates (every word
from ``ui.yaml``'s ``facilitator:``, every value escaped), who may come in is in
:mod:`.facilitator_access`, and the record in :mod:`.teaching_record`.

Every page is in the nurse's language (:func:`.page_language.request_locale`: ``?lang=``, the
browser's remembered choice, its languages, then ``--locale``), among the languages the
server has lessons in; ``?lang=es`` on any of them switches and is remembered, and every page
links to the others, each named in its own words. The join address and QR code open the
first lesson in the nurse's language; a learner switches with that page's language link,
which keeps the join code, and the counts merge across languages.

Every form carries tornado's anti-forgery token (``xsrf_cookies`` is on for the whole server,
see :mod:`.anti_forgery`), so a page elsewhere, even on another port of this computer, cannot
post one for a signed-in nurse. Anything that stops a page gets the plain-words template,
never a status line; a database that cannot be written is named in the server log with the
fix (:mod:`metsedu.sessions.storage_problems`).
"""

from __future__ import annotations

import logging
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from markupsafe import Markup
from tornado import web

from ..content import ContentError, ContentSource, Lesson, Library
from ..names import FACILITATOR, notebook_name, route
from ..sessions.storage_problems import is_storage_error, storage_problem
from ..sessions.store import NOTES_MAX, PHASES, SessionInfo, SessionStore, UnknownCodeError
from .downloads import send_download
from .facilitator_access import WRONG_KEY_LIMIT, SignIns, WrongKeys, key_matches
from .facilitator_results import (
    join_address,
    live_results,
    participants_line,
    qr_svg,
    quiz_items,
)
from .facilitator_templates import render
from .page_language import remember, request_locale
from .settings import served_locales
from .teaching_record import language_counts, record_csv, teaching_record

if TYPE_CHECKING:
    from ..content.ui_model import FacilitatorText
    from .settings import ServerSettings
    from .teaching_record import TeachingRecord

#: The signed cookie that carries a nurse's sign-in token.
COOKIE = "metsedu-facilitator"
#: What a join code may look like in an address (the store refuses any it did not issue).
CODE_IN_ADDRESS = r"[A-Za-z0-9]{1,12}"

# The facilitator's addresses, below the server's base URL (see metsedu.names).
SIGN_OUT = FACILITATOR + "/sign-out"
SCRIPT = FACILITATOR + "/facilitator.js"
SESSIONS = FACILITATOR + "/sessions"
SESSION = SESSIONS + "/{code}"


@dataclass
class FacilitatorContext:
    """What the facilitator pages share: the store, the content, who may come in, and the
    address learners connect to."""

    store: SessionStore
    key: str
    settings: ServerSettings
    public_url: str
    content: ContentSource
    sign_ins: SignIns = field(init=False)
    wrong_keys: WrongKeys = field(init=False)
    #: The languages the pages are offered in: those the server has lessons in.
    offered: list[str] = field(init=False)

    def __post_init__(self) -> None:
        # In the database, so every server that shares it knows who is signed in.
        self.sign_ins = SignIns(self.settings.facilitator_sign_in_hours, store=self.store)
        self.wrong_keys = WrongKeys()
        self.offered = served_locales(Path(self.settings.notebooks))
        # The last good library of each language; the default's was checked at start.
        self._libraries = {self.settings.locale: self.content.current(self.settings.locale)}

    def library(self, locale: str | None = None) -> Library:
        """The content in ``locale`` (default ``--locale``) as the files say now; while an
        edit leaves it broken, the last good one (``metsedu check`` says what is wrong), so a
        session in progress keeps its page; a language never read well: the default's."""
        locale = locale or self.settings.locale
        with suppress(ContentError):
            self._libraries[locale] = self.content.current(locale)
        return self._libraries.get(locale) or self._libraries[self.settings.locale]

    def language_name(self, locale: str) -> str:
        """``locale``'s name in its own words (ui.yaml ``language_name``); its code if this
        server has no content in it (answers kept by another server's lessons)."""
        with suppress(ContentError):
            self._libraries[locale] = self.content.current(locale)
        held = self._libraries.get(locale)
        return held.ui.language_name if held is not None else locale

    def join_lesson(self, lesson: Lesson) -> Lesson:
        """The lesson learners are sent to: in the nurse's language if this server has that
        notebook (``02-bones.es.ipynb``), else in the default language."""
        if (Path(self.settings.notebooks) / notebook_name(lesson)).is_file():
            return lesson
        return self.library().lessons.get(lesson.id, lesson)

    def remove_expired(self, log: logging.Logger) -> None:
        """Delete ended sessions; if the database cannot be written, say why in the log
        (every few minutes while it lasts) rather than with a traceback."""
        try:
            self.store.remove_expired()
        except Exception as error:
            if not is_storage_error(error):
                raise
            log.error(storage_problem(error, self.store.url))


def facilitator_routes(
    server_url: str, context: FacilitatorContext, log: logging.Logger
) -> list[tuple]:
    options = {"context": context, "log": log}
    return [
        (route(server_url, FACILITATOR), KeyPage, options),
        (route(server_url, SIGN_OUT), SignOut, options),
        (
            route(server_url, FACILITATOR + "/{path}", path=r"facilitator\.js"),
            ScriptFile,
            {"path": str(Path(__file__).parent)},
        ),
        (route(server_url, SESSIONS), StartSession, options),
        (route(server_url, SESSION, code=CODE_IN_ADDRESS), SessionPage, options),
        (route(server_url, SESSION + "/results.json", code=CODE_IN_ADDRESS), Results, options),
        (route(server_url, SESSION + "/phase", code=CODE_IN_ADDRESS), Phase, options),
        (route(server_url, SESSION + "/notes", code=CODE_IN_ADDRESS), Notes, options),
        (route(server_url, SESSION + "/record.csv", code=CODE_IN_ADDRESS), RecordCsv, options),
        (route(server_url, SESSION + "/record.pdf", code=CODE_IN_ADDRESS), RecordPdf, options),
    ]


class _Page(web.RequestHandler):
    """Shared by every facilitator page: the sign-in, the words, the template, the errors."""

    #: Whether the page opens only for a signed-in nurse (else it sends the key form).
    needs_sign_in: ClassVar[bool] = True

    def initialize(self, context: FacilitatorContext, log: logging.Logger) -> None:
        self.context = context
        self.log = log

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        # Referrer-Policy and the framing rules: security_headers.py, for every response.

    # Read when first needed, not in prepare(): a refused form is answered before it runs.
    @cached_property
    def locale(self) -> str:
        """The page's language: the nurse's (see the module's docstring)."""
        return request_locale(self, self.context.offered, self.context.settings.locale)

    @cached_property
    def library(self) -> Library:
        return self.context.library(self.locale)

    @cached_property
    def words(self) -> FacilitatorText:
        return self.library.ui.facilitator

    @cached_property
    def token(self) -> str | None:
        """This browser's sign-in token, if its cookie is genuine and the sign-in still on."""
        days = self.context.settings.facilitator_sign_in_hours / 24
        raw = self.get_signed_cookie(COOKIE, max_age_days=days)
        token = raw.decode("ascii", "replace") if raw else None
        return token if self.context.sign_ins.valid(token) else None

    def prepare(self) -> None:
        # A language link (?lang=es): this page and the next ones are in that language.
        if self.get_query_argument("lang", "") in self.context.offered:
            remember(self, self.get_query_argument("lang"))
        if self.needs_sign_in and self.token is None:
            self.redirect(self.link(FACILITATOR))

    def link(self, address: str, **fields: str) -> str:
        """``address`` (a :mod:`metsedu.names` pattern) as a link below the base URL."""
        base = self.settings.get("base_url", "/")
        return base.rstrip("/") + "/" + address.format(**fields)

    def render_page(self, name: str, status: int = 200, **values: Any) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        links = {
            "home": self.link(FACILITATOR),
            "sessions": self.link(SESSIONS),
            "sign_out": self.link(SIGN_OUT),
            "script": self.link(SCRIPT),
            **values.pop("links", {}),
        }
        self.finish(
            render(
                name,
                metsedu={"lang": self.library.locale},
                languages=self.language_links(),
                languages_label=self.library.ui.app.languages,
                words=self.words,
                links=links,
                xsrf=Markup(self.xsrf_form_html()),  # tornado's field, escaped by tornado
                signed_in=self._signed_in_as_far_as_known(),
                **values,
            )
        )

    def language_links(self) -> list[dict[str, str]]:
        """This page in each other language the server offers, each named in its own words.

        A page that answered a form links to the start page instead (its address takes
        only the form)."""
        here = self.request.path if self.request.method == "GET" else self.link(FACILITATOR)
        return [
            {"lang": x, "name": self.context.language_name(x), "href": f"{here}?lang={x}"}
            for x in self.context.offered
            if x != self.library.locale
        ]

    def _signed_in_as_far_as_known(self) -> bool:
        """Whether to offer "Sign out"; not when the database that knows cannot be read
        (the page is then the plain-words storage message, which must still be drawn)."""
        try:
            return self.token is not None
        except Exception as error:
            if is_storage_error(error):
                return False
            raise

    def message(self, status: int, text: str) -> None:
        self.render_page("message.html", status, text=text)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Plain words for whatever stopped the page; the details stay in the server log."""
        status, text = self.error_words(status_code, kwargs.get("exc_info"))
        self.message(status, text)

    def error_words(self, status: int, exc_info: Any) -> tuple[int, str]:
        error = exc_info[1] if exc_info else None
        if is_storage_error(error):
            return 503, self.words.storage_failed
        if status == 403:  # tornado refused a form without this page's anti-forgery token
            return 403, self.words.form_refused
        return status, self.words.error

    def log_exception(self, typ: Any, value: BaseException | None, tb: Any) -> None:
        if value is not None and is_storage_error(value):
            self.log.error(storage_problem(value, self.context.store.url))
            return
        super().log_exception(typ, value, tb)


class _SessionPart(_Page):
    """A page or file of one group session: ``prepare`` finds it, or answers 404 in words."""

    session: SessionInfo

    def prepare(self) -> None:
        super().prepare()
        if self._finished:  # sent to the key form
            return
        try:
            self.session = self.context.store.session(self.path_kwargs["code"])
        except UnknownCodeError:
            self.not_found()

    def not_found(self) -> None:
        self.message(404, self.words.unknown_code)

    def languages(self) -> list:
        """How many answered in each language, each named in its own words."""
        found = self.context.store.languages(self.session.code)
        return language_counts(found, self.context.language_name)

    def to_session(self, query: str = "") -> None:
        self.redirect(self.link(SESSION, code=self.session.code) + query)


class KeyPage(_Page):
    """The way in: the key form, or (signed in) the form that starts a session."""

    needs_sign_in = False

    def get(self) -> None:
        if self.token is None:
            signed_out = self.get_query_argument("signed-out", "") == "1"
            self.render_page("key.html", wrong=False, signed_out=signed_out)
        else:
            self.render_page("start.html", lessons=self.library.ordered())

    def post(self) -> None:
        wrong_keys = self.context.wrong_keys
        client = self.request.remote_ip or ""
        waiting = wrong_keys.wait(client)
        if waiting:
            # Even the right key waits: otherwise the guessing could go on.
            self.set_header("Retry-After", str(int(waiting) + 1))
            return self.message(429, self.words.key_wait)
        if not key_matches(self.get_body_argument("key", ""), self.context.key):
            tries = wrong_keys.wrong(client)
            who = wrong_keys.label(client)
            self.log.warning(
                "metsedu: a wrong facilitator key was typed (%d in the last minute from "
                "browser %s; what was typed is not logged)",
                tries,
                who,
            )
            if tries >= WRONG_KEY_LIMIT:
                self.log.warning(
                    "metsedu: browser %s typed %d wrong facilitator keys within a minute, so "
                    "its next tries wait a minute. If no nurse was mistyping, someone may be "
                    "guessing the key: start the lessons again to get a new one.",
                    who,
                    tries,
                )
            return self.render_page("key.html", 403, wrong=True, signed_out=False)
        wrong_keys.right(client)
        self.set_signed_cookie(
            COOKIE,
            self.context.sign_ins.start(),
            expires_days=self.context.settings.facilitator_sign_in_hours / 24,
            httponly=True,
            samesite="Strict",
            path=self.link(FACILITATOR),
        )
        self.redirect(self.link(FACILITATOR))


class SignOut(_Page):
    """Forget this browser's sign-in on the server, so its cookie opens nothing any more."""

    needs_sign_in = False

    def post(self) -> None:
        self.context.sign_ins.end(self.token)
        self.clear_cookie(COOKIE, path=self.link(FACILITATOR))
        self.redirect(self.link(FACILITATOR) + "?signed-out=1")


class ScriptFile(web.StaticFileHandler):
    """The session page's script, as a file (so the page needs no inline script)."""

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-cache")
        self.set_header("X-Content-Type-Options", "nosniff")


class StartSession(_Page):
    def post(self) -> None:
        chosen = [x for x in self.get_body_arguments("lessons") if x in self.library.lessons]
        if not chosen:
            return self.redirect(self.link(FACILITATOR))
        hours = self.context.settings.session_hours
        code = self.context.store.open_session(chosen, hours=hours)
        self.redirect(self.link(SESSION, code=code))


class SessionPage(_SessionPart):
    """The code, the address and QR code, the stage, live counts, notes and the record."""

    def get(self, code: str) -> None:
        session = self.session
        lessons = [x for x in (self.library.lessons.get(i) for i in session.lessons) if x]
        first = self.context.join_lesson(lessons[0])
        address = join_address(self.context.public_url, first, session.code)
        here = self.link(SESSION, code=session.code)
        data = {
            "words": {"no_answers": self.words.no_answers, "reveal": self.words.reveal},
            "results": here + "/results.json",
            "items": [
                {k: item[k] for k in ("key", "lesson", "prompt", "explanation")}
                for item in quiz_items(lessons, self.library.ui)
            ],
        }
        self.render_page(
            "session.html",
            links={"session": here},
            code=session.code,
            address=address,
            qr=Markup(qr_svg(address)),  # drawn by segno from the address: no text of ours
            hours=self.context.settings.session_hours,
            phases=PHASES,
            current_phase=session.phase,
            notes=session.notes,
            notes_max=NOTES_MAX,
            saved=self.get_query_argument("saved", "") == "1",
            participants_line=participants_line(
                self.context.store.participants(session.code),
                self.languages(),
                self.words,
                self.library.locale,
            ),
            data=data,
        )


class Results(_SessionPart):
    """Counts for the page to draw: per question and stage, never who answered what."""

    def not_found(self) -> None:
        self.set_status(404)
        self.finish({"error": self.words.unknown_code})

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        status, text = self.error_words(status_code, kwargs.get("exc_info"))
        self.set_status(status)
        self.finish({"error": text})

    def get(self, code: str) -> None:
        store = self.context.store
        counts = store.counts(self.session.code)
        participants = store.participants(self.session.code)
        languages = self.languages()
        self.finish(live_results(self.session, counts, participants, self.library, languages))


class Phase(_SessionPart):
    def post(self, code: str) -> None:
        phase = self.get_body_argument("phase", "")
        if phase in PHASES:
            self.context.store.set_phase(self.session.code, phase)
        self.to_session()


class Notes(_SessionPart):
    def post(self, code: str) -> None:
        self.context.store.set_notes(self.session.code, self.get_body_argument("notes", ""))
        self.to_session("?saved=1")


class _RecordFile(_SessionPart):
    """The teaching record as a file to keep: a download, named for its session."""

    def record(self) -> TeachingRecord:
        """The record in the nurse's language, with how many answered in each language."""
        name_of = self.context.language_name
        return teaching_record(self.context.store, self.session.code, self.library, name_of)

    def attachment(self, suffix: str, content_type: str, body: str | bytes) -> None:
        send_download(self, f"teaching-record-{self.session.code}.{suffix}", content_type, body)


class RecordCsv(_RecordFile):
    def get(self, code: str) -> None:
        record = self.record()
        csv = record_csv(record, self.words.record_columns)
        self.attachment("csv", "text/csv; charset=utf-8", csv)


class RecordPdf(_RecordFile):
    def get(self, code: str) -> None:
        from .teaching_record_pdf import record_pdf

        record = self.record()
        self.attachment("pdf", "application/pdf", record_pdf(record, self.words))
