"""Lay a :class:`~metsedu.handouts.sheet.Sheet` out on US Letter pages with fpdf2.

Who reads this sheet: someone who may be tired, anxious or older, often at home,
often on a black-and-white printer. So the type is large (body 14 pt, never below
13 pt), lines are well spaced, text is ragged-right (no justified gaps), and the
"get help now" part comes right after the title inside a thick black border with a
black heading band: it stands out with no colour at all. Urgency in "What to watch
for" is a printed word, never a colour.

The page is US Letter (215.9 x 279.4 mm) with 15 mm margins: Letter is what home
printers of the content's first audience hold, and 15 mm margins also print on A4.

A handout must fit on at most four pages (two sheets, printed on both sides): the
"get help now" box is never shortened to save paper, and the overview's and next
steps' boxes hold the complete list.
:func:`render` tries layouts from the roomiest to the most compact and keeps the
first that fits. Compact layouts set the red flags, and the sections between the
box and the diary, in two columns (shorter lines are also easier to follow in large
type); none drops a word or goes below 13 pt.

The page is built from *blocks*: small drawings (a heading with the first item under
it, one list item, one blank to write on) that are never split across a page or a
column. A block is measured by drawing it on a scratch page that never ends.

This module imports fpdf2, which takes a noticeable time to import, so it is only
imported when a handout is built (see ``metsedu.handouts``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import Any

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.prefs import ViewerPreferences

from .sheet import Sheet, Watch, WatchGroup

MAX_PAGES = 4
#: A teaching picture is printed at least this wide (mm), so it can be read at arm's length.
PICTURE_MIN_MM = 82.0
MARGIN = 15.0  # mm: left, right, top, and below the footer
PT = 25.4 / 72  # mm per point
FOOTER_PT = 12.0
BORDER = 1.2  # mm: the help-now box's line, thick enough to see at a glance
PAD = 4.0  # mm between the box's border and its text
BULLET_INDENT = 7.0  # mm
GUTTER = 8.0  # mm between two columns
MIN_WRITING_WIDTH = 60.0  # mm: room to write a phone number by hand
DIARY_ROWS = 5
MIN_DIARY_ROWS = 4  # the diary never shrinks below this to save a page
FONT = "Helvetica"  # a PDF core font: nothing to download, embed or find on the system

Block = Callable[["_Handout"], None]  # draws on the handout it is given
Marker = Callable[[float, float], None]


@dataclass(frozen=True)
class Layout:
    """Sizes for one attempt at fitting the sheet (points for type, millimetres for space)."""

    body: float
    leading: float  # line height as a multiple of the type size
    title: float
    heading: float
    gap: float  # after a paragraph or list item
    section_gap: float  # before a section heading
    write_space: float  # height of a ruled line to write on
    diary_row: float
    columns: int = 1  # red flags, and the sections between the box and the diary
    detail_inline: bool = False  # a symptom's detail runs on after it, not on its own line

    @property
    def line(self) -> float:
        return self.body * self.leading * PT


#: Roomiest first. None goes below 13 pt body type.
LAYOUTS = (
    Layout(14, 1.45, 24, 19, 1.8, 6.0, 11.0, 13.0),
    Layout(14, 1.35, 22, 18, 1.2, 5.0, 10.0, 11.0, columns=2),
    Layout(14, 1.3, 20, 17, 1.0, 4.0, 10.0, 10.0, columns=2, detail_inline=True),
    Layout(13, 1.3, 20, 17, 1.0, 4.0, 9.0, 10.0, columns=2, detail_inline=True),
    Layout(13, 1.2, 18, 16, 0.6, 3.0, 9.0, 9.0, columns=2, detail_inline=True),
    Layout(13, 1.2, 17, 15, 0.4, 2.0, 8.0, 8.0, columns=2, detail_inline=True),
)


def render(sheet: Sheet) -> bytes:
    """The PDF of ``sheet`` in the roomiest layout that fits on :data:`MAX_PAGES` pages.

    Words are never dropped. Pictures give way first: the action picture (which
    repeats the box just above it, as shapes) before the teaching pictures. When even
    the most compact layout without pictures needs more pages, that longer PDF is
    returned; the tests keep every real lesson within the limit.
    """
    choices = [
        replace(sheet, action_picture=action, teaching_pictures=teaching)
        for action, teaching in ((True, True), (False, True), (False, False))
    ]
    for choice in choices:
        for layout in LAYOUTS:
            pdf = _Handout(choice, layout)
            pdf.draw()
            if pdf.pages_count <= MAX_PAGES:
                return bytes(pdf.output())
    return bytes(pdf.output())


class _Handout(FPDF):
    """One handout being drawn: the sections in print order, a footer on every page."""

    def __init__(self, sheet: Sheet, layout: Layout, scratch: bool = False) -> None:
        size = (_LETTER[0], 5000.0) if scratch else _LETTER  # a scratch page never ends
        super().__init__(orientation="portrait", unit="mm", format=size)
        self.sheet = sheet
        self.layout = layout
        self.scratch: _Handout | None = None  # where blocks are measured
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.c_margin = 0  # text starts exactly at the margin, so markers line up
        # fpdf2 replaces "{nb}" with the page count when the document is closed.
        self.alias_nb_pages("{nb}")
        # Fixed metadata: the same content must give the same bytes.
        self.set_title(sheet.title)
        self.set_lang(sheet.lang)
        self.set_creator("metsedu")
        self.set_producer("metsedu")
        date = dt.datetime.fromisoformat(sheet.creation_date).replace(tzinfo=dt.UTC)
        self.set_creation_date(date)
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)
        self.footer_height = 0.0
        self.open_box: float | None = None  # top of a help-now box still being drawn
        self.column_top: float | None = None  # where the current column of a flow begins
        if scratch:
            self.add_page()
            self.set_auto_page_break(False)

    def draw(self) -> None:
        self.add_page()
        self._font("", FOOTER_PT)
        self.footer_height = len(self._footer_lines()) * FOOTER_PT * 1.2 * PT
        self.set_auto_page_break(True, MARGIN + self.footer_height + 4)
        self._title()
        self._help_now()
        self._pictures(after_box=True)
        self._flow(
            [*self._watch(), *self._teaching_pictures(), *self._who_to_call(), *self._questions()]
        )
        self._diary()
        self._space(self.layout.gap * 2)
        self._paragraphs(self.sheet.privacy, style="I")

    # -- the sections, in print order -------------------------------------------------

    def _title(self) -> None:
        self._font("B", self.layout.title)
        self.multi_cell(0, self.layout.title * 1.2 * PT, self.sheet.title, **_NEXT_LINE)
        self._space(self.layout.gap * 2)
        self._paragraphs(self.sheet.intro)

    def _help_now(self) -> None:
        """The red flags, boxed: a black band with the heading in white, then each flag."""
        sizes = self.layout
        self._font("B", sizes.heading)
        text_width = self.epw - 2 * (PAD + BORDER)
        line = sizes.heading * 1.3 * PT
        heading = self.multi_cell(
            text_width, line, self.sheet.help_now_heading, dry_run=True, output="LINES"
        )
        band = len(heading) * line + sizes.heading * 0.2 * PT * 2
        self._space(sizes.section_gap)
        self._keep(band + 4 * sizes.line)
        top = self.y
        self.set_fill_color(0)
        self.rect(self.l_margin, top, self.epw, band, style="F")
        self.set_text_color(255)
        self.set_xy(self.l_margin + PAD + BORDER, top + sizes.heading * 0.2 * PT)
        self.multi_cell(text_width, line, self.sheet.help_now_heading, align=Align.L)
        self.set_xy(self.l_margin, top + band)
        self.set_text_color(0)
        self.open_box = top
        with self._inset(PAD + BORDER, PAD + BORDER):
            self._space(PAD)
            self._flow([self._flag(index) for index in range(len(self.sheet.flags))])
            self._space(PAD / 2)
        self._box_segment(self.open_box, self.y)
        self.open_box = None

    def _lesson_pictures(self, in_box: bool) -> list:
        from ..content.checks import RED_FLAGS_PLACE

        lesson = self.sheet.lesson
        wanted = self.sheet.action_picture if in_box else self.sheet.teaching_pictures
        if lesson is None or not wanted:
            return []
        return [
            picture
            for picture in lesson.pictures
            if (RED_FLAGS_PLACE in [w.after for w in picture.shown_in if w.lesson == lesson.id])
            is in_box
            and any(w.handout for w in picture.shown_in if w.lesson == lesson.id)
        ]

    def _pictures(self, after_box: bool) -> None:
        """The action picture (which number to call), full width just after the
        get-help-now box, as on the page; never split across pages."""
        from .pictures import draw_picture, min_width_mm

        for picture in self._lesson_pictures(in_box=True):
            width = min(self.epw, max(min_width_mm(picture) + 2, PICTURE_MIN_MM))
            self._space(self.layout.section_gap)
            draw_picture(self, self.sheet.lesson, picture, width)
            self._font("", self.layout.body)

    def _teaching_pictures(self) -> list[Block]:
        """Each teaching picture as a block of the flow: it fills a column beside the
        lists, as narrow as its labels allow at the handout's smallest type (13 pt)."""
        from .pictures import draw_picture, min_width_mm

        def block(picture) -> Block:
            def draw(pdf: _Handout) -> None:
                width = min(pdf.epw, max(min_width_mm(picture) + 1, PICTURE_MIN_MM))
                pdf._space(pdf.layout.gap * 2)
                draw_picture(pdf, pdf.sheet.lesson, picture, width)
                pdf._font("", pdf.layout.body)

            return draw

        return [block(p) for p in self._lesson_pictures(in_box=False)]

    def _flag(self, index: int) -> Block:
        flag = self.sheet.flags[index]

        def draw(pdf: _Handout) -> None:
            pdf._label(" ".join(flag.title), rule=False, level=flag.level)
            for sign in flag.signs:  # the sign, then what it looks like and what else to do
                pdf._item(sign[:1], detail=sign[1:], marker=pdf._dot)
            pdf._item(flag.action, style="B", marker=pdf._arrow)
            pdf._space(pdf.layout.gap * 2)

        return draw

    def _watch(self) -> list[Block]:
        """Symptoms under their urgency's printed label; the heading keeps its first item."""
        blocks: list[Block] = []
        for group in self.sheet.watch:
            for number, watch in enumerate(group.items):

                def draw(
                    pdf: _Handout,
                    watch: Watch = watch,
                    label: str | None = group.label if number == 0 else None,
                    heading: bool = not blocks,
                    group: WatchGroup = group,
                ) -> None:
                    if heading:
                        pdf._heading(pdf.sheet.watch_heading)
                    if label is not None:
                        pdf._label(label, level=group.level)
                    pdf._item(watch.text, detail=watch.detail, marker=pdf._dot)

                blocks.append(draw)
        return blocks

    def _who_to_call(self) -> list[Block]:
        lines = self.sheet.who_to_call
        self._font("B", self.layout.body)
        widest = max(self.get_string_width(label) for label in self.sheet.phone_blanks)
        width = self.epw if self.layout.columns == 1 else (self.epw - GUTTER) / 2
        inline = width - widest - 3 >= MIN_WRITING_WIDTH

        def heading(pdf: _Handout) -> None:
            pdf._heading(pdf.sheet.who_to_call_heading)
            pdf._item(lines[0], marker=pdf._dot)

        def line(text: list[str]) -> Block:
            return lambda pdf: pdf._item(text, marker=pdf._dot)

        def blanks(pdf: _Handout) -> None:  # one block: the numbers to fill in stay together
            for label in pdf.sheet.phone_blanks:
                pdf._blank(label, inline)

        return [heading, *map(line, lines[1:]), blanks]

    def _questions(self) -> list[Block]:
        questions = self.sheet.questions

        def heading(pdf: _Handout) -> None:
            pdf._heading(pdf.sheet.questions_heading)
            if questions:
                pdf._item(questions[0], marker=pdf._tick_box)

        def question(text: list[str]) -> Block:
            return lambda pdf: pdf._item(text, marker=pdf._tick_box)

        def own(pdf: _Handout) -> None:
            pdf._space(pdf.layout.gap)
            pdf._label(pdf.sheet.own_questions, rule=False)
            for _ in range(2):
                pdf._rule_line()

        return [heading, *map(question, questions[1:]), own]

    def _diary(self) -> None:
        """The diary: heading, intro, then a grid of the content's columns and empty rows."""
        sizes = self.layout
        columns = self.sheet.diary_columns
        width = self.epw / len(columns)
        self._font("B", sizes.body)
        header = max(self._cell_height(name, width - 2) for name in columns) + 2
        intro = self._height(self.sheet.diary_intro, "") + 2 * sizes.gap
        privacy = self._height(self.sheet.privacy, "I") + 3 * sizes.gap
        fewest = MIN_DIARY_ROWS * sizes.diary_row + privacy
        self._heading(self.sheet.diary_heading, keep=intro + header + fewest)
        self._paragraphs(self.sheet.diary_intro)
        self._space(sizes.gap)
        top = self.y
        # As many rows as fit with the closing line on this page, never fewer than the
        # minimum: a last page holding only one line of type wastes a sheet of paper.
        room = self.page_break_trigger - top - header - privacy
        rows = max(MIN_DIARY_ROWS, min(DIARY_ROWS, int(room // sizes.diary_row)))
        self.set_line_width(0.4)
        self.set_fill_color(225)
        self._font("B", sizes.body)
        for index, name in enumerate(columns):
            x = self.l_margin + index * width
            self.rect(x, top, width, header, style="DF")
            self.set_xy(x + 1, top + 1)
            self.multi_cell(width - 2, sizes.line, name, align=Align.L)
        for row in range(rows):
            y = top + header + row * sizes.diary_row
            for index in range(len(columns)):
                self.rect(self.l_margin + index * width, y, width, sizes.diary_row)
        self.set_xy(self.l_margin, top + header + rows * sizes.diary_row)

    def footer(self) -> None:
        """Called by fpdf2 as each page ends: close a box that runs on, then the footer.

        The footer is the content's line (title, version, review date) and "page / pages".
        """
        if self.open_box is not None:
            self._box_segment(self.open_box, self.page_break_trigger + 1)
            self.open_box = self.t_margin - PAD
        self.set_text_color(0)
        self._font("", FOOTER_PT)
        top = self.h - MARGIN - self.footer_height
        self.set_line_width(0.3)
        self.line(MARGIN, top - 2, self.w - MARGIN, top - 2)
        line = FOOTER_PT * 1.2 * PT
        self.set_y(top)
        for text in self._footer_lines():
            self.set_x(MARGIN)
            self.cell(self._footer_width(), line, text, **_NEXT_LINE)
        self.set_xy(self.w - MARGIN - _PAGE_NUMBER_WIDTH, top)
        self.cell(_PAGE_NUMBER_WIDTH, line, f"{self.page_no()} / {{nb}}", align=Align.L)

    # -- placing blocks -------------------------------------------------------------

    def _flow(self, blocks: Sequence[Block]) -> None:
        """Place blocks in the layout's columns, filling a page's columns in reading order.

        On the last page the columns are balanced, so the right one is not left empty
        while the left one runs to the foot of the page.
        """
        if self.layout.columns == 1:
            for block in blocks:
                self._kept(block)
            return
        width = (self.epw - GUTTER) / 2
        with self._inset(0, width + GUTTER):
            heights = [self._measure(block) for block in blocks]
        full_page = self.page_break_trigger - self.t_margin
        if any(height > full_page for height in heights):  # too tall for any column
            for block in blocks:
                self._kept(block)
            return
        self._space(self.layout.gap * 2)
        start = 0
        while start < len(blocks):
            left, both = _split(heights[start:], self.page_break_trigger - self.y)
            if both == 0:
                self.add_page()
                continue
            top = bottom = self.y
            for column, part in enumerate((range(0, left), range(left, both))):
                self.set_y(top)
                self.column_top = top
                inset = column * (width + GUTTER)
                with self._inset(inset, width + GUTTER - inset):
                    for index in part:
                        blocks[start + index](self)
                bottom = max(bottom, self.y)
            self.column_top = None
            self.set_y(bottom)
            start += both
            if start < len(blocks):
                self.add_page()

    def _kept(self, block: Block) -> None:
        """Draw a block on one page when it fits on one, else let it flow."""
        height = self._measure(block)
        if height <= self.page_break_trigger - self.t_margin:
            self._keep(height)
        block(self)

    def _measure(self, block: Block) -> float:
        """How tall ``block`` is at the current width, drawn on a scratch page with no end.

        Cheaper than drawing here and undoing it, which would copy the whole document.
        """
        if self.scratch is None:
            self.scratch = _Handout(self.sheet, self.layout, scratch=True)
        pdf = self.scratch
        pdf.set_left_margin(self.l_margin)
        pdf.set_right_margin(self.r_margin)
        pdf.set_xy(self.l_margin, pdf.t_margin)
        block(pdf)
        return pdf.y - pdf.t_margin

    # -- drawing --------------------------------------------------------------------

    def _heading(self, text: str, keep: float | None = None) -> None:
        """A section heading with a rule under it, never left alone at the foot of a page."""
        sizes = self.layout
        if self.column_top is None or self.y > self.column_top + 0.01:
            self._space(sizes.section_gap)  # not at the top of a column: those line up
        height = sizes.heading * 1.3 * PT
        self._keep(height + (keep if keep is not None else 2 * sizes.line))
        self._font("B", sizes.heading)
        self.multi_cell(0, height, text, **_NEXT_LINE)
        self.set_line_width(0.6)
        self.line(self.l_margin, self.y, self.l_margin + self.epw, self.y)
        self._space(sizes.gap * 1.5)

    def _label(self, text: str, rule: bool = True, level: str = "") -> None:
        """A bold line over a list, such as an action level: underlined as well as bold,
        and led by that level's shape, so the levels differ in a black-and-white print."""
        sizes = self.layout
        self._space(sizes.gap)
        self._font("B", sizes.body)
        indent = 0.0
        if level:
            size = sizes.body * 0.9 * PT
            self._level_shape(level, self.l_margin, self.y + (sizes.line - size) / 2, size)
            indent = size + 2
        self.set_x(self.l_margin + indent)
        self.multi_cell(self.epw - indent, sizes.line, text, **_NEXT_LINE)
        if rule:
            self.set_line_width(0.4)
            start = self.l_margin + indent
            end = start + min(self.epw - indent, self.get_string_width(text))
            self.line(start, self.y, end, self.y)
        self._space(sizes.gap * 1.5)

    def _level_shape(self, level: str, x: float, y: float, size: float) -> None:
        """The shape of an action level, as on the lesson page: an octagon (911), a triangle
        (24-hour line), a circle (today) or a square (next visit), filled black."""
        self.set_fill_color(0)
        s = size
        if level == "emergency":
            k = s * 0.29
            points = [
                (x + k, y), (x + s - k, y), (x + s, y + k), (x + s, y + s - k),
                (x + s - k, y + s), (x + k, y + s), (x, y + s - k), (x, y + k),
            ]  # fmt: skip
            self.polygon(points, style="F")
        elif level == "line_now":
            self.polygon([(x + s / 2, y), (x + s, y + s), (x, y + s)], style="F")
        elif level == "call_today":
            self.circle(x + s / 2, y + s / 2, s / 2, style="F")
        else:
            self.rect(x, y, s, s, style="F")

    def _paragraphs(self, paragraphs: list[str], style: str = "", gap: float | None = None) -> None:
        self._font(style, self.layout.body)
        for text in paragraphs:
            self.multi_cell(0, self.layout.line, text, **_NEXT_LINE)
        self._space(self.layout.gap if gap is None else gap)

    def _item(
        self,
        paragraphs: list[str],
        *,
        marker: Marker,
        style: str = "",
        detail: list[str] | None = None,
    ) -> None:
        """A list item with a drawn marker and a hanging indent, kept on one page.

        ``detail`` is set in italics: on its own line(s) in roomy layouts, else run on
        after the item's last paragraph.
        """
        sizes = self.layout
        detail = detail or []
        inline = sizes.detail_inline and bool(detail)
        width = self.epw - BULLET_INDENT
        if inline:
            joined = [*paragraphs[:-1], _run_on(paragraphs[-1]) + " " + " ".join(detail)]
            height = self._height(joined, style, width)
        else:
            height = self._height(paragraphs, style, width) + self._height(detail, "I", width)
        self._keep(height)
        marker(self.l_margin + BULLET_INDENT / 2 - 1, self.y + sizes.line / 2)
        with self._inset(BULLET_INDENT, 0):
            self._font(style, sizes.body)
            for text in paragraphs[:-1] if inline else paragraphs:
                self.multi_cell(0, sizes.line, text, **_NEXT_LINE)
            if inline:  # write() wraps to the left margin, which is the hanging indent here
                self.write(sizes.line, _run_on(paragraphs[-1]))
                self._font("I", sizes.body)
                # The space opens the italic run, so the line can break before its first word.
                self.write(sizes.line, " " + " ".join(detail))
                self.ln(sizes.line)
            else:
                self._font("I", sizes.body)
                for text in detail:
                    self.multi_cell(0, sizes.line, text, **_NEXT_LINE)
        self._space(sizes.gap)

    def _blank(self, label: str, inline: bool) -> None:
        """A label and a ruled line to write a phone number on: after it, or under it.

        All of a section's blanks take the same form, so the lines look like a set.
        """
        sizes = self.layout
        self._keep(sizes.write_space + sizes.line)
        self._font("B", sizes.body)
        if inline:
            self.set_y(self.y + sizes.write_space - sizes.line)
            width = self.get_string_width(label) + 3
            self.cell(width, sizes.line, label)
            self.set_line_width(0.3)
            base = self.y + sizes.line * 0.8
            self.line(self.l_margin + width, base, self.l_margin + self.epw, base)
            self.set_xy(self.l_margin, self.y + sizes.line)
        else:
            self._space(sizes.gap)
            self.multi_cell(0, sizes.line, label, **_NEXT_LINE)
            self._rule_line()

    def _rule_line(self) -> None:
        """An empty line to write on, with room for handwriting above it."""
        self.set_y(self.y + self.layout.write_space)
        self.set_line_width(0.3)
        self.line(self.l_margin, self.y - 1, self.l_margin + self.epw, self.y - 1)

    def _box_segment(self, top: float, bottom: float) -> None:
        """The help-now box's thick border, from ``top`` to ``bottom`` on this page."""
        self.set_line_width(BORDER)
        self.set_draw_color(0)
        self.rect(MARGIN, top, self.w - 2 * MARGIN, bottom - top)

    def _inset(self, left: float, right: float) -> _Inset:
        return _Inset(self, left, right)

    def _dot(self, x: float, y: float) -> None:
        self.set_fill_color(0)
        self.circle(x, y, 1.1, style="F")

    def _arrow(self, x: float, y: float) -> None:
        """The marker of a red flag's action: a solid arrowhead, unlike the signs' dots."""
        self.set_fill_color(0)
        self.polygon([(x - 1.6, y - 2.0), (x + 2.0, y), (x - 1.6, y + 2.0)], style="F")

    def _tick_box(self, x: float, y: float) -> None:
        """An empty box, so a learner can tick a question once it has been asked."""
        self.set_line_width(0.3)
        self.rect(x - 1.8, y - 1.8, 3.6, 3.6)

    # -- measuring --------------------------------------------------------------------

    def _footer_width(self) -> float:
        return self.w - 2 * MARGIN - _PAGE_NUMBER_WIDTH - 4

    def _footer_lines(self) -> list[str]:
        width = self._footer_width()
        return self.multi_cell(width, 5, self.sheet.footer, dry_run=True, output="LINES")

    def _height(self, paragraphs: list[str], style: str, width: float | None = None) -> float:
        self._font(style, self.layout.body)
        return sum(self._cell_height(text, width or self.epw) for text in paragraphs)

    def _cell_height(self, text: str, width: float) -> float:
        lines = self.multi_cell(width, self.layout.line, text, dry_run=True, output="LINES")
        return len(lines) * self.layout.line

    def _keep(self, height: float) -> None:
        """Start a new page unless ``height`` more millimetres fit on this one."""
        if self.y + height > self.page_break_trigger:
            self.add_page()

    def _space(self, height: float) -> None:
        """Vertical space, dropped at the foot of a page where it would only push a break."""
        if self.y + height <= self.page_break_trigger:
            self.set_y(self.y + height)

    def _font(self, style: str, size: float) -> None:
        self.set_font(FONT, style=style, size=size)


class _Inset:
    """Narrow the text area for a while: a box's inside, a column, a hanging indent."""

    def __init__(self, pdf: _Handout, left: float, right: float) -> None:
        self.pdf, self.left, self.right = pdf, left, right

    def __enter__(self) -> None:
        self.pdf.set_left_margin(self.pdf.l_margin + self.left)
        self.pdf.set_right_margin(self.pdf.r_margin + self.right)
        self.pdf.set_x(self.pdf.l_margin)

    def __exit__(self, *exc: object) -> None:
        self.pdf.set_left_margin(self.pdf.l_margin - self.left)
        self.pdf.set_right_margin(self.pdf.r_margin - self.right)
        self.pdf.set_x(self.pdf.l_margin)


def _split(heights: Sequence[float], room: float) -> tuple[int, int]:
    """How many blocks go in the left column, and in both, given ``room`` per column.

    When the rest fits in two columns, the split that makes the taller column shortest
    wins (the left one taking more on a tie); otherwise each column is filled in turn.
    """

    def fill(start: int) -> int:
        used, count = 0.0, 0
        for height in heights[start:]:
            if used + height > room:
                break
            used, count = used + height, count + 1
        return count

    left = fill(0)
    both = left + fill(left)
    if both < len(heights):
        return left, both
    total = sum(heights)
    sums = [0.0, *accumulate(heights)]
    fitting = [cut for cut in range(len(heights) + 1) if max(sums[cut], total - sums[cut]) <= room]
    best = min(fitting, key=lambda cut: (max(sums[cut], total - sums[cut]), -cut))
    return best, both


def _run_on(text: str) -> str:
    """``text`` ready for a detail on the same line: ended by its own full stop, or by a
    dash when it has none, so the two do not read as one sentence."""
    return text if text.endswith((".", "?", "!", ":", ";")) else f"{text} -"


_NEXT_LINE: dict[str, Any] = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT, "align": Align.L}
_PAGE_NUMBER_WIDTH = 18.0
_LETTER = (215.9, 279.4)  # mm
