"""Balances as the device sees them offline.

Available = the balance last pulled from the server (which already counts this device's
entries up to `pulled_through_sequence`), plus what this device's later entries did to it:
every debit at once, credits only from cash that really came in (see store.effects), and none of
an entry head office refused: its answer says no money moved, and the balance agrees at once,
not only after the next pull.
"""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, func, select

from desktop_app.store import schema
from shared_core.accounts import customer_view, parse_account
from shared_core.errors import NotFound
from shared_core.money import Money

_a = schema.accounts.c
_p = schema.postings.c
_r = schema.entry_results.c


_PULLED = select(_a.pulled_balance_cents, _a.pulled_through_sequence).where(_a.account == bindparam("account"))
_LOCAL = select(func.coalesce(func.sum(_p.available_cents), 0)).where(
    _p.account == bindparam("account"),
    _p.sequence > bindparam("after"),
    _p.sequence.not_in(select(_r.sequence).where(_r.status == "rejected")),
)


def available_balance(connection: Connection, account: str) -> Money:
    row = connection.execute(_PULLED, {"account": account}).first()
    if row is None:
        raise NotFound(f"Account {account} is not known on this device; sync to fetch it", account=account)
    local = connection.execute(_LOCAL, {"account": account, "after": row.pulled_through_sequence}).scalar_one()
    return Money(row.pulled_balance_cents) + customer_view(parse_account(account).type, Money(local))


def ledger_balance(connection: Connection, account: str) -> Money:
    """The sum of this device's postings to an account (a till's cash, in ledger sign)."""
    total = connection.execute(
        select(func.coalesce(func.sum(_p.amount_cents), 0)).where(_p.account == account)
    ).scalar_one()
    return Money(total)
