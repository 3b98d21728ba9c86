"""The facilitator pages: a nurse starts a group session and watches anonymous counts live.

Why server pages and not a notebook: the key check, the session's counts and the teaching
record must not depend on a kernel a learner could reach, and a page that polls a small
JSON address every second stays live without one. Every word comes from ``ui.yaml``
(``facilitator:``); every value shown is escaped; every form is checked; the key lives
only in this process and in an HMAC cookie (``SameSite=Strict``, so another site cannot
make the nurse's browser post a form here).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import TYPE_CHECKING, Any

from tornado import web

from ..content import load_library
from ..content.model import Lesson, RecordColumns
from ..content.quiz_kinds import kind_of
from ..names import notebook_name as notebook_link
from ..sessions.store import PHASES, ItemCount, SessionInfo, SessionStore, UnknownCodeError

if TYPE_CHECKING:
    from .settings import ServerSettings

COOKIE = "metsedu-facilitator"
CODE = r"(?P<code>[A-Za-z0-9]{1,12})"


@dataclass
class Group:
    """What the facilitator pages share: the store, the key and where learners connect."""

    store: SessionStore
    key: str
    settings: ServerSettings
    public_url: str

    def cookie_value(self) -> str:
        return hmac.new(self.key.encode(), b"metsedu facilitator", hashlib.sha256).hexdigest()


def facilitator_routes(server_url: str, group: Group) -> list[tuple]:
    base = server_url.rstrip("/") + "/metsedu/facilitator"
    options = {"group": group}
    return [
        (base, KeyPage, options),
        (base + "/sessions", StartSession, options),
        (base + f"/sessions/{CODE}", SessionPage, options),
        (base + f"/sessions/{CODE}/results.json", Results, options),
        (base + f"/sessions/{CODE}/phase", Phase, options),
        (base + f"/sessions/{CODE}/notes", Notes, options),
        (base + f"/sessions/{CODE}/record.csv", RecordCsv, options),
        (base + f"/sessions/{CODE}/record.pdf", RecordPdf, options),
    ]


class _Page(web.RequestHandler):
    """Shared checks: the key cookie, the content's words, plain pages with escaped values."""

    def initialize(self, group: Group) -> None:
        self.group = group
        self.library = load_library(group.settings.locale)
        self.words = self.library.ui.facilitator

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")

    def allowed(self) -> bool:
        cookie = self.get_cookie(COOKIE) or ""
        return hmac.compare_digest(cookie, self.group.cookie_value())

    def prepare(self) -> None:
        if not isinstance(self, KeyPage) and not self.allowed():
            self.redirect(self.base() + "/metsedu/facilitator")

    def base(self) -> str:
        return self.settings.get("base_url", "/").rstrip("/")

    def plain(self, status: int, text: str) -> None:
        self.set_status(status)
        self.page(f"<p role='alert'>{escape(text)}</p>")

    def page(self, body: str, script: str = "") -> None:
        lang = escape(self.group.settings.locale)
        css = resources.files(__package__).joinpath("facilitator.css").read_text("utf-8")
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(
            f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="icon" href="data:,">'
            f"<title>{escape(self.words.title)}</title><style>{css}</style></head>"
            f'<body><main id="main">{body}'
            f'<p class="privacy">{escape(self.words.privacy)}</p></main>{script}</body></html>'
        )

    def lesson(self, lesson_id: str) -> Lesson | None:
        return self.library.lessons.get(lesson_id)


class _SessionPart(_Page):
    """A page or file of one group session: ``prepare`` finds it, or answers 404 in words."""

    session: SessionInfo

    def prepare(self) -> None:
        super().prepare()
        if self._finished:  # sent to the key form
            return
        try:
            self.session = self.group.store.session(self.path_kwargs["code"])
        except UnknownCodeError:
            self.not_found()

    def not_found(self) -> None:
        self.plain(404, self.words.unknown_code)


