"""The printed loan application summary, read back from real PDF bytes with PDFium (pypdfium2).

Juma Mwangi (national ID printed *****678) asks at the branch for KES 5,000 of Boost over 3 months,
and Wekeza Hardware Ltd for KES 2,000,000 of working capital over 12 months; both are scored under
the default credit policy (resources/products/credit_policy.json) and the summary printed.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from pathlib import Path

import pypdfium2
import pytest

from desktop_app.receipts.loan_application import LoanApplicationSummary, render_loan_application
from shared_core.account_behaviour import AccountBehaviour
from shared_core.credit_decision import CreditDecision
from shared_core.credit_policy import parse_credit_policy
from shared_core.credit_scoring import (
    BureauStatus,
    BusinessProfile,
    LoanApplication,
    RepaymentHistory,
    score_retail,
    score_sme,
)
from shared_core.errors import InvariantBroken
from shared_core.kyc import KycTier
from shared_core.money import Money

KES = Money.shillings
REPO_ROOT = Path(__file__).resolve().parents[2]
POLICY = parse_credit_policy(
    json.loads((REPO_ROOT / "resources" / "products" / "credit_policy.json").read_text(encoding="utf-8"))
)
JUMA_BEHAVIOUR = AccountBehaviour(
    as_of=date(2026, 11, 24),
    average_balance=KES(8_000),
    balance_window_days=90,
    months_with_inflow=6,
    regularity_window_months=6,
    average_monthly_inflow=KES(15_000),
    tenure_days=430,
)


def juma_decision(bureau: BureauStatus = BureauStatus.CLEAR) -> CreditDecision:
    return score_retail(
        LoanApplication("boost", KES(5_000), KES(50_000)),
        JUMA_BEHAVIOUR,
        RepaymentHistory(loans_repaid=1, worst_days_past_due=0, written_off=False),
        KycTier.TIER_2,
        bureau,
        POLICY,
    )


def make_summary(decision: CreditDecision, **changes: str) -> LoanApplicationSummary:
    fields = {
        "bank_name": "Wekeza Bank",
        "application_reference": "BR-K7Q2-000042-M",
        "applicant_name": "Juma Mwangi",
        "applicant_detail": "National ID *****678",
        "product_name": "Boost",
        "term_text": "3 months",
        "prepared_by": "Wanjiru Kamau (Teller)",
        "printed_at_text": "2026-11-24 14:05 EAT",
    }
    fields.update(changes)
    return LoanApplicationSummary(decision=decision, **fields)


def pdf_text(pdf: bytes) -> str:
    """Every page's text, with runs of white space (line breaks, no-break spaces) made single spaces."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            text_page = page.get_textpage()
            pages.append(text_page.get_text_range())
            text_page.close()
            page.close()
    finally:
        document.close()
    return re.sub(r"\s+", " ", " ".join(pages))


def test_juma_approved_summary_prints_the_decision_and_every_factor() -> None:
    decision = juma_decision()
    pdf = render_loan_application(make_summary(decision))
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    for expected in (
        "Loan application summary",
        "Application BR-K7Q2-000042-M",
        "Juma Mwangi, National ID *****678",
        "Boost",
        "Amount requested KES 5,000.00",
        "Term 3 months",
        "APPROVE: approved automatically within policy",
        "Score 807 of 1000",
        "Maximum amount KES 25,000.00",
        "Credit policy version 1",
        "Prepared by Wanjiru Kamau (Teller)",
        "Factor Value Points Weight Weighted Why",
        "Score 100% 807 of 1000",
    ):
        assert expected in text, expected
    for factor in decision.factors:
        row = f"{factor.points} {factor.weight_percent}% {factor.weighted_points}"
        assert row in text, f"{factor.code}: {row}"
        assert factor.label in text and factor.value_text in text and factor.explanation in text
    assert "Reasons" not in text  # an approval has none


def test_a_declined_summary_prints_its_reasons() -> None:
    text = pdf_text(render_loan_application(make_summary(juma_decision(BureauStatus.NEGATIVE_LISTING))))
    assert "Decision DECLINE" in text
    assert "1. DECLINE: The credit bureau reports a negative listing [bureau_status]" in text
    assert "Credit bureau negative listing 0 10% 0" in text


def test_wekeza_hardware_referred_summary_prints_capacity_and_the_referral() -> None:
    decision = score_sme(
        LoanApplication("sme_working_capital", KES(2_000_000), KES(5_000_000)),
        BusinessProfile(KES(24_000_000), "retail", 6, Money.zero()),
        BureauStatus.CLEAR,
        POLICY,
    )
    summary = make_summary(
        decision,
        applicant_name="Wekeza Hardware Ltd",
        applicant_detail="Business registration PVT-AB12CD3",
        product_name="SME working capital",
        term_text="12 months",
    )
    text = pdf_text(render_loan_application(summary))
    for expected in (
        "Wekeza Hardware Ltd",
        "REFER: a credit officer decides (maker-checker)",
        "Capacity KES 4,800,000.00",
        "20% of annual turnover KES 24,000,000.00",
        "1. REFER: Requested KES 2,000,000.00 is above KES 1,000,000.00, the most approved automatically",
        "Sector risk Retail trade, risk grade B 800 20% 160",
        "Score 100% 895 of 1000",
    ):
        assert expected in text, expected


def test_the_same_decision_prints_the_same_bytes() -> None:
    summary = make_summary(juma_decision())
    assert render_loan_application(summary) == render_loan_application(summary)


def test_names_with_markup_characters_and_accents_print_as_written() -> None:
    summary = make_summary(juma_decision(), applicant_name="Wanjiků <Ñjoroge> & Sons")
    assert "Wanjiků <Ñjoroge> & Sons" in pdf_text(render_loan_application(summary))


def test_a_scorecard_that_does_not_add_up_is_refused() -> None:
    decision = juma_decision()
    tampered = object.__new__(CreditDecision)  # bypass the record's own check, as a corrupted copy would
    for field in dataclasses.fields(CreditDecision):
        object.__setattr__(tampered, field.name, getattr(decision, field.name))
    object.__setattr__(tampered, "score", decision.score + 1)
    with pytest.raises(InvariantBroken, match="do not add up to the score 808"):
        render_loan_application(make_summary(tampered))


@pytest.mark.parametrize("field", ["applicant_name", "term_text"])
def test_an_empty_field_is_refused(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        make_summary(juma_decision(), **{field: " "})
