"""Resolving exceptions: which corrections each kind allows, what each books, who may take which step.

A worked example. Juma's wallet held KES 1,000. Two agents, both offline, each paid him KES 800:
head office booked both (cash moved) and the second took the wallet to KES -600, an exception
offline_overdraft of KES 600. A write-off of KES 600 debits expense:offline_overdrafts_written_off
and credits his wallet back to zero; it can never be more than KES 600, nor take the wallet above
zero if he has since paid some of it in.
"""

from __future__ import annotations

import pytest

from shared_core.accounts import (
    EXPENSE_OVERDRAFTS_WRITTEN_OFF,
    LOAN_OVERPAYMENTS_PAYABLE,
    PREMIUMS_PAYABLE,
    AccountType,
    wallet_account,
)
from shared_core.errors import (
    CorrectionAboveException,
    CorrectionNotAllowed,
    ExceptionAlreadyResolved,
    InvalidInput,
    MakerIsChecker,
    NoResolutionPending,
    PermissionDenied,
    ResolutionPending,
    UnbalancedEntry,
)
from shared_core.exception_cases import (
    CorrectingEntry,
    ExceptionCase,
    ExceptionEntry,
    ExceptionSummary,
    exception_label,
)
from shared_core.exception_resolution import (
    CORRECTIONS,
    Correction,
    CorrectionKind,
    ExceptionCode,
    ExceptionFacts,
    ExceptionStatus,
    check_within_balances,
    correction_postings,
    correction_reference,
    corrections_for,
)
from shared_core.exception_steps import (
    EventAction,
    ExceptionEvent,
    ExceptionStep,
    StepAction,
    allowed_steps,
    check_step,
    pending_proposal,
)
from shared_core.ledger import Posting, check_entry_balanced
from shared_core.money import Money
from shared_core.references import parse_reference
from shared_core.roles import Role

JUMA = "C0001234"
WALLET = wallet_account(JUMA)
OVERDRAFT = ExceptionFacts(ExceptionCode.OFFLINE_OVERDRAFT, WALLET, Money.shillings(600), JUMA)
NOW = "2026-11-24T09:00:00.000000Z"


def _write_off(shillings: int) -> Correction:
    return Correction(CorrectionKind.WRITE_OFF, Money.shillings(shillings))


def test_a_write_off_credits_the_wallet_back_and_debits_the_loss() -> None:
    postings = correction_postings(OVERDRAFT, _write_off(600))
    assert postings == (
        Posting(EXPENSE_OVERDRAFTS_WRITTEN_OFF, Money.shillings(600)),
        Posting(WALLET, Money.shillings(-600)),
    )
    assert check_entry_balanced(postings) == ()
    # The wallet stood at KES -600 (ledger +60000): afterwards it is at zero, not above.
    check_within_balances(postings, {WALLET: Money.shillings(600)})


def test_recovering_from_the_customer_books_nothing() -> None:
    assert correction_postings(OVERDRAFT, Correction(CorrectionKind.RECOVER_FROM_CUSTOMER, Money(0))) == ()


def test_a_write_off_above_the_exception_is_refused() -> None:
    with pytest.raises(CorrectionAboveException, match="more than the exception's KES 600.00"):
        correction_postings(OVERDRAFT, _write_off(601))


def test_a_write_off_may_not_take_the_wallet_above_zero_after_a_deposit() -> None:
    # Juma paid in KES 500 since: the wallet is overdrawn by KES 100 only.
    postings = correction_postings(OVERDRAFT, _write_off(600))
    with pytest.raises(CorrectionAboveException, match="overdrawn by KES 100.00 now"):
        check_within_balances(postings, {WALLET: Money.shillings(100)})
    check_within_balances(correction_postings(OVERDRAFT, _write_off(100)), {WALLET: Money.shillings(100)})


def test_a_correction_the_code_does_not_allow_is_refused_naming_those_it_does() -> None:
    with pytest.raises(CorrectionNotAllowed, match="write_off, recover_from_customer"):
        correction_postings(OVERDRAFT, Correction(CorrectionKind.REFUND_TO_WALLET, Money.shillings(5)))
    breach = ExceptionFacts(ExceptionCode.LIMIT_BREACH_ON_FACT, WALLET, Money.shillings(200_000), JUMA)
    with pytest.raises(CorrectionNotAllowed):
        correction_postings(breach, _write_off(10))
    assert correction_postings(breach, Correction(CorrectionKind.EXPLAINED, Money(0))) == ()


