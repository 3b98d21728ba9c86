"""Group sessions in two languages on the real server (issue 17).

A nurse's pages are in the nurse's language (``?lang=es`` switches and is remembered); the
learners of one session answer on English and Spanish lesson pages, spoken to over their real
kernel websockets (``tests/kernel_socket.py``), and their answers land in the server's real
database. The counts merge per question, and the live page, results.json and the teaching
record (CSV and PDF) say how many answered in each language, each named in its own words.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from http.cookiejar import CookieJar

from pypdf import PdfReader

from metsedu.content import load_library
from metsedu.content.quiz_kinds import kind_of
from tests.helpers import Nurse, Server
from tests.kernel_socket import LessonSocket

LIBRARY = {locale: load_library(locale) for locale in ("en", "es")}
EN = LIBRARY["en"].ui.facilitator
ES = LIBRARY["es"].ui.facilitator
NAME = {locale: library.ui.language_name for locale, library in LIBRARY.items()}
BONES = LIBRARY["en"].lessons["bones"]
SESSIONS = "/metsedu/facilitator/sessions"


def texts(value: object) -> list[str]:
    """Every sentence in a ui.yaml section (as the model holds it)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in texts(v)]
    return []


ENGLISH_WORDS = texts(EN.model_dump())
SPANISH_WORDS = texts(ES.model_dump())


def english_left_in(body: str) -> list[str]:
    """Each piece of an English facilitator sentence (the words between its ``{names}``)
    that shows in the page's visible text, unless the Spanish says the same."""
    hidden = re.sub(r"<(svg|script|style)\b.*?</\1>", " ", body, flags=re.S)  # not words
    labels = " ".join(re.findall(r'(?:aria-label|title|alt)="([^"]*)"', hidden))
    shown = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>", " ", hidden) + " " + labels))
    found = []
    for sentence in ENGLISH_WORDS:
        for piece in re.split(r"\{\w+\}", sentence):
            piece = piece.strip(" .,:;()")
            if len(piece) < 3 or any(piece in spanish for spanish in SPANISH_WORDS):
                continue
            if re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", shown):
                found.append(piece)
    return found


def lang_cookie(nurse: Nurse) -> str | None:
    return next((c.value for c in nurse.cookies if c.name == "metsedu_lang"), None)


def spanish_page(body: str) -> None:
    assert '<html lang="es">' in body
    assert english_left_in(body) == []
    # The way back: English, named in English, reachable with the keyboard (a link).
    link = re.search(r'<nav class="languages" aria-label="([^"]*)">(.*?)</nav>', body, re.S)
    assert link is not None and link.group(1) == LIBRARY["es"].ui.app.languages
    assert re.search(r'<a href="[^"]*\?lang=en" hreflang="en" lang="en">English</a>', link[2])
    assert "Español</a>" not in link.group(2)  # only the other languages


def test_the_nurses_pages_are_in_spanish_with_lang_es_and_stay_so(lesson_server: Server):
    nurse = Nurse(lesson_server)
    status, _, body = nurse.call("/metsedu/facilitator?lang=es")
    assert status == 200 and ES.key_label in body and EN.key_label not in body
    spanish_page(body)
    assert lang_cookie(nurse) == "es"  # remembered in this browser
    nurse.log_in()
    _, _, start = nurse.call("/metsedu/facilitator")  # no ?lang: the remembered choice
    spanish_page(start)
    assert ES.start_heading in start and LIBRARY["es"].lessons["bones"].title in start
    code = nurse.start("bones")
    status, _, page = nurse.call(f"{SESSIONS}/{code}")
    assert status == 200
    spanish_page(page)
    assert ES.code_line.format(code=code) in page
    # Learners are sent to the lesson in the nurse's language; a Spanish page's own language
    # link (metsedu-page.js) keeps ?join= for a learner who reads English.
    assert f"/voila/render/02-bones.es.ipynb?join={code}" in page
    assert f'href="{SESSIONS}/{code}?lang=en"' in page
    status, _, results = nurse.call(f"{SESSIONS}/{code}/results.json")
    assert json.loads(results)["participants_line"] == ES.participants.format(count=0)
    status, _, missing = nurse.call(f"{SESSIONS}/ZZZZZZ")
    assert status == 404 and ES.unknown_code in missing
    spanish_page(missing)
    # A form's answer page is Spanish too, and its language link goes to the start page.
    status, _, refused = nurse.call(f"{SESSIONS}/ZZZZZZ/phase", {"phase": "post"})
    assert status == 404 and ES.unknown_code in refused
    assert 'href="/metsedu/facilitator?lang=en"' in refused
    spanish_page(refused)
    # And back: ?lang=en on any page switches again, and is remembered.
    _, _, english = nurse.call(f"{SESSIONS}/{code}?lang=en")
    assert '<html lang="en">' in english and EN.code_line.format(code=code) in english
    assert f"/voila/render/02-bones.ipynb?join={code}" in english
    assert re.search(r'hreflang="es" lang="es">Español</a>', english)
    assert EN.qr_label.rstrip(".") in english_left_in(english)  # it reads labels as well
    assert lang_cookie(nurse) == "en"


