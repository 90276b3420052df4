"""The portfolio answer (GET /v1/portfolio) is one shape on both sides of the wire: what the server
writes reads back as the same values, and an answer that is not what a server sends is refused with
the wrong field named. The sample is a small book on 2026-11-24:

    Boost        3 active loans, KES 67,500 outstanding
      normal 37,500 (Chebet) · watch 20,000 (Baraka, 31 days) · substandard 10,000 (Amina, 95 days)
      NPL   10,000 / 67,500 = 0.1481        PAR30 (10,000 + 20,000) / 67,500 = 0.4444
    History  31 Oct: 30,000, NPL 0, PAR30 0.3333; then the day itself
    One SME, Wekeza Hardware Ltd, with one facility 101 days past due; personal accident cover sold
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from shared_core.errors import InvariantBroken
from shared_core.insurance import Product
from shared_core.loan_portfolio import ClassificationLine, loan_book
from shared_core.loan_terms import LoanClassification
from shared_core.money import Money
from shared_core.portfolio_report import (
    Facility,
    HistoryPoint,
    LoanBookSummary,
    PolicyLine,
    Portfolio,
    ProductLine,
    Sme,
    history_months_max,
    percent_text,
    ratio_text,
)
from shared_core.wire_object import WrongField, read_wire
from tests.wire_samples import MISSING, altered

KES = Money.shillings


def sample_wire() -> dict[str, Any]:
    """As the server writes it (api/openapi.py's Portfolio)."""
    return {
        "as_of": "2026-11-24",
        "loan_book": {
            "active_loans": 3,
            "closed_loans": 1,
            "outstanding_cents": 6_750_000,
            "npl_cents": 1_000_000,
            "npl_ratio": "0.1481",
            "par30_cents": 3_000_000,
            "par30_ratio": "0.4444",
            "by_classification": [
                {"classification": "normal", "loans": 1, "outstanding_cents": 3_750_000},
                {"classification": "watch", "loans": 1, "outstanding_cents": 2_000_000},
                {"classification": "substandard", "loans": 1, "outstanding_cents": 1_000_000},
                {"classification": "doubtful", "loans": 0, "outstanding_cents": 0},
                {"classification": "loss", "loans": 0, "outstanding_cents": 0},
            ],
            "by_product": [
                {
                    "product": "boost",
                    "name": "Boost",
                    "active_loans": 3,
                    "outstanding_cents": 6_750_000,
                    "npl_ratio": "0.1481",
                    "par30_ratio": "0.4444",
                },
            ],
        },
        "history": [
            {
                "as_of": "2026-10-31",
                "outstanding_cents": 3_000_000,
                "npl_ratio": "0.0000",
                "par30_ratio": "0.3333",
            },
            {
                "as_of": "2026-11-24",
                "outstanding_cents": 6_750_000,
                "npl_ratio": "0.1481",
                "par30_ratio": "0.4444",
            },
        ],
        "smes": [
            {
                "cif": "C0009001",
                "name": "Wekeza Hardware Ltd",
                "sector": "retail",
                "annual_turnover_cents": 2_400_000_000,
                "facilities": [
                    {
                        "reference": "BR-K7Q2-000118-M",
                        "product": "sme_working_capital",
                        "principal_cents": 50_000_000,
                        "outstanding_cents": 50_000_000,
                        "status": "active",
                        "classification": "substandard",
                        "days_past_due": 101,
                    },
                    {
                        "reference": None,
                        "product": "sme_working_capital",
                        "principal_cents": 20_000_000,
                        "outstanding_cents": 0,
                        "status": "awaiting_approval",
                        "classification": None,
                        "days_past_due": 0,
                    },
                ],
            }
        ],
        "policies": [
            {"product": "personal_accident", "sold": 3, "in_force": 1, "lapsed": 2, "premiums_cents": 60_000},
            {"product": "wiba", "sold": 0, "in_force": 0, "lapsed": 0, "premiums_cents": 0},
            {"product": "asset_all_risk", "sold": 0, "in_force": 0, "lapsed": 0, "premiums_cents": 0},
        ],
    }


def read(data: Any) -> Portfolio:
    return read_wire(data, Portfolio.from_wire)




def test_the_answer_reads_into_the_figures_a_person_checks() -> None:
    portfolio = read(sample_wire())
    book = portfolio.loan_book
    assert portfolio.as_of == date(2026, 11, 24)
    assert (book.active_loans, book.closed_loans, book.outstanding) == (3, 1, KES(67_500))
    assert (book.npl, book.npl_ratio, percent_text(book.npl_ratio)) == (
        KES(10_000),
        Decimal("0.1481"),
        "14.81%",
    )
    assert (book.par30, percent_text(book.par30_ratio)) == (KES(30_000), "44.44%")
    assert book.by_classification[2] == ClassificationLine(LoanClassification.SUBSTANDARD, 1, KES(10_000))
    assert book.by_product == (
        ProductLine("boost", "Boost", 3, KES(67_500), Decimal("0.1481"), Decimal("0.4444")),
    )
    assert [point.as_of for point in portfolio.history] == [date(2026, 10, 31), date(2026, 11, 24)]
    [hardware] = portfolio.smes
    assert hardware.outstanding == KES(500_000)  # the application awaiting approval owes nothing yet
    assert hardware.facilities[0].classification is LoanClassification.SUBSTANDARD
    assert hardware.facilities[1].reference is None and hardware.facilities[1].classification is None
    assert portfolio.policies[0] == PolicyLine(Product.PERSONAL_ACCIDENT, 3, 1, 2, KES(600))


def test_what_is_read_writes_back_the_very_same_json() -> None:
    wire = sample_wire()
    assert read(wire).to_wire() == wire
    assert read(read(wire).to_wire()) == read(wire)


def test_values_built_on_the_server_side_make_the_round_trip() -> None:
    portfolio = Portfolio(
        as_of=date(2026, 11, 24),
        loan_book=LoanBookSummary.from_book(loan_book(()), closed_loans=0, products=(("boost", "Boost"),)),
        history=(HistoryPoint(date(2026, 11, 24), KES(0), Decimal("0.0000"), Decimal("0.0000")),),
        smes=(
            Sme(
                "C0009002",
                "Shamba Fresh Ltd",
                None,
                None,
                (
                    Facility(
                        "BR-K7Q2-000120-X",
                        "sme_working_capital",
                        KES(200_000),
                        KES(0),
                        "awaiting_approval",
                        None,
                        0,
                    ),
                ),
            ),
        ),
        policies=tuple(PolicyLine(product, 0, 0, 0, KES(0)) for product in Product),
    )
    wire = portfolio.to_wire()
    assert read(wire) == portfolio
    # An empty bank: zeros everywhere, ratios of 0 written with their four places, every class listed.
    assert wire["loan_book"]["npl_ratio"] == "0.0000" and wire["loan_book"]["by_product"] == [
        {
            "product": "boost",
            "name": "Boost",
            "active_loans": 0,
            "outstanding_cents": 0,
            "npl_ratio": "0.0000",
            "par30_ratio": "0.0000",
        }
    ]
    assert [line["classification"] for line in wire["loan_book"]["by_classification"]] == [
        "normal",
        "watch",
        "substandard",
        "doubtful",
        "loss",
    ]
    assert wire["smes"][0]["annual_turnover_cents"] is None


@pytest.mark.parametrize(
    ("path", "value", "field", "problem"),
    [
        (("as_of",), "2026-11-24T00:00:00Z", "as_of", "not a date"),
        (("loan_book", "npl_ratio"), "1.5", "loan_book.npl_ratio", "not between 0 and 1"),
        (("loan_book", "npl_ratio"), 0.1481, "loan_book.npl_ratio", "not text"),
        (("loan_book", "par30_ratio"), "NaN", "loan_book.par30_ratio", "not a ratio"),
        (("loan_book", "npl_cents"), 6_750_001, "loan_book.npl_cents", "more than the whole book"),
        (("loan_book", "par30_cents"), 9_000_000, "loan_book.par30_cents", "more than the whole book"),
        (("loan_book", "closed_loans"), -1, "loan_book.closed_loans", "below 0"),
        (
            ("loan_book", "by_classification", 1, "classification"),
            "special_mention",
            "loan_book.by_classification[1].classification",
            "none of normal, watch",
        ),
        (
            ("loan_book", "by_product", 0, "outstanding_cents"),
            "6750000",
            "loan_book.by_product[0].outstanding_cents",
            "not a whole number",
        ),
        (("loan_book", "by_product", 0, "name"), MISSING, "loan_book.by_product[0].name", "missing"),
        (("history", 0, "as_of"), "2026-11-30", "history", "oldest first"),
        (("history", 1, "as_of"), "2026-10-31", "history", "oldest first"),  # the same day twice
        (
            ("smes", 0, "facilities", 0, "outstanding_cents"),
            1.5,
            "smes[0].facilities[0].outstanding_cents",
            "not a whole number",
        ),
        (
            ("smes", 0, "facilities", 0, "classification"),
            "special_mention",
            "smes[0].facilities[0].classification",
            "none of normal",
        ),
        (("smes", 0, "annual_turnover_cents"), True, "smes[0].annual_turnover_cents", "not a whole number"),
        (("smes", 0, "facilities"), {}, "smes[0].facilities", "not a list"),
        (("policies", 0, "product"), "motor", "policies[0].product", "none of personal_accident"),
        (("policies",), MISSING, "policies", "missing"),
    ],
)
def test_an_answer_not_as_the_server_sends_it_is_refused_naming_the_field(
    path: tuple[Any, ...], value: Any, field: str, problem: str
) -> None:
    with pytest.raises(WrongField) as wrong:
        read(altered(sample_wire(), path, value))
    assert wrong.value.field == field and problem in wrong.value.problem


def test_a_history_longer_than_three_years_and_the_day_is_refused() -> None:
    point = {"outstanding_cents": 0, "npl_ratio": "0.0000", "par30_ratio": "0.0000"}
    days = [date(2023 + (month // 12), month % 12 + 1, 1) for month in range(history_months_max + 2)]
    wire = sample_wire()
    wire["history"] = [{"as_of": day.isoformat(), **point} for day in days[:-1]]
    assert len(read(wire).history) == history_months_max + 1
    wire["history"] = [{"as_of": day.isoformat(), **point} for day in days]
    with pytest.raises(WrongField) as wrong:
        read(wire)
    assert (wrong.value.field, wrong.value.problem) == (
        "history",
        f"more than {history_months_max + 1} items",
    )


def test_ratios_are_written_one_way_on_the_wire_and_one_way_for_people() -> None:
    assert ratio_text(Decimal("0.0523")) == "0.0523" and ratio_text(Decimal(0)) == "0.0000"
    assert ratio_text(Decimal(1)) == "1.0000"
    assert percent_text(Decimal("0.0523")) == "5.23%" and percent_text(Decimal("1.0000")) == "100.00%"
    assert percent_text(Decimal("0.0000")) == "0.00%"


def test_values_that_cannot_be_a_portfolio_are_refused_when_built() -> None:
    day, later = date(2026, 11, 24), date(2026, 11, 30)
    book = read(sample_wire()).loan_book
    points = (
        HistoryPoint(later, KES(0), Decimal(0), Decimal(0)),
        HistoryPoint(day, KES(0), Decimal(0), Decimal(0)),
    )
    with pytest.raises(InvariantBroken, match="date order"):
        Portfolio(day, book, points, (), ())
    with pytest.raises(InvariantBroken, match="not more than"):
        LoanBookSummary(1, 0, KES(100), KES(101), Decimal(1), KES(0), Decimal(0), (), ())
    with pytest.raises(TypeError, match="Product"):
        PolicyLine("wiba", 0, 0, 0, KES(0))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="LoanClassification"):
        Facility(None, "boost", KES(1), KES(1), "active", "normal", 0)  # type: ignore[arg-type]
