"""Cash withdrawals authorized online (DESIGN.md "Online first, offline within bounds").

With the link up, head office authorizes a withdrawal before the cash leaves the drawer. This
device mints the entry's id, checks everything its own rules check (the same as any posting:
till, tier, limits, the supervisor's override, the available balance), asks for a hold under
that id through a `HoldAuthority` (the app wires the sync client), verifies the signed answer
under the server key pinned at enrolment, and only on an approval commits the entry, recording
the hold (EntryDetails.hold_id): it draws nothing on the offline allowance, and completes the
hold when it syncs. A decline or a needs-approval posts nothing and raises the error the server's
code names, as this device's own rules would have raised it.

When no answer comes (the link dropped, the server is down or slower than the teller can wait),
the withdrawal is judged as offline, within the allowance, under the same entry id: if the
server did place the hold and its answer was lost, this entry completes that hold when it syncs,
so the amount is never held twice. One call commits at most one entry: nothing is paid twice.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Protocol

from desktop_app.services.context import ServiceContext, Session
from desktop_app.services.login import log_in
from desktop_app.services.posting import Extras, Override, Posted, judge_in, post_in
from shared_core.errors import Refused
from shared_core.holds import (
    HOLD_EXPIRED,
    HoldRequest,
    HoldStatus,
    check_answer_is_for,
    decode_answer,
    hold_request_for,
    refusal_of,
    verify_answer,
)
from shared_core.operations import Operation
from shared_core.signing import load_public_key

log = logging.getLogger(__name__)


class HoldUnanswered(Exception):
    """Head office could not be asked, or did not answer in time: the link is down for this."""


class HoldAuthority(Protocol):
    def request_hold(self, request: HoldRequest) -> bytes:
        """Head office's encoded, signed answer to `request`. Raises HoldUnanswered when no answer
        came, or a DomainError when the server refused the request itself (a revoked device...)."""
        ...


def withdraw_online(
    context: ServiceContext,
    session: Session,
    operation: Operation,
    extras: Extras,
    holds: HoldAuthority,
    *,
    override: Override | None = None,
) -> Posted:
    """Ask head office to hold `operation` (a cash withdrawal) and post it: under the hold when
    approved, as offline when no answer came; refused, nothing posted, otherwise."""
    server_key_hex = context.device.server_public_key_hex
    if server_key_hex is None:
        raise RuntimeError("this device has pinned no server key; enrol it before asking head office")
    checker = log_in(context, override.user_id, override.password) if override else None
    extras = dataclasses.replace(extras, entry_id=context.new_entry_id())
    assert extras.customer_cif is not None and extras.entry_id is not None
    with context.store.read() as connection:
        judgement = judge_in(context, connection, session, operation, extras, checker=checker)
    judgement.require_funds()
    request = hold_request_for(
        operation,
        entry_id=extras.entry_id,
        device_code=context.device.device_code,
        user_id=session.user_id,
        approved_by=judgement.approved_by,
        customer_cif=extras.customer_cif,
        business_date=judgement.business_date,
    )
    try:
        data = holds.request_hold(request)
    except HoldUnanswered as error:
        log.info("hold for %s unanswered (%s): the withdrawal is judged as offline", extras.entry_id, error)
        with context.store.write() as connection:
            return post_in(context, connection, session, operation, extras, checker=checker)
    signed = decode_answer(data)
    verify_answer(signed, load_public_key(server_key_hex))
    answer = signed.answer
    check_answer_is_for(answer, request)
    if answer.status is not HoldStatus.APPROVED:
        raise refusal_of(answer)
    assert answer.expires_at is not None
    if answer.expires_at <= answer.server_time:  # a repeat of a hold since completed: never pay on it
        raise Refused(f"The hold for this withdrawal expired at {answer.expires_at}", reason=HOLD_EXPIRED)
    with context.store.write() as connection:
        held = dataclasses.replace(extras, online_hold=True)
        posted = post_in(context, connection, session, operation, held, checker=checker)
    return dataclasses.replace(posted, hold=answer)