def test_the_language_follows_the_browser_and_a_forged_choice_is_ignored(lesson_server):
    nurse = Nurse(lesson_server)
    _, _, body = nurse.call("/metsedu/facilitator", headers={"Accept-Language": "es-MX,es;q=0.9"})
    assert '<html lang="es">' in body and ES.key_label in body
    for forged in ("fr", "ES", "spanish", "%3Cscript%3E", "../en"):
        stranger = Nurse(lesson_server)
        _, _, body = stranger.call(f"/metsedu/facilitator?lang={forged}")
        assert '<html lang="en">' in body and EN.key_label in body, forged
        assert lang_cookie(stranger) is None and "<script>" not in body


def learner_answers(server: Server, notebook: str, code: str, right: bool) -> None:
    """One learner's browser: open the lesson page, join, answer the first question."""
    page = LessonSocket(server.url, notebook, cookies=CookieJar())
    try:
        page.bring_widgets_to_life()
        item = page.widgets[page.quiz()]["item"]["id"]
        assert item == BONES.quiz[0].id  # the same question ids in both languages
        joined = [r["group"] for r in page.ask_quiz("join", item, code=code) if "group" in r]
        assert joined and joined[-1]["state"] == "joined"
        kind = kind_of(BONES.quiz[0])
        answer = kind.right_answer(BONES.quiz[0]) if right else kind.wrong_answer(BONES.quiz[0])
        assert any(r.get("result") for r in page.ask_quiz("check", item, answer=answer))
    finally:
        page.close()
        server.post(f"/voila/api/shutdown/{page.kernel}")


def test_an_english_and_a_spanish_learner_count_together_and_by_language(lesson_server):
    nurse = Nurse(lesson_server)
    nurse.log_in()
    code = nurse.start("bones")
    learner_answers(lesson_server, "02-bones.ipynb", code, right=True)
    learner_answers(lesson_server, "02-bones.es.ipynb", code, right=False)
    by_language = ", ".join(
        EN.language_count.format(language=NAME[x], count=1) for x in ("en", "es")
    )
    assert by_language == "English 1, Español 1"  # each language named in its own words

    _, _, body = nurse.call(f"{SESSIONS}/{code}/results.json?lang=en")
    results = json.loads(body)
    key = f"bones/{BONES.quiz[0].id}"
    [merged] = [c for c in results["counts"] if c["key"] == key]
    assert (merged["answered"], merged["right"], merged["phase"]) == (2, 1, "teaching")
    kind = kind_of(BONES.quiz[0])
    right, wrong = kind.right_answer(BONES.quiz[0]), kind.wrong_answer(BONES.quiz[0])
    assert merged["choices"] == {right: 1, wrong: 1}
    assert results["participants"] == 2
    assert results["languages"] == [
        {"lang": "en", "name": "English", "participants": 1},
        {"lang": "es", "name": "Español", "participants": 1},
    ]
    assert results["languages_line"] == EN.languages_line.format(languages=by_language)
    assert results["participants_line"].endswith(results["languages_line"])
    # The session page says it before its script runs.
    _, _, page = nurse.call(f"{SESSIONS}/{code}")
    assert html.escape(EN.languages_line.format(languages=by_language), quote=False) in page

    # The record, in English: a row per language, and the merged counts per question.
    _, _, record = nurse.call(f"{SESSIONS}/{code}/record.csv")
    rows = list(csv.reader(io.StringIO(record)))
    column = EN.record_columns.language
    assert [r for r in rows if r[:1] == [column]] == [
        [column, "English", "1"],
        [column, "Español", "1"],
    ]
    [item_row] = [r for r in rows if r[:2] == ["bones", BONES.quiz[0].id]]
    assert item_row[5:7] == ["2", "1"]  # during teaching: 2 answered, 1 right

    # In Spanish: the same numbers, the nurse's words, the accents and ñ printed.
    _, _, body = nurse.call(f"{SESSIONS}/{code}/results.json?lang=es")
    spanish = json.loads(body)
    assert spanish["languages_line"] == ES.languages_line.format(languages=by_language)
    assert spanish["counts"] == results["counts"]
    _, _, page = nurse.call(f"{SESSIONS}/{code}")
    assert html.escape(ES.languages_line.format(languages=by_language), quote=False) in page
    _, _, record = nurse.call(f"{SESSIONS}/{code}/record.csv")
    rows = list(csv.reader(io.StringIO(record)))
    assert [ES.record_columns.language, "Español", "1"] in rows
    assert [ES.record_columns.participants, "2"] in rows
    pdf = nurse.opener.open(lesson_server.url + f"{SESSIONS}/{code}/record.pdf").read()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text)
    assert ES.languages_line.format(languages=by_language) in text
    assert ES.record_title in text and ES.participants.format(count=2) in text
    assert "Español" in text and "Espa?ol" not in text  # ñ printed, not "?"