class KeyPage(_Page):
    """The way in: the key form, or (with the key) the form that starts a session."""

    def get(self, wrong: bool = False) -> None:
        w = self.words
        if not self.allowed():
            warning = f"<p role='alert' class='warning'>{escape(w.key_wrong)}</p>" if wrong else ""
            return self.page(
                f"<h1>{escape(w.title)}</h1>{warning}"
                f'<form method="post"><p><label for="key">{escape(w.key_label)}</label></p>'
                '<p><input id="key" name="key" type="password" autocomplete="off" required>'
                f' <button type="submit">{escape(w.key_button)}</button></p></form>'
            )
        boxes = "".join(
            f'<li><input type="checkbox" name="lessons" value="{escape(x.id)}"'
            f' id="l-{escape(x.id)}"> <label for="l-{escape(x.id)}">{escape(x.title)}</label></li>'
            for x in self.library.ordered()
        )
        self.page(
            f"<h1>{escape(w.start_heading)}</h1>"
            f'<form method="post" action="{self.base()}/metsedu/facilitator/sessions">'
            f'<fieldset><legend>{escape(w.choose_lessons)}</legend><ul class="plain">{boxes}</ul>'
            f'</fieldset><p><button type="submit">{escape(w.start_button)}</button></p></form>'
        )

    def post(self) -> None:
        typed = self.get_body_argument("key", "")
        if not hmac.compare_digest(typed.encode(), self.group.key.encode()):
            self.set_status(403)
            return self.get(wrong=True)
        self.set_cookie(
            COOKIE,
            self.group.cookie_value(),
            httponly=True,
            samesite="Strict",
            path=self.base() + "/metsedu/facilitator",
        )
        self.redirect(self.base() + "/metsedu/facilitator")


class StartSession(_Page):
    def post(self) -> None:
        chosen = [x for x in self.get_body_arguments("lessons") if self.lesson(x)]
        if not chosen:
            return self.redirect(self.base() + "/metsedu/facilitator")
        code = self.group.store.open_session(chosen, hours=self.group.settings.session_hours)
        self.redirect(f"{self.base()}/metsedu/facilitator/sessions/{code}")


class SessionPage(_SessionPart):
    """The code, the address and QR code, the stage, live counts, notes and the record."""

    def get(self, code: str) -> None:
        session = self.session
        w = self.words
        code = session.code
        lessons = [x for x in (self.lesson(i) for i in session.lessons) if x]
        address = join_address(self.group.public_url, lessons[0], code)
        here = f"{self.base()}/metsedu/facilitator/sessions/{code}"
        phases = "".join(
            f'<button type="submit" name="phase" value="{p}"'
            f' aria-pressed="{"true" if p == session.phase else "false"}">'
            f"{escape(w.phases[p])}</button> "
            for p in PHASES
        )
        saved = (
            f"<p role='status'>{escape(w.notes_saved)}</p>"
            if self.get_query_argument("saved", "") == "1"
            else ""
        )
        data = {
            "words": w.model_dump(),
            "results": here + "/results.json",
            "items": quiz_items(lessons, self.library.ui),
        }
        body = (
            f"<h1>{escape(w.session_heading.format(code=code))}</h1>"
            f'<p class="code">{escape(w.code_line.format(code=code))}</p>'
            f"<p>{escape(w.address_line.format(address=address))}</p>"
            f'<figure class="qr" role="img" aria-label="{escape(w.qr_label)}">'
            f"{qr_svg(address)}</figure>"
            f"<p>{escape(w.expires.format(hours=self.group.settings.session_hours))}</p>"
            f"<h2>{escape(w.phase_heading)}</h2>"
            f'<form method="post" action="{here}/phase"><p class="phases">{phases}</p></form>'
            f'<p id="participants" role="status"></p>'
            f"<h2>{escape(w.results_heading)}</h2>"
            f'<div id="results" aria-live="off"></div>'
            f"<h2>{escape(w.change_heading)}</h2><div id='change'></div>"
            f"<h2>{escape(w.record_heading)}</h2>"
            f'<form method="post" action="{here}/notes"><p><label for="notes">'
            f"{escape(w.notes_label)}</label></p>"
            f'<p><textarea id="notes" name="notes" rows="5" cols="60" maxlength="5000">'
            f"{escape(session.notes)}</textarea></p>"
            f"<p><button type='submit'>{escape(w.notes_button)}</button></p></form>{saved}"
            f'<ul class="plain"><li><a href="{here}/record.csv" download>{escape(w.record_csv)}</a>'
            f'</li><li><a href="{here}/record.pdf" download>{escape(w.record_pdf)}</a></li></ul>'
        )
        script = resources.files(__package__).joinpath("facilitator.js").read_text("utf-8")
        blob = json.dumps(data).replace("<", "\\u003c")
        self.page(
            body,
            f'<script type="application/json" id="facilitator-data">{blob}</script>'
            f"<script>{script}</script>",
        )


