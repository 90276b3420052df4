"""A business day's cash, for head office's reconciliation (services.reconciliation): each till's
count against the journal, and the vaults' cash and agents' e-float before, during and after the day.

- tills (branch devices): each till opened or closed that day; the count the teller declared at the
  close (TILL_CLOSE) against the till's balance in the journal just before the over/short and the
  close (server-derived postings), and the over/short entry booked (services.till_sessions);
- cash positions: a branch vault's cash and an agent's e-float (owed to the agent), from the booked
  postings of entries by business date. Before the day is the account's balance now less what the
  entries of the day and later moved: MySQL reads the days since, found by business date (migration
  0008), not the account's whole history (SQLite, with no statistics, still reads the accounts'
  postings by account).

Each function reads in the caller's transaction (the report's one snapshot).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import Connection, and_, case, func, select

from shared_core import canonical
from shared_core.accounts import customer_view, parse_account
from shared_core.channels import Channel
from shared_core.money import Money
from shared_core.operations import OperationKind
from shared_core.reconciliation_report import CashPosition, TillLine
from sync_server.db import schema
from sync_server.services.books import BOOKED_STATUSES
from sync_server.services.till_sessions import TillSession

_e = schema.entries.c
_p = schema.postings.c
_u = schema.users.c
_a = schema.accounts.c
_BOOKED = tuple(status.value for status in BOOKED_STATUSES)
_TILL_KINDS = tuple(
    kind.value
    for kind in (
        OperationKind.TILL_OPEN,
        OperationKind.TILL_OVER,
        OperationKind.TILL_SHORT,
        OperationKind.TILL_CLOSE,
    )
)


class CashHolder(Protocol):
    """A device as its cash is reconciled: where it works and the account its cash sits in."""

    @property
    def device_code(self) -> str: ...
    @property
    def channel(self) -> Channel: ...
    @property
    def location_code(self) -> str: ...
    @property
    def cash_account(self) -> str: ...


def till_lines(
    connection: Connection,
    business_date: str,
    branch_devices: Sequence[CashHolder],
    last_of_day: Mapping[str, int],
) -> tuple[TillLine, ...]:
    """Each till session of the day. `last_of_day`: each device's last sequence of the day (a till
    not closed is counted against the journal after the day's last entry)."""
    if not branch_devices:
        return ()
    by_code = {device.device_code: device for device in branch_devices}
    rows = connection.execute(
        select(_e.device_code, _e.sequence, _e.kind, _e.reference, _e.amount_cents, _e.content)
        .where(
            _e.business_date == business_date,
            _e.device_code.in_(sorted(by_code)),
            _e.kind.in_(_TILL_KINDS),
            _e.status.in_(_BOOKED),
        )
        .order_by(_e.device_code, _e.sequence)
    ).all()
    sessions: list[TillSession] = []
    open_session: dict[str, TillSession] = {}
    for row in rows:
        kind = OperationKind(row.kind)
        session = open_session.get(row.device_code)
        if kind is OperationKind.TILL_OPEN or session is None:
            session = TillSession(row.device_code)
            sessions.append(session)
            open_session[row.device_code] = session
        user_id = _user_of(row.content)
        if kind is OperationKind.TILL_OPEN:
            session.opened(row.reference, user_id, Money(row.amount_cents))
        elif kind in (OperationKind.TILL_OVER, OperationKind.TILL_SHORT):
            sign = 1 if kind is OperationKind.TILL_OVER else -1
            session.over_short(row.sequence, Money(sign * row.amount_cents))
        else:
            session.closed(row.sequence, row.reference, user_id, Money(row.amount_cents))
            del open_session[row.device_code]
    names = _user_names(connection, {session.teller for session in sessions})
    lines = []
    for session in sessions:
        device = by_code[session.device_code]
        # The drawer by the journal: every booked posting on the till before the count was booked.
        counted_before = session.counted_before or (last_of_day[session.device_code] + 1)
        expected = _balance_before(connection, device.cash_account, session.device_code, counted_before)
        lines.append(session.line(expected, names.get(session.teller, session.teller)))
    return tuple(lines)


def cash_positions(
    connection: Connection, business_date: str, locations: Sequence[Any], devices: Sequence[CashHolder]
) -> dict[str, tuple[CashPosition, ...]]:
    """Vaults of branches and floats of agents, per location code (`locations`: rows of locations)."""
    accounts: dict[str, str] = {}  # account -> location
    for location in locations:
        if location.kind == "branch" and location.vault_account:
            accounts[location.vault_account] = location.code
    for device in devices:
        if device.channel is Channel.AGENT:
            accounts[device.cash_account] = device.location_code
    if not accounts:
        return {}
    today = _e.business_date == business_date
    since = {
        account: (int(from_day or 0), int(day or 0))
        for account, from_day, day in connection.execute(
            select(_p.account, func.sum(_p.amount_cents), func.sum(case((today, _p.amount_cents), else_=0)))
            .select_from(
                schema.postings.join(
                    schema.entries, and_(_e.device_code == _p.device_code, _e.sequence == _p.sequence)
                )
            )
            .where(_p.account.in_(sorted(accounts)), _e.business_date >= business_date)
            .group_by(_p.account)
        )
    }
    balances = {
        account: int(cents)
        for account, cents in connection.execute(
            select(_a.account, _a.balance_cents).where(_a.account.in_(sorted(accounts)))
        )
    }
    positions: dict[str, list[CashPosition]] = defaultdict(list)
    for account in sorted(accounts):
        from_day, day = since.get(account, (0, 0))
        account_type = parse_account(account).type
        opening = customer_view(account_type, Money(balances.get(account, 0) - from_day))
        movement = customer_view(account_type, Money(day))
        positions[accounts[account]].append(CashPosition(account, opening, movement, opening + movement))
    return {code: tuple(found) for code, found in positions.items()}


def _balance_before(connection: Connection, account: str, device_code: str, sequence: int) -> Money:
    total = connection.execute(
        select(func.sum(_p.amount_cents)).where(
            _p.account == account, _p.device_code == device_code, _p.sequence < sequence
        )
    ).scalar()
    return Money(int(total or 0))


def _user_names(connection: Connection, user_ids: Iterable[str]) -> dict[str, str]:
    wanted = sorted(user_ids)
    if not wanted:
        return {}
    rows = connection.execute(select(_u.user_id, _u.display_name).where(_u.user_id.in_(wanted)))
    return {user_id: name for user_id, name in rows}


def _user_of(content: bytes) -> str:
    entry = canonical.decode(bytes(content))  # accepted by the ingest: canonical and whole
    assert isinstance(entry, dict)
    return str(entry["user_id"])
