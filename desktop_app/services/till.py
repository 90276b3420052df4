"""The teller's till: open it with a float from the vault, count it at the end of the day,
book any over or short, close it back to the vault, and report the day.

Over or short, and closing with entries head office has not received, each need a supervisor.
Closing is one transaction: the over/short entry and the close entry commit together.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, and_, func, select

from desktop_app.services.balances import ledger_balance
from desktop_app.services.context import ServiceContext, Session
from desktop_app.services.login import log_in
from desktop_app.services.posting import Extras, Override, Posted, post, post_in
from desktop_app.store import schema
from shared_core.approvals import judge_till_close
from shared_core.channels import Channel
from shared_core.denominations import CashCount, over_short
from shared_core.errors import InvalidOperation, TillNotOpen
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind

_j = schema.journal.c


@dataclass(frozen=True, slots=True)
class UnsyncedEntry:
    sequence: int
    reference: str
    kind: str
    amount: Money
    recorded_at: str


@dataclass(frozen=True, slots=True)
class TillPosition:
    open: bool
    user_id: str | None
    business_date: str | None
    opened_sequence: int | None
    expected_cash: Money
    totals: tuple[tuple[str, int, Money], ...]  # (kind, count, amount) since the till opened
    unsynced: tuple[UnsyncedEntry, ...]


@dataclass(frozen=True, slots=True)
class TillClosed:
    over_short: Posted | None
    close: Posted
    position_before: TillPosition
    count: CashCount
    difference: Money  # positive over, negative short


def _require_branch(context: ServiceContext) -> None:
    if context.device.channel is not Channel.BRANCH or context.device.vault_account is None:
        raise InvalidOperation("Only a branch till opens and closes against a vault; an agent works from float")


def open_till(context: ServiceContext, session: Session, *, opening_float: Money) -> Posted:
    _require_branch(context)
    operation = Operation(
        OperationKind.TILL_OPEN,
        Channel.BRANCH,
        opening_float,
        cash_account=context.device.cash_account,
        vault_account=context.device.vault_account,
    )
    return post(context, session, operation)


def till_position(context: ServiceContext) -> TillPosition:
    with context.store.read() as connection:
        return _position(context, connection)


def _position(context: ServiceContext, connection: Connection) -> TillPosition:
    t = schema.tills.c
    till = connection.execute(
        select(schema.tills)
        .where(and_(t.cash_account == context.device.cash_account, t.closed_sequence.is_(None)))
    ).first()
    unsynced = tuple(
        UnsyncedEntry(row.sequence, row.reference, row.kind, Money(row.amount_cents), row.recorded_at)
        for row in connection.execute(
            select(_j.sequence, _j.reference, _j.kind, _j.amount_cents, _j.recorded_at)
            .select_from(schema.outbox.join(schema.journal, schema.outbox.c.sequence == _j.sequence))
            .order_by(_j.sequence)
        )
    )
    totals: tuple[tuple[str, int, Money], ...] = ()
    if till is not None:
        totals = tuple(
            (row.kind, row.count, Money(row.total))
            for row in connection.execute(
                select(_j.kind, func.count().label("count"), func.sum(_j.amount_cents).label("total"))
                .where(_j.sequence >= till.opened_sequence)
                .group_by(_j.kind)
                .order_by(_j.kind)
            )
        )
    return TillPosition(
        open=till is not None,
        user_id=till.user_id if till else None,
        business_date=till.business_date if till else None,
        opened_sequence=till.opened_sequence if till else None,
        expected_cash=ledger_balance(connection, context.device.cash_account),
        totals=totals,
        unsynced=unsynced,
    )


def close_till(
    context: ServiceContext, session: Session, *, count: CashCount, override: Override | None = None
) -> TillClosed:
    """Book the count's over or short (if any) and close the till back to the vault."""
    _require_branch(context)
    checker = log_in(context, override.user_id, override.password) if override else None
    with context.store.write() as connection:
        position = _position(context, connection)
        if not position.open:
            raise TillNotOpen("The till is not open")
        difference = over_short(count.total, position.expected_cash)
        over_short_posted = None
        if difference:
            kind = OperationKind.TILL_OVER if difference.is_positive else OperationKind.TILL_SHORT
            over_short_posted = post_in(
                context,
                connection,
                session,
                Operation(kind, Channel.BRANCH, abs(difference), cash_account=context.device.cash_account),
                Extras(cash_count=count.pieces),
                checker=checker,
            )
        if not count.total.is_positive:
            raise InvalidOperation("An empty till has nothing to return to the vault; count again")
        table = context.limit_table(connection)
        unsynced = len(position.unsynced) + (1 if over_short_posted else 0)
        close = post_in(
            context,
            connection,
            session,
            Operation(
                OperationKind.TILL_CLOSE,
                Channel.BRANCH,
                count.total,
                cash_account=context.device.cash_account,
                vault_account=context.device.vault_account,
            ),
            Extras(cash_count=count.pieces),
            checker=checker,
            further=judge_till_close(table, unsynced_entries=unsynced),
        )
    return TillClosed(over_short_posted, close, position, count, difference)