class Results(_SessionPart):
    """Counts for the page to draw: per question and stage, never who answered what."""

    def not_found(self) -> None:
        self.set_status(404)
        self.finish({"error": self.words.unknown_code})

    def get(self, code: str) -> None:
        session = self.session
        counts = self.group.store.counts(session.code)
        lessons = [x for x in (self.lesson(i) for i in session.lessons) if x]
        self.finish(
            {
                "phase": session.phase,
                "participants": self.group.store.participants(session.code),
                "counts": [
                    {
                        "key": f"{c.lesson}/{c.item}",
                        "phase": c.phase,
                        "answered": c.answered,
                        "right": c.right,
                        "choices": counted(lessons, c),
                    }
                    for c in counts
                ],
            }
        )


class Phase(_SessionPart):
    def post(self, code: str) -> None:
        session = self.session
        phase = self.get_body_argument("phase", "")
        if phase in PHASES:
            self.group.store.set_phase(session.code, phase)
        self.redirect(f"{self.base()}/metsedu/facilitator/sessions/{session.code}")


class Notes(_SessionPart):
    def post(self, code: str) -> None:
        session = self.session
        self.group.store.set_notes(session.code, self.get_body_argument("notes", ""))
        self.redirect(f"{self.base()}/metsedu/facilitator/sessions/{session.code}?saved=1")


class RecordCsv(_SessionPart):
    def get(self, code: str) -> None:
        session = self.session
        record = teaching_record(self.group.store, session.code, self.library)
        self.set_header("Content-Type", "text/csv; charset=utf-8")
        self.set_header(
            "Content-Disposition", f'attachment; filename="teaching-record-{session.code}.csv"'
        )
        self.finish(record_csv(record, self.library.ui.facilitator.record_columns))


class RecordPdf(_SessionPart):
    def get(self, code: str) -> None:
        session = self.session
        from .teaching_record import record_pdf

        record = teaching_record(self.group.store, session.code, self.library)
        self.set_header("Content-Type", "application/pdf")
        self.set_header(
            "Content-Disposition", f'attachment; filename="teaching-record-{session.code}.pdf"'
        )
        self.finish(record_pdf(record, self.words))


# --- what the pages show ---------------------------------------------------------------------


def join_address(public_url: str, lesson: Lesson, code: str) -> str:
    """Where learners go: the first lesson of the session, with the code filled in."""
    return f"{public_url.rstrip('/')}/voila/render/{notebook_link(lesson)}?join={code}"


def qr_svg(address: str) -> str:
    """The address as a QR code, drawn here (segno), so no web service ever sees it."""
    import segno

    return segno.make(address, error="m").svg_inline(scale=5, dark="#000", light="#fff")


def quiz_items(lessons: list[Lesson], ui: Any) -> list[dict]:
    """Each question with its counted choices' words and its reveal, for the live results.

    The item's kind says what is counted and what the reveal shows (a triage item's gives
    each sign's level from the one sign table, so the nurse's answer cannot disagree).
    """
    return [
        {
            "key": f"{lesson.id}/{item.id}",
            "lesson": lesson.title,
            "prompt": item.prompt,
            "choices": kind_of(item).tally_labels(item, ui),
            "explanation": kind_of(item).reveal(item, ui),
        }
        for lesson in lessons
        for item in lesson.quiz
    ]


