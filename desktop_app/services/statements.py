"""A customer's statement for any period, and their balance, from head office's books (online only).

This device holds only the balances it pulled and its own journal; the postings other counters and
agents made are at head office. So a statement is asked of the server (shared_core.statements)
through a `StatementSource` (the app wires sync.statements.ServerStatements), its signed answer
verified under the server key pinned at enrolment, checked to answer this very request and to add
up, then mapped to the printed statement's data (receipts.statement) for `render_statement`.
Offline there is no statement: OnlineOnly, never one made up from what this device knows
(printing.print_statement prints that, and says so).

A balance enquiry is a statement of today: its closing balance is the balance at head office
(withdrawals held online but not yet synced are not taken off it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from desktop_app.receipts import statement as printed
from desktop_app.receipts.receipt import local_time_text
from desktop_app.services.context import ServiceContext, Session
from shared_core.accounts import parse_account
from shared_core.errors import OnlineOnly
from shared_core.journal import parse_timestamp
from shared_core.money import Money
from shared_core.roles import Permission, require_permission
from shared_core.signing import load_public_key
from shared_core.statements import (
    StatementAnswer,
    StatementRequest,
    check_answer_is_for,
    decode_answer,
    verify_answer,
)


class StatementSource(Protocol):
    def request_statement(self, request: StatementRequest) -> bytes:
        """Head office's encoded, signed answer to `request`. Raises OnlineOnly when no answer came,
        or the DomainError the server's refusal names."""
        ...


@dataclass(frozen=True, slots=True)
class HeadOfficeBalance:
    """What a balance enquiry tells the teller: the balance in head office's books on `as_of`."""

    account: str
    holder_name: str
    balance: Money
    as_of: date
    generated_at: str  # the server's time when it read its books


def fetch_statement(
    context: ServiceContext,
    session: Session,
    account: str,
    from_date: date,
    to_date: date,
    *,
    server: StatementSource | None,
) -> printed.StatementData:
    """The statement of `account` for business dates from_date..to_date (both included), from
    head office, ready for `render_statement`. OnlineOnly when head office cannot be asked."""
    answer = _ask(context, session, account, from_date, to_date, server)
    return statement_data(context, answer)


def fetch_balance(
    context: ServiceContext, session: Session, account: str, *, server: StatementSource | None
) -> HeadOfficeBalance:
    """The balance enquiry: `account`'s balance at head office today (this device's local date)."""
    today = date.fromisoformat(context.local_date())
    answer = _ask(context, session, account, today, today, server)
    return HeadOfficeBalance(
        account=answer.account,
        holder_name=answer.holder_name,
        balance=answer.closing_balance,
        as_of=today,
        generated_at=answer.generated_at,
    )


def _ask(
    context: ServiceContext,
    session: Session,
    account: str,
    from_date: date,
    to_date: date,
    server: StatementSource | None,
) -> StatementAnswer:
    require_permission(session.role, Permission.STATEMENT_PRINT)
    for name, value in (("from_date", from_date), ("to_date", to_date)):
        if not isinstance(value, date):
            raise TypeError(f"{name} must be a date, got {type(value).__name__}")
    request = StatementRequest(
        device_code=context.device.device_code,
        user_id=session.user_id,
        account=account,
        from_date=from_date.isoformat(),
        to_date=to_date.isoformat(),
    )  # refuses a bad account or period before anything is sent
    server_key_hex = context.device.server_public_key_hex
    if server is None or server_key_hex is None or not context.is_online():
        raise OnlineOnly(
            "A statement comes from head office's books and the link is down; try again when it is back",
            account=account,
        )
    signed = decode_answer(server.request_statement(request))  # InvariantBroken if it does not add up
    verify_answer(signed, load_public_key(server_key_hex))
    check_answer_is_for(signed.answer, request)
    return signed.answer


def statement_data(context: ServiceContext, answer: StatementAnswer) -> printed.StatementData:
    """The answer as the A4 statement prints it: times in the device's local time, with its offset."""
    offset = context.utc_offset_minutes
    lines = tuple(
        printed.StatementLine(
            date_time_text=local_time_text(parse_timestamp(line.recorded_at), offset, seconds=False),
            reference=line.reference,
            description=line.description,
            debit=Money(line.debit_cents) if line.debit_cents is not None else None,
            credit=Money(line.credit_cents) if line.credit_cents is not None else None,
            balance=Money(line.balance_after_cents),
        )
        for line in answer.lines
    )
    now = context.clock.now() + timedelta(minutes=offset)
    generated = local_time_text(parse_timestamp(answer.generated_at), offset, seconds=False)[:16]
    return printed.StatementData(
        bank_name=context.device.bank_name,
        customer_name=answer.holder_name,
        masked_national_id=answer.masked_national_id,
        account_label=f"{answer.account_label} {parse_account(answer.account).id}",
        period_start=date.fromisoformat(answer.from_date),
        period_end=date.fromisoformat(answer.to_date),
        opening_balance=answer.opening_balance,
        lines=lines,
        closing_balance=answer.closing_balance,
        printed_at_text=f"{now:%Y-%m-%d %H:%M}, from head office's books as at {generated}",
    )
