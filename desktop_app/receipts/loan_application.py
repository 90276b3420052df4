"""The A4 "Loan application summary": who asked for what, the decision, and the scorecard behind it.

The customer, the credit officer and the auditor read the same page: every factor with its value,
points, weight and weighted points, and the reasons for a referral or a decline. The weighted
points must add up to the printed score; a summary where they do not is refused (InvariantBroken).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop_app.receipts.a4 import build_a4, content_width, escape_markup, paragraph_style, table_style
from desktop_app.receipts.fonts import bold_font, register_fonts
from shared_core.credit_decision import CreditDecision
from shared_core.credit_policy import CreditOutcome, points_max, score_max
from shared_core.errors import ensure

text_length_max = 200

_FACTOR_COLUMN_WIDTHS_MM = (30, 48, 15, 15, 17, 55)  # factor, value, points, weight, weighted, why
assert sum(_FACTOR_COLUMN_WIDTHS_MM) * mm <= content_width + 0.01
_SUMMARY_COLUMN_WIDTHS_MM = (40, 140)

DECISION_LABELS = {
    CreditOutcome.APPROVE: "APPROVE: approved automatically within policy",
    CreditOutcome.REFER: "REFER: a credit officer decides (maker-checker)",
    CreditOutcome.DECLINE: "DECLINE",
}


@dataclass(frozen=True, slots=True)
class LoanApplicationSummary:
    """What the summary prints; the decision is shared_core's, exactly as scored."""

    bank_name: str
    application_reference: str  # e.g. 'BR-K7Q2-000042-M'
    applicant_name: str  # 'Juma Mwangi' or 'Wekeza Hardware Ltd'
    applicant_detail: str  # 'National ID *****678' or 'Business registration PVT-AB12CD3'
    product_name: str  # 'Boost', 'SME working capital'
    term_text: str  # '3 months', '12 weeks'
    decision: CreditDecision
    prepared_by: str  # 'Wanjiru Kamau (Teller)'
    printed_at_text: str  # as the customer reads it, e.g. '2026-11-24 14:05 EAT'

    def __post_init__(self) -> None:
        for name in (
            "bank_name", "application_reference", "applicant_name", "applicant_detail", "product_name",
            "term_text", "prepared_by", "printed_at_text",
        ):  # fmt: skip
            value = getattr(self, name)
            if not isinstance(value, str):
                raise TypeError(f"LoanApplicationSummary.{name} must be str, got {type(value).__name__}")
            if not value.strip() or len(value) > text_length_max:
                raise ValueError(f"LoanApplicationSummary.{name} holds 1 to {text_length_max} characters")
        if not isinstance(self.decision, CreditDecision):
            raise TypeError("LoanApplicationSummary.decision must be a CreditDecision")


def render_loan_application(data: LoanApplicationSummary) -> bytes:
    """The summary as an A4 PDF; refuses (InvariantBroken) a scorecard that does not add up."""
    if not isinstance(data, LoanApplicationSummary):
        raise TypeError(f"render_loan_application needs LoanApplicationSummary, got {type(data).__name__}")
    decision = data.decision
    ensure(
        sum(factor.weighted_points for factor in decision.factors) == decision.score,
        f"the weighted points do not add up to the score {decision.score}",
    )
    register_fonts()  # before the first Paragraph, which looks its font family up
    story: list[Flowable] = [_summary_table(data), Spacer(1, 5 * mm)]
    story += _reasons(decision)
    story += [
        Paragraph("Scorecard", paragraph_style("loan-heading", size=11, bold=True)),
        Spacer(1, 2 * mm),
        _factors_table(decision),
        Spacer(1, 2 * mm),
        Paragraph(
            f"Each factor earns 0 to {points_max} points. Weighted points = points x weight / 100, rounded "
            f"down to a whole point; the score is their sum, out of {score_max}.",
            paragraph_style("loan-note", size=8),
        ),
    ]
    return build_a4(
        story,
        title=f"Loan application summary {data.application_reference}",
        author=data.bank_name,
        header_left=(data.bank_name, "Loan application summary", f"Application {data.application_reference}"),
        header_right=(data.applicant_name, data.applicant_detail, data.product_name),
        footer_text=f"Printed {data.printed_at_text}. Amounts in KES.",
    )


