"""Which loan entries a reversal may undo, as head office and the counter both judge it.

Juma's Boost loan L-K7Q2-3F9HX2MA was disbursed by entry AG-X9P3-000007-R and repaid three times:

    K7Q2 #12   KES 1,000   1 Dec
    X9P3 #20   KES   500   1 Dec
    K7Q2 #15   KES 1,000   8 Dec    (the latest)

Only the latest standing repayment may be reversed, and the disbursement never. Head office names a
repayment by device and sequence; the counter by its place among those it knows: the rule takes either.
"""

from __future__ import annotations

import pytest

from shared_core.errors import InvariantBroken, NotReversible, Refused
from shared_core.loan_reversals import RepaidLoan, check_loan_reversal

LOAN = "L-K7Q2-3F9HX2MA"
ENTRY_ID = "0f6c2a9e-5d1b-4c3e-9a7f-2b8d4e6f1a3c"
STANDING = (("K7Q2", 12), ("X9P3", 20), ("K7Q2", 15))


def test_an_entry_that_neither_lent_nor_repaid_a_loan_is_no_concern_of_the_loans() -> None:
    assert check_loan_reversal(ENTRY_ID) is None  # a deposit, a premium: other rules judge those


def test_the_latest_standing_repayment_may_be_reversed() -> None:
    check_loan_reversal(ENTRY_ID, repaid=RepaidLoan(LOAN, ("K7Q2", 15), STANDING))


def test_a_loan_s_only_repayment_is_its_latest() -> None:
    check_loan_reversal(ENTRY_ID, repaid=RepaidLoan(LOAN, ("K7Q2", 12), (("K7Q2", 12),)))


@pytest.mark.parametrize(("repayment", "later"), [(("K7Q2", 12), 2), (("X9P3", 20), 1)])
def test_an_earlier_repayment_is_refused_saying_how_many_stand_after_it(repayment: tuple, later: int) -> None:
    with pytest.raises(NotReversible) as refused:
        check_loan_reversal(ENTRY_ID, repaid=RepaidLoan(LOAN, repayment, STANDING))
    assert refused.value.message == (
        f"Entry {ENTRY_ID} repaid loan {LOAN}, which has {later} later repayment(s) standing: "
        "reverse the latest first"
    )
    assert refused.value.code == "not_reversible" and isinstance(refused.value, Refused)
    assert refused.value.details == {"entry_id": ENTRY_ID}


def test_once_the_latest_is_reversed_the_one_before_it_may_be() -> None:
    still_standing = STANDING[:-1]  # K7Q2 #15 struck
    check_loan_reversal(ENTRY_ID, repaid=RepaidLoan(LOAN, ("X9P3", 20), still_standing))
    with pytest.raises(NotReversible, match="1 later repayment"):
        check_loan_reversal(ENTRY_ID, repaid=RepaidLoan(LOAN, ("K7Q2", 12), still_standing))


def test_a_disbursement_is_never_reversed_but_repaid() -> None:
    with pytest.raises(NotReversible) as refused:
        check_loan_reversal(ENTRY_ID, lent_loan_id=LOAN)
    assert refused.value.message == (
        f"Entry {ENTRY_ID} disbursed loan {LOAN}: a disbursed loan is not reversed, "
        "it is repaid (early repayment closes it)"
    )
    assert refused.value.details == {"entry_id": ENTRY_ID}


def test_at_the_counter_the_message_names_the_receipt_reference_the_teller_typed() -> None:
    with pytest.raises(NotReversible, match="^Entry AG-X9P3-000007-R disbursed loan "):
        check_loan_reversal(ENTRY_ID, lent_loan_id=LOAN, reference="AG-X9P3-000007-R")
    with pytest.raises(NotReversible, match="^Entry BR-K7Q2-000012-4 repaid loan ") as refused:
        check_loan_reversal(ENTRY_ID, repaid=RepaidLoan(LOAN, 0, (0, 1, 2)), reference="BR-K7Q2-000012-4")
    assert refused.value.details == {"entry_id": ENTRY_ID}  # the id still travels with it


def test_how_many_stand_after_a_repayment() -> None:
    assert [RepaidLoan(LOAN, key, STANDING).later for key in STANDING] == [2, 1, 0]


@pytest.mark.parametrize(
    "standing",
    [STANDING[1:], (*STANDING, ("K7Q2", 12))],
    ids=["not among the standing", "named twice"],
)
def test_a_repayment_must_stand_once_among_its_loan_s_repayments(standing: tuple) -> None:
    with pytest.raises(InvariantBroken, match="stands once"):
        RepaidLoan(LOAN, ("K7Q2", 12), standing)
