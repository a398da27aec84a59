"""A debt's schedule as an A4 PDF: title, creditor and reference, totals, installments.

Drawn with Matplotlib's PDF backend on plain `Figure`s (no pyplot, no global state),
ROWS_PER_PAGE installments a page; the totals row closes the last page. Positions are
in inches from the page's top-left corner. Every text is drawn with math parsing off,
so a "$" in a creditor's name prints as a "$".
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from babel.dates import format_date

from services.plans.exports.labels import ScheduleLabels
from services.plans.schedules import Installment, Schedule
from services.shared.money import format_money, format_percent, locale_for

if TYPE_CHECKING:
    from matplotlib.figure import Figure

ROWS_PER_PAGE = 35
PAGE_WIDTH, PAGE_HEIGHT = 8.27, 11.69  # A4 in inches
MARGIN = 0.75
ROW_HEIGHT = 0.2
FIRST_TABLE_TOP, NEXT_TABLE_TOP = 3.35, 1.75
FOOTER_Y = 11.15
TEXT_SIZE, HEADER_SIZE = 9, 8.5
HEADER_WRAP = 14
"""Characters a column header may take on one line before it wraps."""
LONGEST_FACT = 55
"""Characters of a creditor's name or a reference that fit beside their label."""
SHADE = "#f0f3f7"
RULE = "#555555"

NUMBER_RIGHT, DATE_LEFT = 1.15, 1.35
AMOUNT_COLUMNS = (3.95, 5.15, 6.3, PAGE_WIDTH - MARGIN)
"""Right edges of the amount, principal, interest and balance-after columns."""


def schedule_pdf(
    schedule: Schedule,
    *,
    creditor: str,
    reference: str,
    currency: str,
    language: str,
    labels: ScheduleLabels,
    generated_on: date,
) -> bytes:
    """The schedule as an A4 PDF, one page per ROWS_PER_PAGE installments."""
    installments = schedule.installments
    pages = [
        installments[start : start + ROWS_PER_PAGE]
        for start in range(0, len(installments), ROWS_PER_PAGE)
    ]
    metadata = {
        "Title": f"{labels.title} · {creditor}",
        "Subject": reference,
        "Creator": "finbot",
        "CreationDate": None,  # the same schedule gives the same bytes
    }
    buffer = io.BytesIO()
    from matplotlib.backends.backend_pdf import PdfPages  # about a second: imported when used
    from matplotlib.figure import Figure

    with PdfPages(buffer, metadata=metadata) as pdf:
        for number, rows in enumerate(pages, start=1):
            page = _Page(Figure(figsize=(PAGE_WIDTH, PAGE_HEIGHT)))
            if number == 1:
                _first_header(page, schedule, creditor, reference, currency, language, labels)
                table_top = FIRST_TABLE_TOP
            else:
                page.text(MARGIN, 0.9, labels.title, size=13, weight="bold")
                subtitle = f"{_shortened(creditor, LONGEST_FACT)} · {_shortened(reference, 30)}"
                page.text(MARGIN, 1.2, subtitle, size=10)
                table_top = NEXT_TABLE_TOP
            _table(page, table_top, rows, currency, language, labels)
            if number == len(pages):
                totals_y = table_top + (len(rows) + 1) * ROW_HEIGHT
                _totals_row(page, totals_y, schedule, currency, language, labels)
            when = format_date(generated_on, format="medium", locale=locale_for(language))
            page.text(MARGIN, FOOTER_Y, f"{labels.generated_on} {when}", size=8, color=RULE)
            page.text(
                PAGE_WIDTH - MARGIN,
                FOOTER_Y,
                f"{labels.page} {number}/{len(pages)}",
                size=8,
                color=RULE,
                ha="right",
            )
            pdf.savefig(page.figure)
    return buffer.getvalue()