@pytest.mark.parametrize(
    ("code", "held_in"),
    [
        (ExceptionCode.LOAN_OVERPAID, LOAN_OVERPAYMENTS_PAYABLE),
        (ExceptionCode.PREMIUM_MISMATCH, PREMIUMS_PAYABLE),
        (ExceptionCode.PREMIUM_UNMATCHED, PREMIUMS_PAYABLE),
    ],
)
def test_cash_held_in_a_payable_is_refunded_to_the_wallet(code: ExceptionCode, held_in: str) -> None:
    facts = ExceptionFacts(code, "loan:L0001", Money.shillings(50), JUMA)
    postings = correction_postings(facts, Correction(CorrectionKind.REFUND_TO_WALLET, Money.shillings(50)))
    assert postings == (Posting(held_in, Money.shillings(50)), Posting(WALLET, Money.shillings(-50)))
    with pytest.raises(CorrectionAboveException, match="cannot refund"):
        check_within_balances(postings, {held_in: Money.shillings(-20)})  # holds only KES 20


def test_every_code_has_a_correction_and_an_unknown_code_has_none() -> None:
    assert all(CORRECTIONS[code] for code in ExceptionCode)
    assert corrections_for("offline_overdraft") == (CorrectionKind.WRITE_OFF, CorrectionKind.RECOVER_FROM_CUSTOMER)
    assert corrections_for("something_newer") == ()


@pytest.mark.parametrize(
    ("wire", "problem"),
    [
        ({"kind": "write_off", "amount_cents": 0}, "above zero"),
        ({"kind": "explained", "amount_cents": 100}, "books nothing"),
        ({"kind": "forgive", "amount_cents": 100}, "not a correction"),
        ({"kind": "write_off", "amount_cents": -5}, "outside"),
        ({"kind": "write_off", "amount_cents": "100"}, "expected an integer"),
        ({"kind": "write_off"}, "missing field amount_cents"),
    ],
)
def test_a_bad_correction_on_the_wire_is_refused_naming_what_is_wrong(wire: dict, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem):
        Correction.from_wire(wire)


def test_a_correction_round_trips() -> None:
    correction = _write_off(600)
    assert Correction.from_wire(correction.to_wire()) == correction


def test_a_correcting_entry_reference_is_head_offices_own() -> None:
    reference = correction_reference(7)
    assert reference.startswith("HO-0000-000007-")
    assert parse_reference(reference).sequence == 7  # a valid reference, check character and all


def test_expense_is_debit_normal() -> None:
    assert AccountType.EXPENSE.normal_side.value == "debit"


# --- steps ---------------------------------------------------------------------------------------


def _event(event_id: int, action: EventAction, user_id: str, **extra: object) -> ExceptionEvent:
    return ExceptionEvent(event_id, f"step-{event_id:04d}", action, user_id, NOW, "note", **extra)  # type: ignore[arg-type]


PROPOSED = (
    _event(1, EventAction.ASSIGNED, "amina", assignee="otieno"),
    _event(2, EventAction.RESOLUTION_PROPOSED, "otieno", correction=_write_off(600)),
)


def test_a_checker_may_never_be_the_proposer() -> None:
    with pytest.raises(MakerIsChecker):
        check_step(StepAction.APPROVE, status=ExceptionStatus.OPEN, events=PROPOSED, user_id="Otieno",
                   role=Role.SUPERVISOR)
    check_step(StepAction.APPROVE, status=ExceptionStatus.OPEN, events=PROPOSED, user_id="amina",
               role=Role.HEAD_OFFICE)


def test_one_proposal_waits_at_a_time_and_a_decision_needs_one() -> None:
    with pytest.raises(ResolutionPending):
        check_step(StepAction.PROPOSE, status=ExceptionStatus.OPEN, events=PROPOSED, user_id="amina",
                   role=Role.HEAD_OFFICE)
    with pytest.raises(NoResolutionPending):
        check_step(StepAction.REJECT, status=ExceptionStatus.OPEN, events=PROPOSED[:1], user_id="amina",
                   role=Role.HEAD_OFFICE)
    rejected = (*PROPOSED, _event(3, EventAction.RESOLUTION_REJECTED, "amina"))
    assert pending_proposal(rejected) is None
    assert pending_proposal(PROPOSED) == PROPOSED[1]


def test_a_resolved_exception_takes_no_more_steps() -> None:
    for action in StepAction:
        with pytest.raises(ExceptionAlreadyResolved):
            check_step(action, status=ExceptionStatus.RESOLVED, events=PROPOSED, user_id="amina",
                       role=Role.HEAD_OFFICE)


