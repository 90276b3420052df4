"""Insurance policies by type as of a date, for head office's portfolio view.

- sold: policies sold on or before the date (a sale later reversed cancels its policy: not counted);
- in force: covered on the date. An annual policy (WIBA, asset all-risk) is covered by a premium
  paid by then whose cover period holds the date; a personal accident policy is as
  shared_core.insurance.cover_history says from the monthly premiums paid by then, its grace days
  counted as cover (a claim then is paid);
- lapsed: its cover had begun, and it is no longer covered on the date (an annual policy not
  renewed, a monthly one unpaid past its grace). A policy sold to start later is neither;
- premiums: the basic premiums paid by then, without levies and stamp duty (collected for the
  state, not the insurer's), none of a payment later reversed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import Connection, and_, func, select

from shared_core.insurance import CoverStatus, Product, cover_history
from shared_core.money import Money
from shared_core.portfolio_report import PolicyLine
from sync_server.db import schema

_i = schema.insurance_policies.c
_m = schema.premium_payments.c
_LIVE_POLICY = _i.status != schema.POLICY_CANCELLED
_LIVE_PAYMENT = _m.reversed_by_entry_id.is_(None)


def policies_by_type(connection: Connection, as_of: date, *, grace_days: int) -> tuple[PolicyLine, ...]:
    """Every product, zeros included, in the order shared_core.insurance.Product names them."""
    day = as_of.isoformat()
    sold_by = and_(_LIVE_POLICY, _i.sold_on <= day)
    sold = dict(
        connection.execute(select(_i.product, func.count()).where(sold_by).group_by(_i.product)).all()
    )
    started = dict(
        connection.execute(
            select(_i.product, func.count()).where(sold_by, _i.cover_start <= day).group_by(_i.product)
        ).all()
    )
    paid = and_(_LIVE_PAYMENT, _m.paid_on <= day)
    premiums = dict(
        connection.execute(
            select(_i.product, func.sum(_m.premium_cents))
            .select_from(schema.premium_payments.join(schema.insurance_policies))
            .where(sold_by, paid)
            .group_by(_i.product)
        ).all()
    )
    annual_in_force = dict(
        connection.execute(
            select(_i.product, func.count(func.distinct(_m.policy_number)))
            .select_from(schema.premium_payments.join(schema.insurance_policies))
            .where(
                sold_by, paid, _i.product != Product.PERSONAL_ACCIDENT.value,
                _m.cover_from <= day, _m.cover_to >= day,
            )
            .group_by(_i.product)
        ).all()
    )  # fmt: skip
    in_force = {**annual_in_force, Product.PERSONAL_ACCIDENT.value: _monthly_in_force(connection, as_of, grace_days)}
    return tuple(
        PolicyLine(
            product=product,
            sold=int(sold.get(product.value, 0)),
            in_force=int(in_force.get(product.value, 0)),
            lapsed=int(started.get(product.value, 0)) - int(in_force.get(product.value, 0)),
            premiums=Money(int(premiums.get(product.value) or 0)),
        )
        for product in Product
    )


def _monthly_in_force(connection: Connection, as_of: date, grace_days: int) -> int:
    """Personal accident policies covered on `as_of` (in force or in grace), replaying each one's
    premium days by then through cover_history."""
    day = as_of.isoformat()
    payments: dict[str, list[date]] = defaultdict(list)
    starts: dict[str, date] = {}
    for number, cover_start, paid_on in connection.execute(
        select(_m.policy_number, _i.cover_start, _m.paid_on)
        .select_from(schema.premium_payments.join(schema.insurance_policies))
        .where(
            _LIVE_POLICY, _LIVE_PAYMENT, _i.product == Product.PERSONAL_ACCIDENT.value,
            _i.sold_on <= day, _i.cover_start <= day, _m.paid_on <= day,
        )
    ):  # fmt: skip
        starts[number] = date.fromisoformat(cover_start)
        payments[number].append(date.fromisoformat(paid_on))
    covered = 0
    for number, start in starts.items():
        paid_on = payments[number]
        if min(paid_on) > start:  # its first premium struck out: nothing paid for its start
            continue
        status = cover_history(start, paid_on, as_of=as_of, grace_days=grace_days).status
        covered += status is not CoverStatus.LAPSED
    return covered