class _Page:
    """A page to draw on in inches from the top-left corner."""

    def __init__(self, figure: Figure) -> None:
        self.figure = figure

    def text(self, x: float, y: float, text: str, **style: object) -> None:
        style.setdefault("size", TEXT_SIZE)
        style.setdefault("va", "baseline")
        self.figure.text(
            x,
            PAGE_HEIGHT - y,
            text,
            transform=self.figure.dpi_scale_trans,
            parse_math=False,
            **style,
        )

    def rule(self, y: float) -> None:
        from matplotlib.lines import Line2D

        left, right = MARGIN, PAGE_WIDTH - MARGIN
        heights = (PAGE_HEIGHT - y, PAGE_HEIGHT - y)
        self.figure.add_artist(
            Line2D(
                (left, right), heights, transform=self.figure.dpi_scale_trans, color=RULE, lw=0.6
            )
        )

    def shade(self, y: float) -> None:
        from matplotlib.patches import Rectangle

        """A pale band behind the row whose baseline is `y`."""
        self.figure.add_artist(
            Rectangle(
                (MARGIN, PAGE_HEIGHT - y - 0.06),
                PAGE_WIDTH - 2 * MARGIN,
                ROW_HEIGHT,
                transform=self.figure.dpi_scale_trans,
                color=SHADE,
                lw=0,
                zorder=0,
            )
        )


def _first_header(
    page: _Page,
    schedule: Schedule,
    creditor: str,
    reference: str,
    currency: str,
    language: str,
    labels: ScheduleLabels,
) -> None:
    page.text(MARGIN, 1.0, labels.title, size=18, weight="bold")
    facts = (
        (labels.creditor, _shortened(creditor, LONGEST_FACT)),
        (labels.reference, _shortened(reference, LONGEST_FACT)),
        (labels.principal, format_money(schedule.principal, currency, language)),
        (labels.annual_rate, format_percent(schedule.annual_rate, language)),
        (labels.total_interest, format_money(schedule.total_interest, currency, language)),
        (labels.total, format_money(schedule.total, currency, language)),
    )
    for index, (label, value) in enumerate(facts):
        y = 1.5 + index * 0.25
        page.text(MARGIN, y, label, size=10, color=RULE)
        page.text(MARGIN + 2.4, y, value, size=10, weight="bold" if index == 5 else "normal")


def _table(
    page: _Page,
    top: float,
    rows: Sequence[Installment],
    currency: str,
    language: str,
    labels: ScheduleLabels,
) -> None:
    """The column headers on the line `top` (wrapping upwards), then one row per installment."""
    headers = (labels.amount, labels.principal, labels.interest, labels.balance_after)
    header_style = {"size": HEADER_SIZE, "weight": "bold", "va": "bottom"}
    page.text(NUMBER_RIGHT, top, _wrapped(labels.number), ha="right", **header_style)
    page.text(DATE_LEFT, top, _wrapped(labels.due_date), **header_style)
    for right, header in zip(AMOUNT_COLUMNS, headers, strict=True):
        page.text(right, top, _wrapped(header), ha="right", **header_style)
    page.rule(top + 0.08)
    locale = locale_for(language)
    for index, installment in enumerate(rows):
        y = top + (index + 1) * ROW_HEIGHT
        if index % 2:
            page.shade(y)
        page.text(NUMBER_RIGHT, y, str(installment.number), ha="right")
        page.text(DATE_LEFT, y, format_date(installment.due_date, format="medium", locale=locale))
        amounts = (
            installment.amount,
            installment.principal,
            installment.interest,
            installment.balance_after,
        )
        for right, amount in zip(AMOUNT_COLUMNS, amounts, strict=True):
            page.text(right, y, format_money(amount, currency, language), ha="right")


def _totals_row(
    page: _Page,
    y: float,
    schedule: Schedule,
    currency: str,
    language: str,
    labels: ScheduleLabels,
) -> None:
    page.rule(y - ROW_HEIGHT + 0.08)
    page.text(DATE_LEFT, y, labels.total, weight="bold")
    totals = (schedule.total, schedule.principal, schedule.total_interest)
    for right, amount in zip(AMOUNT_COLUMNS, totals, strict=False):
        page.text(right, y, format_money(amount, currency, language), ha="right", weight="bold")


def _shortened(text: str, most: int) -> str:
    """`text` cut to `most` characters with an ellipsis, so that it stays on the page."""
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _wrapped(header: str) -> str:
    return textwrap.fill(header, HEADER_WRAP)
