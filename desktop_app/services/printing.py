"""Receipts, statements and till reports, built only from committed journal entries.

A receipt is read back from the journal (never from the screen's memory), so what prints is
what was committed; each print is counted, so the second and later say COPY and their number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, select, update

from desktop_app.receipts.receipt import ReceiptData, ReceiptStatus, local_time_text, render_receipt
from desktop_app.receipts.statement import StatementData, StatementLine, render_statement
from desktop_app.receipts.till_report import TillReportData, render_till_report
from desktop_app.services.context import ServiceContext
from desktop_app.services.insurance import stored_tariff
from desktop_app.services.till import TillClosed
from desktop_app.store import journal as stored_journal
from desktop_app.store import schema
from shared_core.accounts import customer_view, parse_account
from shared_core.channels import Channel
from shared_core.errors import InvalidOperation, NotFound
from shared_core.journal import JournalEntry, parse_timestamp
from shared_core.kyc import printed_identity
from shared_core.money import Money
from shared_core.operations import OperationKind
from shared_core.receipt_seal import encode_seal, seal_receipt
from shared_core.receipt_text import RECEIPT_OPERATION_LABELS
from shared_core.results import EntryStatus

# A receipt names the wallet where a statement of that wallet would not need to; head office's
# receipt verifier reads the same labels back (shared_core.receipt_text).
OPERATION_LABELS = RECEIPT_OPERATION_LABELS

_CHANNEL_LABELS = {Channel.BRANCH: "Branch counter", Channel.AGENT: "Agent banking", Channel.HEAD_OFFICE: "Head office"}
_STATUS = {
    EntryStatus.BOOKED: ReceiptStatus.CONFIRMED,
    EntryStatus.BOOKED_WITH_EXCEPTION: ReceiptStatus.CONFIRMED,
    EntryStatus.DUPLICATE: ReceiptStatus.CONFIRMED,
    EntryStatus.REJECTED: ReceiptStatus.REFUSED,
}


@dataclass(frozen=True, slots=True)
class PrintedReceipt:
    pdf: bytes
    copy_number: int  # 0 for the original
    seal_text: str


def print_receipt(context: ServiceContext, sequence: int, *, balance_after: Money | None = None) -> PrintedReceipt:
    """The receipt of committed entry `sequence`, counted as printed in the same transaction.

    `balance_after` is what the posting service returned; a reprint omits it rather than guess.
    """
    if context.device_key is None:
        raise InvalidOperation("This device has no signing key; it cannot seal receipts")
    with context.store.write() as connection:
        entry = stored_journal.entry_at(connection, sequence)
        if entry is None:
            raise NotFound(f"No entry {sequence} in this device's journal", sequence=sequence)
        copies = connection.execute(
            select(schema.receipt_prints.c.copies_printed).where(schema.receipt_prints.c.sequence == sequence)
        ).scalar()
        if copies is None:
            connection.execute(schema.receipt_prints.insert(), {"sequence": sequence, "copies_printed": 1})
        else:
            connection.execute(
                update(schema.receipt_prints)
                .where(schema.receipt_prints.c.sequence == sequence)
                .values(copies_printed=copies + 1)
            )
        copy_number = copies or 0
        data = _receipt_data(context, connection, entry, copy_number, balance_after if copy_number == 0 else None)
    return PrintedReceipt(render_receipt(data), copy_number, data.seal_text)


def _receipt_data(
    context: ServiceContext, connection: Connection, entry: JournalEntry, copy_number: int, balance_after: Money | None
) -> ReceiptData:
    details = stored_journal.details_of(entry)
    customer_name, masked_id = "Not applicable", "-"
    cif = details.customer_cif or (details.registration.cif if details.registration else None)
    if cif is not None:
        customer = connection.execute(select(schema.customers).where(schema.customers.c.cif == cif)).first()
        if customer is not None:
            customer_name, masked_id = customer.full_name, printed_identity(customer.national_id)[0]
    account = entry.body.get("customer_account") or entry.body.get("loan_account") or entry.body.get("cash_account")
    account_label = "-"
    if account:
        label = connection.execute(select(schema.accounts.c.label).where(schema.accounts.c.account == account)).scalar()
        account_label = f"{label or parse_account(account).type.value.title()} {parse_account(account).id}"
    user = connection.execute(select(schema.users).where(schema.users.c.user_id == entry.user_id)).first()
    served_by = f"{user.display_name} ({user.role.replace('_', ' ').title()})" if user else entry.user_id
    status = connection.execute(
        select(schema.entry_results.c.status).where(schema.entry_results.c.sequence == entry.sequence)
    ).scalar()
    amount = Money(entry.body["amount_cents"])
    policy_number = insurer = None
    if details.insurance is not None:  # a premium: the policy it paid for, and its insurer
        policy_number = details.insurance.policy_number
        tariff = stored_tariff(connection)
        insurer = tariff.insurer if tariff is not None else None
    seal = seal_receipt(
        context.device_key,  # type: ignore[arg-type]  (checked by the caller)
        reference=entry.reference,
        amount_cents=amount.cents,
        device_code=entry.device_code,
        entry_hash=entry.entry_hash,
    )
    return ReceiptData(
        bank_name=context.device.bank_name,
        location_name=context.device.location_name,
        channel_label=_CHANNEL_LABELS[entry.channel],
        reference=entry.reference,
        recorded_at=parse_timestamp(entry.recorded_at),
        utc_offset_minutes=entry.utc_offset_minutes,
        operation_label=OPERATION_LABELS[entry.kind],
        amount=amount,
        fee=Money(entry.body["fee_cents"]),
        customer_name=customer_name,
        masked_national_id=masked_id,
        account_label=account_label,
        served_by=served_by,
        status=_STATUS.get(EntryStatus(status), ReceiptStatus.PENDING_SYNC) if status else ReceiptStatus.PENDING_SYNC,
        balance_after=balance_after,
        seal_text=encode_seal(seal),
        copy_number=copy_number,
        policy_number=policy_number,
        insurer=insurer,
    )


def _local_text(recorded_at: str, offset_minutes: int) -> str:
    return local_time_text(parse_timestamp(recorded_at), offset_minutes, seconds=False)


def print_statement(context: ServiceContext, account: str) -> bytes:
    """The account as this device knows it: the balance head office last confirmed, then every
    entry made here since, with a running balance. (Full-period statements come from the server.)"""
    with context.store.read() as connection:
        a, p, j = schema.accounts.c, schema.postings.c, schema.journal.c
        row = connection.execute(select(schema.accounts).where(a.account == account)).first()
        if row is None or row.cif is None:
            raise NotFound(f"Account {account} is not a customer account on this device", account=account)
        customer = connection.execute(select(schema.customers).where(schema.customers.c.cif == row.cif)).one()
        account_type = parse_account(account).type
        postings = connection.execute(
            select(p.amount_cents, j.reference, j.kind, j.recorded_at)
            .select_from(schema.postings.join(schema.journal, p.sequence == j.sequence))
            .where(p.account == account, p.sequence > row.pulled_through_sequence, p.available_cents != 0)
            .order_by(p.sequence, p.line)
        ).all()
    now = context.clock.now() + timedelta(minutes=context.utc_offset_minutes)
    balance = Money(row.pulled_balance_cents)
    lines = []
    for posting in postings:
        change = customer_view(account_type, Money(posting.amount_cents))
        balance += change
        lines.append(
            StatementLine(
                date_time_text=_local_text(posting.recorded_at, context.utc_offset_minutes),
                reference=posting.reference,
                description=OPERATION_LABELS[OperationKind(posting.kind)],
                debit=abs(change) if change.is_negative else None,
                credit=change if change.is_positive else None,
                balance=balance,
            )
        )
    start = date.fromisoformat(lines[0].date_time_text[:10]) if lines else now.date()
    return render_statement(
        StatementData(
            bank_name=context.device.bank_name,
            customer_name=customer.full_name,
            masked_national_id=printed_identity(customer.national_id)[0],
            account_label=f"{row.label} {parse_account(account).id}",
            period_start=start,
            period_end=now.date(),
            opening_balance=Money(row.pulled_balance_cents),
            lines=tuple(lines),
            closing_balance=balance,
            printed_at_text=f"{now:%Y-%m-%d %H:%M}",
        )
    )


def print_till_report(context: ServiceContext, closed: TillClosed, *, teller_name: str,
                      supervisor_name: str | None) -> bytes:
    """The end-of-day report of a till just closed, listing every entry not yet synced."""
    position = closed.position_before
    with context.store.read() as connection:
        opened = stored_journal.entry_at(connection, position.opened_sequence)  # type: ignore[arg-type]
    assert opened is not None
    close_entry = closed.close.entry
    return render_till_report(
        TillReportData(
            bank_name=context.device.bank_name,
            branch_name=context.device.location_name,
            till_label=parse_account(context.device.cash_account).id,
            teller_name=teller_name,
            business_date=date.fromisoformat(position.business_date or context.local_date()),
            opened_at_text=_local_text(opened.recorded_at, opened.utc_offset_minutes),
            closed_at_text=_local_text(close_entry.recorded_at, close_entry.utc_offset_minutes),
            opening_float=Money(opened.body["amount_cents"]),
            operation_totals=tuple(
                (OPERATION_LABELS[OperationKind(kind)], count, total)
                for kind, count, total in position.totals
                if kind != OperationKind.TILL_OPEN.value
            ),
            expected_cash=position.expected_cash,
            counted=tuple((denomination.cents, pieces) for denomination, pieces in _pieces(closed)),
            counted_total=closed.count.total,
            over_short=closed.difference,
            supervisor_name=supervisor_name,
            unsynced_entries=tuple(
                (entry.reference, OPERATION_LABELS[OperationKind(entry.kind)], entry.amount,
                 _local_text(entry.recorded_at, context.utc_offset_minutes))
                for entry in position.unsynced
            ),
        )
    )


def _pieces(closed: TillClosed) -> list[tuple[Money, int]]:
    return [(Money.shillings(shillings), pieces) for shillings, pieces in closed.count.pieces]
