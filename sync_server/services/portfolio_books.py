"""The loan books head office already worked out, kept so the dashboard pays for them once.

A date's book costs a replay of every loan open that day (services.portfolio_loans); a past
month-end's seldom changes after the month. Each book worked out is kept in `server_settings`
(small server-wide values, canonical JSON) under 'portfolio_book:<date>' with the fingerprint of
what it was made of, and reused while the books still give that fingerprint: a repayment paid on
or before the date (an offline one arriving late), a loan of those days approved since, change it,
and the book is worked out again and replaces the one kept. It is a cache of the books, never
their record: kept wrong or lost, it is worked out again from the loans. Every server worker and
every restart shares it (gunicorn recycles its workers, so a cache in memory would not last).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.dialects.mysql import insert as mysql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from shared_core import canonical
from shared_core.loan_portfolio import BookSummary, ClassificationLine, LoanBook
from shared_core.loan_terms import LoanClassification
from shared_core.money import Money
from sync_server.db import schema
from sync_server.services.portfolio_loans import DatedBook

KEY_PREFIX = "portfolio_book:"
FORMAT_VERSION = 1  # a book kept in another form is worked out again

_s = schema.server_settings.c


def kept_books(connection: Connection, fingerprints: dict[date, str]) -> dict[date, DatedBook]:
    """The books kept for these dates that still hold (their fingerprint unchanged)."""
    if not fingerprints:
        return {}
    keys = {f"{KEY_PREFIX}{day.isoformat()}": day for day in fingerprints}
    found = {}
    for key, value in connection.execute(select(_s.key, _s.value).where(_s.key.in_(sorted(keys)))):
        day = keys[key]
        kept = canonical.decode(bytes(value))
        assert isinstance(kept, dict), "a kept book is a JSON object"
        if kept.get("version") == FORMAT_VERSION and kept.get("fingerprint") == fingerprints[day]:
            found[day] = _book_from(kept, day)
    return found


def keep_books(connection: Connection, books: dict[date, tuple[str, DatedBook]]) -> None:
    """Keep each book under its fingerprint, replacing what was kept for its date."""
    rows = [
        {"key": f"{KEY_PREFIX}{day.isoformat()}", "value": canonical.encode(_book_to(fingerprint, dated))}
        for day, (fingerprint, dated) in sorted(books.items())
    ]
    if not rows:
        return
    if connection.dialect.name == "sqlite":
        statement = sqlite_insert(schema.server_settings)
        statement = statement.on_conflict_do_update(index_elements=[_s.key], set_={"value": statement.excluded.value})
    else:
        statement = mysql_insert(schema.server_settings)
        statement = statement.on_duplicate_key_update(value=statement.inserted.value)
    connection.execute(statement, rows)


def _book_to(fingerprint: str, dated: DatedBook) -> dict[str, Any]:
    return {
        "version": FORMAT_VERSION,
        "fingerprint": fingerprint,
        "closed_unreplayed": dated.closed_unreplayed,
        "total": _summary_to(dated.book.total),
        "by_product": [[code, _summary_to(summary)] for code, summary in dated.book.by_product],
    }


def _book_from(kept: dict[str, Any], day: date) -> DatedBook:
    book = LoanBook(
        as_of=day,
        total=_summary_from(kept["total"]),
        by_product=tuple((code, _summary_from(summary)) for code, summary in kept["by_product"]),
    )
    return DatedBook(book, kept["closed_unreplayed"])


def _summary_to(summary: BookSummary) -> dict[str, Any]:
    return {
        "loans": summary.loans,
        "closed_loans": summary.closed_loans,
        "outstanding_cents": summary.outstanding.cents,
        "by_classification": [
            [line.classification.value, line.loans, line.outstanding.cents] for line in summary.by_classification
        ],
        "non_performing_loans": summary.non_performing_loans,
        "non_performing_outstanding_cents": summary.non_performing_outstanding.cents,
        "npl_ratio": str(summary.npl_ratio),
        "par30_loans": summary.par30_loans,
        "par30_outstanding_cents": summary.par30_outstanding.cents,
        "par30_ratio": str(summary.par30_ratio),
    }


def _summary_from(kept: dict[str, Any]) -> BookSummary:
    return BookSummary(
        loans=kept["loans"],
        closed_loans=kept["closed_loans"],
        outstanding=Money(kept["outstanding_cents"]),
        by_classification=tuple(
            ClassificationLine(LoanClassification(name), loans, Money(cents))
            for name, loans, cents in kept["by_classification"]
        ),
        non_performing_loans=kept["non_performing_loans"],
        non_performing_outstanding=Money(kept["non_performing_outstanding_cents"]),
        npl_ratio=Decimal(kept["npl_ratio"]),
        par30_loans=kept["par30_loans"],
        par30_outstanding=Money(kept["par30_outstanding_cents"]),
        par30_ratio=Decimal(kept["par30_ratio"]),
    )
