"""Head office's loan book: outstanding by class, NPL ratio and PAR30, whole book and by product.

The worked example, as of 30 June 2025 (principal outstanding):

    Juma          Boost    KES     4,000    0 days past due   normal
    Baraka        Boost    KES     5,000   30 days            normal   (not yet PAR30: more than 30)
    Akinyi        Boost    KES    16,000   45 days            watch    PAR30
    Mama Mboga    SME      KES   895,000    0 days            normal
    Wekeza Hw.    SME      KES    80,000  120 days            substandard: non-performing, PAR30
    Otieno        Boost    closed (repaid in May)
                           KES 1,000,000

NPL ratio = 80,000 / 1,000,000 = 0.0800; PAR30 = (16,000 + 80,000) / 1,000,000 = 0.0960.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from shared_core.errors import InvalidInput
from shared_core.loan_portfolio import loan_book, ratio
from shared_core.loan_position import LoanPosition, LoanStatus, loan_position
from shared_core.loan_schedule import loan_terms_for, schedule
from shared_core.loan_terms import LoanClassification, LoanProduct, parse_loan_policy
from shared_core.money import Money, parse_amount

REPO_ROOT = Path(__file__).resolve().parents[2]
POLICY = parse_loan_policy(
    json.loads((REPO_ROOT / "resources" / "products" / "loan_policy.json").read_text(encoding="utf-8"))
)
BOOST = POLICY.product("boost")
SME = POLICY.product("sme_working_capital")
AS_OF = date(2025, 6, 30)


def kes(text: str) -> Money:
    return parse_amount(text)


def make_position(product: LoanProduct, outstanding: str, days_past_due: int = 0, *, closed: bool = False,
                  as_of: date = AS_OF) -> LoanPosition:
    """A position as the book sees it: product, principal outstanding, days past due."""
    classification = POLICY.classification.classify(days_past_due)
    zero = Money(0)
    return LoanPosition(
        product_code=product.code, as_of=as_of, status=LoanStatus.CLOSED if closed else LoanStatus.ACTIVE,
        closed_on=date(2025, 5, 15) if closed else None,
        principal_outstanding=zero if closed else kes(outstanding), interest_unpaid=zero, penalties_unpaid=zero,
        arrears=zero, amount_due=zero, days_past_due=days_past_due, classification=classification,
        is_non_performing=POLICY.classification.is_non_performing(classification), next_due_date=None,
        next_due_amount=zero, payoff=zero, repaid=zero, principal_paid=zero, interest_paid=zero,
        penalties_paid=zero, penalties_charged=zero, interest_waived=zero, overpaid=zero, installments=(),
    )


BOOK = [
    make_position(BOOST, "4,000"),  # Juma
    make_position(BOOST, "5,000", 30),  # Baraka
    make_position(BOOST, "16,000", 45),  # Akinyi
    make_position(SME, "895,000"),  # Mama Mboga Traders
    make_position(SME, "80,000", 120),  # Wekeza Hardware Ltd
    make_position(BOOST, "0", closed=True),  # Otieno
]


def test_the_whole_book() -> None:
    book = loan_book(BOOK)
    total = book.total
    assert book.as_of == AS_OF
    assert (total.loans, total.closed_loans, total.outstanding) == (5, 1, kes("1,000,000"))
    assert (total.non_performing_loans, total.non_performing_outstanding) == (1, kes("80,000"))
    assert total.npl_ratio == Decimal("0.0800")
    assert (total.par30_loans, total.par30_outstanding) == (2, kes("96,000"))
    assert total.par30_ratio == Decimal("0.0960")


def test_counts_and_outstanding_by_classification() -> None:
    lines = {line.classification: (line.loans, line.outstanding) for line in loan_book(BOOK).total.by_classification}
    assert lines == {
        LoanClassification.NORMAL: (3, kes("904,000")),
        LoanClassification.WATCH: (1, kes("16,000")),
        LoanClassification.SUBSTANDARD: (1, kes("80,000")),
        LoanClassification.DOUBTFUL: (0, Money(0)),
        LoanClassification.LOSS: (0, Money(0)),
    }
    assert [line.classification for line in loan_book(BOOK).total.by_classification] == list(LoanClassification)


def test_the_book_by_product() -> None:
    book = loan_book(BOOK)
    assert [code for code, _ in book.by_product] == ["boost", "sme_working_capital"]
    boost, sme = book.product("boost"), book.product("sme_working_capital")
    assert (boost.loans, boost.closed_loans, boost.outstanding) == (3, 1, kes("25,000"))
    assert (boost.npl_ratio, boost.par30_ratio) == (Decimal("0.0000"), Decimal("0.6400"))  # 16,000 / 25,000
    assert (sme.loans, sme.outstanding) == (2, kes("975,000"))
    # 80,000 / 975,000 = 0.082051... -> 0.0821
    assert (sme.npl_ratio, sme.par30_ratio) == (Decimal("0.0821"), Decimal("0.0821"))
    assert book.product("mortgage").loans == 0


@pytest.mark.parametrize(("days_past_due", "at_risk"), [(30, False), (31, True)])
def test_par30_counts_loans_more_than_30_days_past_due(days_past_due: int, at_risk: bool) -> None:
    book = loan_book([make_position(BOOST, "1,000", days_past_due), make_position(BOOST, "3,000")])
    assert book.total.par30_ratio == (Decimal("0.2500") if at_risk else Decimal("0.0000"))


def test_an_empty_book_has_ratios_of_zero() -> None:
    book = loan_book([])
    assert book.as_of is None and book.by_product == ()
    assert (book.total.loans, book.total.outstanding) == (0, Money(0))
    assert (book.total.npl_ratio, book.total.par30_ratio) == (Decimal("0.0000"), Decimal("0.0000"))


def test_a_book_of_closed_loans_only_has_ratios_of_zero() -> None:
    book = loan_book([make_position(BOOST, "0", closed=True)])
    assert (book.total.loans, book.total.closed_loans, book.total.npl_ratio) == (0, 1, Decimal("0.0000"))


def test_positions_of_different_dates_are_not_added_up() -> None:
    with pytest.raises(InvalidInput, match="positions of one date; these are as of 2025-05-31, 2025-06-30"):
        loan_book([make_position(BOOST, "1,000"), make_position(BOOST, "1,000", as_of=date(2025, 5, 31))])


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (1, 3, "0.3333"),
        (2, 3, "0.6667"),
        (1, 20_000, "0.0001"),  # half a basis point rounds up
        (1, 20_001, "0.0000"),
        (7, 7, "1.0000"),
        (0, 0, "0.0000"),
    ],
)
def test_ratios_have_four_places_rounded_half_up(part: int, whole: int, expected: str) -> None:
    assert ratio(Money(part), Money(whole)) == Decimal(expected)
    assert str(ratio(Money(part), Money(whole))) == expected


def test_a_book_of_replayed_loans() -> None:
    """Juma pays his Boost loan every week; Wekeza Hardware paid its first two months and stopped."""
    juma_schedule = schedule(loan_terms_for(BOOST, kes("5,000"), 52, date(2025, 3, 7)))
    hardware_schedule = schedule(loan_terms_for(SME, kes("1,000,000"), 24, date(2025, 1, 31)))
    juma = loan_position(
        juma_schedule, [(row.due_date, row.total) for row in juma_schedule if row.due_date <= AS_OF], AS_OF,
        product=BOOST, policy=POLICY,
    )
    hardware = loan_position(
        hardware_schedule, [(row.due_date, row.total) for row in hardware_schedule[:2]], AS_OF,
        product=SME, policy=POLICY,
    )
    assert hardware.days_past_due == 91 and hardware.is_non_performing  # unpaid since 31 March
    book = loan_book([juma, hardware]).total
    assert book.outstanding == juma.principal_outstanding + hardware.principal_outstanding
    assert book.non_performing_outstanding == book.par30_outstanding == hardware.principal_outstanding
    assert book.npl_ratio == ratio(hardware.principal_outstanding, book.outstanding) > Decimal("0.9")
