"""The loan application summary a customer takes home: the decision head office made and the
scorecard behind it, every factor with its points and weight (receipts.loan_application).

Printed from the decision the pull brought, exactly as head office scored it: the device never
scores. An application head office has not scored yet has no summary to print.
"""

from __future__ import annotations

from sqlalchemy import select

from desktop_app.receipts.loan_application import LoanApplicationSummary, render_loan_application
from desktop_app.receipts.receipt import local_time_text
from desktop_app.services.context import ServiceContext, Session
from desktop_app.services.customer_loans import customer_loans
from desktop_app.store import schema
from shared_core.errors import NotFound
from shared_core.kyc import printed_identity
from shared_core.loan_terms import RepaymentFrequency

_PERIODS = {RepaymentFrequency.WEEKLY: ("week", "weeks"), RepaymentFrequency.MONTHLY: ("month", "months")}


def application_summary_pdf(context: ServiceContext, session: Session, cif: str, loan_id: str) -> bytes:
    """The A4 summary of loan `loan_id` of customer `cif`. NotFound when this device does not know
    the loan, or head office has not scored it yet (sync, then print)."""
    loan = next((loan for loan in customer_loans(context, cif) if loan.loan_id == loan_id), None)
    if loan is None:
        raise NotFound(f"Loan {loan_id} of {cif} is not on this device", loan_id=loan_id)
    if loan.decision is None:
        raise NotFound(
            f"Head office has not scored loan {loan_id} yet: sync, then print its summary", loan_id=loan_id
        )
    with context.store.read() as connection:
        customer = connection.execute(select(schema.customers).where(schema.customers.c.cif == cif)).one()
    singular, plural = _PERIODS[loan.terms.frequency]
    count = loan.terms.installments
    return render_loan_application(
        LoanApplicationSummary(
            bank_name=context.device.bank_name,
            application_reference=loan.reference,
            applicant_name=customer.full_name,
            applicant_detail=_applicant_detail(customer.national_id),
            product_name=loan.product.name,
            term_text=f"{count} {singular if count == 1 else plural}",
            decision=loan.decision,
            prepared_by=f"{session.display_name} ({session.role.value.replace('_', ' ').title()})",
            printed_at_text=local_time_text(context.clock.now(), context.utc_offset_minutes, seconds=False),
        )
    )


def _applicant_detail(number: str) -> str:
    shown, is_person = printed_identity(number)
    return f"National ID {shown}" if is_person else f"Business registration {shown}"