def counted(lessons: list[Lesson], count: ItemCount) -> dict[str, int]:
    """The stored choices of one question as numbers per counted choice (its kind decodes)."""
    lesson = next((x for x in lessons if x.id == count.lesson), None)
    item = next((i for i in lesson.quiz if i.id == count.item), None) if lesson else None
    return kind_of(item).tally_counts(count.choices) if item else dict(count.choices)


@dataclass
class ItemResult:
    lesson: str
    item: str
    prompt: str
    by_phase: dict[str, tuple[int, int]]  # phase -> (answered, right)

    def share_right(self) -> float | None:
        answered = sum(a for a, _ in self.by_phase.values())
        return None if not answered else sum(r for _, r in self.by_phase.values()) / answered


@dataclass
class TeachingRecord:
    code: str
    date: dt.date
    lessons: list[tuple[str, str, str, str]]  # id, title, version, review status in words
    participants: int
    items: list[ItemResult]
    teach_back: list[str]
    notes: str

    def overall(self, phase: str) -> tuple[int, int]:
        answered = sum(i.by_phase.get(phase, (0, 0))[0] for i in self.items)
        right = sum(i.by_phase.get(phase, (0, 0))[1] for i in self.items)
        return answered, right

    def most_missed(self, limit: int = 3) -> list[ItemResult]:
        """Questions with the lowest share right (among those answered), worst first."""
        answered = [i for i in self.items if i.share_right() is not None]
        answered.sort(key=lambda i: (i.share_right(), i.lesson, i.item))
        return [i for i in answered if (i.share_right() or 0) < 1][:limit]


def teaching_record(store: SessionStore, code: str, library: Any) -> TeachingRecord:
    """The numbers of the record, straight from the stored answers."""
    session = store.session(code)
    lessons = [library.lessons[i] for i in session.lessons if i in library.lessons]
    counts = {(c.lesson, c.item, c.phase): c for c in store.counts(code)}
    items = []
    for lesson in lessons:
        for item in lesson.quiz:
            by_phase = {
                p: (counts[(lesson.id, item.id, p)].answered, counts[(lesson.id, item.id, p)].right)
                for p in PHASES
                if (lesson.id, item.id, p) in counts
            }
            items.append(ItemResult(lesson.id, item.id, item.prompt, by_phase))
    return TeachingRecord(
        code=code,
        date=dt.datetime.fromtimestamp(session.created_at, dt.UTC).date(),
        lessons=[
            (x.id, x.title, x.version, x.review.line(library.ui.review_line)) for x in lessons
        ],
        participants=store.participants(code),
        items=items,
        teach_back=[prompt for x in lessons for prompt in x.teach_back],
        notes=session.notes,
    )


def _cell(value: object) -> str:
    """A spreadsheet cell that can never run as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def record_csv(record: TeachingRecord, words: RecordColumns) -> str:
    """The record as a spreadsheet; the labels come from ui.yaml, the stage ids stay as keys."""
    out = io.StringIO()
    rows: list[list[object]] = [
        [words.session, record.code],
        [words.date, record.date.isoformat()],
        *[
            [words.lesson, lid, title, version, review]
            for lid, title, version, review in record.lessons
        ],
        [words.participants, record.participants],
        [],
        [words.lesson, words.question, words.prompt]
        + [f"{p}: {what}" for p in PHASES for what in (words.answered, words.right)],
    ]
    for item in record.items:
        numbers = [n for p in PHASES for n in item.by_phase.get(p, (0, 0))]
        rows.append([item.lesson, item.item, item.prompt, *numbers])
    rows += [[], *[[words.teach_back, prompt] for prompt in record.teach_back]]
    rows += [[], [words.notes, record.notes]]
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()