def test_tellers_and_agents_do_not_work_exceptions() -> None:
    for role in (Role.TELLER, Role.AGENT, Role.DIRECTOR):
        with pytest.raises(PermissionDenied):
            check_step(StepAction.COMMENT, status=ExceptionStatus.OPEN, events=(), user_id="x", role=role)
        assert allowed_steps(status=ExceptionStatus.OPEN, events=(), user_id="x", role=role) == frozenset()


def test_allowed_steps_follow_the_rules() -> None:
    S = StepAction
    assert allowed_steps(status=ExceptionStatus.OPEN, events=(), user_id="amina", role=Role.HEAD_OFFICE) == {
        S.ASSIGN, S.COMMENT, S.PROPOSE}
    assert allowed_steps(status=ExceptionStatus.OPEN, events=PROPOSED, user_id="otieno", role=Role.SUPERVISOR) == {
        S.ASSIGN, S.COMMENT}
    assert allowed_steps(status=ExceptionStatus.OPEN, events=PROPOSED, user_id="amina", role=Role.HEAD_OFFICE) == {
        S.ASSIGN, S.COMMENT, S.APPROVE, S.REJECT}


@pytest.mark.parametrize(
    ("wire", "problem"),
    [
        ({"action": "comment", "note": "  "}, "say what the comment is"),
        ({"action": "propose", "note": "why", "correction": None}, "say which correction"),
        ({"action": "propose", "note": "", "correction": {"kind": "write_off", "amount_cents": 5}}, "say why"),
        ({"action": "reject", "note": ""}, "say why the proposal is rejected"),
        ({"action": "assign", "note": ""}, "name the user to assign to"),
        ({"action": "approve", "note": "", "assignee": "otieno"}, "only an assign step"),
        ({"action": "approve", "note": "", "correction": {"kind": "explained", "amount_cents": 0}}, "only a propose"),
        ({"action": "resolve", "note": ""}, "not a step"),
        ({"action": "comment", "note": "x" * 1001}, "more than 1000"),
        ({"action": "comment", "note": "ok", "step_id": "bad id!"}, "not a step id"),
    ],
)
def test_a_bad_step_is_refused_naming_what_is_wrong(wire: dict, problem: str) -> None:
    body = {"step_id": "6f1c2a9e-0000-4000-8000-000000000001", "note": "", "assignee": None, "correction": None}
    body.update(wire)
    with pytest.raises(InvalidInput, match=problem):
        ExceptionStep.from_wire(body)


def test_a_step_round_trips_and_its_digest_names_who_and_which_exception() -> None:
    step = ExceptionStep("6f1c2a9e-0000-4000-8000-000000000001", StepAction.PROPOSE, "Agents paid twice",
                         correction=_write_off(600))
    assert ExceptionStep.from_wire(step.to_wire()) == step
    digest = step.digest(exception_id=1, user_id="otieno")
    assert digest == step.digest(exception_id=1, user_id="otieno")
    assert digest != step.digest(exception_id=2, user_id="otieno")
    assert digest != step.digest(exception_id=1, user_id="amina")


def test_a_case_round_trips_as_the_desktop_reads_it() -> None:
    entry = ExceptionEntry("K7Q2", 12, "AG-K7Q2-000012-4", "cash_withdrawal", Money.shillings(800), JUMA,
                           "Juma Mwangi", "2026-11-24", NOW, "wanjiru")
    summary = ExceptionSummary(1, "offline_overdraft", ExceptionStatus.RESOLVED, "NBO-001", WALLET,
                               Money.shillings(600), "overdrawn", NOW, "otieno", NOW, False, entry)
    correcting = CorrectingEntry(correction_reference(1), "exception_correction", "2026-11-24",
                                 Money.shillings(600), "otieno", "amina", NOW,
                                 correction_postings(OVERDRAFT, _write_off(600)))
    case = ExceptionCase(summary, (*PROPOSED, _event(3, EventAction.RESOLUTION_APPROVED, "amina",
                                                     correction=_write_off(600))), correcting)
    assert ExceptionCase.from_wire(case.to_wire()) == case
    assert summary.label == exception_label(1) == "EX-1"
    assert case.allowed_steps("amina", Role.HEAD_OFFICE) == frozenset()
    tampered = case.to_wire()
    tampered["correcting_entry"]["postings"][0]["amount_cents"] += 1
    with pytest.raises(UnbalancedEntry, match="do not equal"):
        ExceptionCase.from_wire(tampered)