def _summary_table(data: LoanApplicationSummary) -> Table:
    decision = data.decision
    value_style = paragraph_style("loan-summary-value", size=9)
    rows: list[list[object]] = [
        ["Applicant", f"{data.applicant_name}, {data.applicant_detail}"],
        ["Product", data.product_name],
        ["Amount requested", decision.requested.format()],
        ["Term", data.term_text],
        ["Decision", DECISION_LABELS[decision.outcome]],
        ["Score", f"{decision.score} of {score_max}"],
        ["Maximum amount", decision.max_amount.format()],
        ["Limited by", Paragraph(_markup(decision.max_amount_basis), value_style)],
    ]
    if decision.capacity is not None:
        rows.append(["Capacity", decision.capacity.format()])
    rows += [
        ["Credit policy", f"version {decision.policy_version}"],
        ["Prepared by", data.prepared_by],
    ]
    commands = table_style(header_rows=0)
    commands += [("FONTSIZE", (0, 0), (-1, -1), 9), ("LEADING", (0, 0), (-1, -1), 12)]
    commands.append(("FONTNAME", (0, 0), (0, -1), bold_font))
    decision_row = 4
    commands.append(("FONTNAME", (1, decision_row), (1, decision_row), bold_font))
    table = Table(rows, colWidths=[width * mm for width in _SUMMARY_COLUMN_WIDTHS_MM], hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _reasons(decision: CreditDecision) -> list[Flowable]:
    text_style = paragraph_style("loan-reason", size=9)
    flowables: list[Flowable] = [Paragraph(_markup(decision.explanation), text_style), Spacer(1, 3 * mm)]
    if not decision.reasons:
        return flowables
    flowables.append(Paragraph("Reasons", paragraph_style("loan-heading", size=11, bold=True)))
    flowables.append(Spacer(1, 1 * mm))
    for number, reason in enumerate(decision.reasons, start=1):
        message = reason.message[:1].upper() + reason.message[1:]
        line = f"{number}. {reason.outcome.value.upper()}: {message} [{reason.code}]"
        flowables.append(Paragraph(_markup(line), text_style))
    flowables.append(Spacer(1, 4 * mm))
    return flowables


def _factors_table(decision: CreditDecision) -> Table:
    cell_style = paragraph_style("loan-factor-cell", size=8)
    rows: list[list[object]] = [["Factor", "Value", "Points", "Weight", "Weighted", "Why"]]
    for factor in decision.factors:
        rows.append(
            [
                Paragraph(_markup(factor.label), cell_style),
                Paragraph(_markup(factor.value_text), cell_style),
                str(factor.points),
                f"{factor.weight_percent}%",
                str(factor.weighted_points),
                Paragraph(_markup(factor.explanation), cell_style),
            ]
        )
    total_weight = sum(factor.weight_percent for factor in decision.factors)
    rows.append(["Score", "", "", f"{total_weight}%", str(decision.score), f"of {score_max}"])
    commands = table_style(header_rows=1, amount_columns=(2, 3, 4))
    last = len(rows) - 1
    commands.append(("FONTNAME", (0, last), (-1, last), bold_font))
    commands.append(("LINEABOVE", (0, last), (-1, last), 0.8, "black"))
    table = Table(rows, colWidths=[width * mm for width in _FACTOR_COLUMN_WIDTHS_MM], repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def _markup(text: str) -> str:
    """Text for a Paragraph: escaped, and an amount never split from its currency across lines."""
    return escape_markup(text).replace("KES ", "KES\u00a0")
