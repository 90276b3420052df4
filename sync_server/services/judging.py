"""The server's own judgement of a batch's new entries, and the postings it books for them.

Nothing a device computed is trusted: postings are derived again with shared_core (a reversal's
from the original entry's booked postings), and each entry is judged again under the server's
limit table with what the server knows: the user's role from `users`, the customer's tier from
`customers`, what the customer already moved that business day across every device, the balance
from `accounts`.

Facts (cash that moved) are always booked; one that broke a rule is booked into an exception head
office resolves: 'offline_overdraft' (a customer account taken below zero, e.g. two devices paying
the same customer offline), 'policy_drift' (the device judged under another limit table that
allowed it), 'limit_breach_on_fact' (a rule broken under the very table the device used),
'unknown_account' (a customer account the server does not hold), 'premium_mismatch' / 'premium_unmatched'
(cash taken for cover head office prices otherwise, or cannot match to a policy: held whole in
payable:insurance_premiums). Requests are decided: allowed or approved by a valid local override ->
booked; denied -> rejected with the reason's code; needing a checker without a valid override ->
awaiting approval, nothing booked yet.

A premium carrying a policy (details.insurance) is quoted again under head office's tariff and booked
split into premium, levies and stamp duty (services.insurance); one carrying none books as it always
did, whole to payable:insurance_premiums.

`judge_entries` runs in memory over the batch's `Books`, entry by entry, so each entry sees the
balances and day totals the entries before it left.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from shared_core.accounts import PREMIUMS_PAYABLE, AccountType, customer_view
from shared_core.approvals import (
    ApprovalItem,
    Decision,
    Outcome,
    Reason,
    ReasonCode,
    check_checker,
    judge,
    judge_registration,
)
from shared_core.business_day import local_date
from shared_core.credit_policy import CreditOutcome
from shared_core.entry_details import EntryDetails
from shared_core.errors import (
    AlreadyExists,
    DomainError,
    InsufficientFunds,
    InvalidInput,
    NotFound,
    PremiumMismatch,
)
from shared_core.exception_resolution import ExceptionCode
from shared_core.insurance_sales import PREMIUM_KINDS
from shared_core.journal import JournalEntry
from shared_core.ledger import (
    OVERDRAWABLE_TYPES,
    Posting,
    customer_effects,
    reversal_postings,
    shortfall,
)
from shared_core.limits import LimitTable
from shared_core.loan_origination import read_application
from shared_core.loan_postings import REPAYMENT_KINDS
from shared_core.money import Money
from shared_core.operations import OPERATION_SPECS, Nature, Operation, OperationKind, Slot
from shared_core.results import EntryStatus
from shared_core.roles import Role
from sync_server.services.books import BOOKED_STATUSES, COUNTED_STATUSES, Books, account_type
from sync_server.services.credit import score_application
from sync_server.services.insurance import InsuranceBook, PremiumSale
from sync_server.services.loans import LoanStatus, NewLoan, Repayment
from sync_server.services.payroll import judge_run_entry

# Customer accounts exist before they are used (registered, or opened by head office); the rest of
# the chart (tills, vaults, floats, the bank's fixed accounts) is created on first use.
_HELD_FOR_CUSTOMERS = frozenset({AccountType.WALLET, AccountType.SAVINGS, AccountType.LOAN})
# Judges an unknown or inactive user's entry as if by a role holding every counter permission,
# then puts the one true reason in place of its permission reasons.
_STAND_IN_ROLE = Role.SUPERVISOR
exception_note_length_max = 2000


CREDIT_DECLINED = "credit_declined"


@dataclass(frozen=True, slots=True)
class RaisedException:
    code: ExceptionCode
    account: str | None
    amount_cents: int
    note: str


@dataclass(frozen=True, slots=True)
class Judged:
    """What the server decided about one new entry, and what it books for it."""

    entry: JournalEntry
    nature: Nature
    status: EntryStatus
    code: str | None
    message: str
    postings: tuple[Posting, ...]  # empty unless booked
    exception: RaisedException | None
    customer_cif: str | None
    business_date: str
    amount_cents: int
    reverses_entry_id: str | None
    entry_id_taken: bool = False  # the entry id belongs to another entry already
    loan_effect: NewLoan | Repayment | None = None  # a loan applied for, or a repayment's allocation
    insurance_effect: PremiumSale | None = None  # a policy sold, renewed or paid for


# --- judging --------------------------------------------------------------------------------------


def judge_entries(books: Books, entries: tuple[JournalEntry, ...]) -> tuple[Judged, ...]:
    assert books.connection is not None, "the batch's books are loaded from its transaction"
    insurance = books.insurance
    judged = []
    for entry in entries:
        item = _judge(books, insurance, entry)
        judged.append(item)
        effect = item.loan_effect
        if isinstance(effect, NewLoan):
            books.loans.commit_new(effect, entry.device_code, entry.sequence, entry.entry_id)
        elif isinstance(effect, Repayment) and item.status in BOOKED_STATUSES:
            books.loans.commit_repayment(effect, entry.device_code, entry.sequence, entry.entry_id)
        if item.insurance_effect is not None and item.status in BOOKED_STATUSES:
            insurance.commit(item.insurance_effect, entry.device_code, entry.sequence, entry.entry_id)
        if item.reverses_entry_id is not None and item.status in BOOKED_STATUSES:
            insurance.reverse(item.reverses_entry_id, entry.entry_id)
            books.loans.reverse(item.reverses_entry_id, entry.entry_id)
        if item.status in BOOKED_STATUSES:
            books.apply(item.postings)
            if item.postings:
                books.original_postings[entry.entry_id] = item.postings
        if item.status in COUNTED_STATUSES:
            if item.customer_cif is not None:
                books.count_spent(item.customer_cif, item.business_date, entry, item.amount_cents)
            if item.reverses_entry_id is not None:  # booked or waiting: either way, not reversed twice
                books.reversed_entry_ids.add(item.reverses_entry_id)
        books.taken_entry_ids.add(entry.entry_id)
    return tuple(judged)


@dataclass(slots=True)
class _Draft:
    """One entry on its way to a judgement."""

    entry: JournalEntry
    nature: Nature
    business_date: str
    amount_cents: int
    customer_cif: str | None = None
    reverses_entry_id: str | None = None
    loan_effect: NewLoan | Repayment | None = None
    insurance_effect: PremiumSale | None = None

    def result(
        self,
        status: EntryStatus,
        code: str | None = None,
        message: str = "",
        postings: tuple[Posting, ...] = (),
        exception: RaisedException | None = None,
        *,
        entry_id_taken: bool = False,
    ) -> Judged:
        return Judged(
            self.entry,
            self.nature,
            status,
            code,
            message,
            postings,
            exception,
            self.customer_cif,
            self.business_date,
            self.amount_cents,
            self.reverses_entry_id,
            entry_id_taken,
            self.loan_effect,
            self.insurance_effect,
        )


def _judge(books: Books, insurance: InsuranceBook, entry: JournalEntry) -> Judged:
    spec = OPERATION_SPECS[entry.kind]
    amount = entry.body.get("amount_cents")
    draft = _Draft(
        entry,
        spec.nature,
        local_date(entry.recorded_at, entry.utc_offset_minutes),  # the device's, until its details say
        amount if type(amount) is int else 0,
    )
    if entry.entry_id in books.taken_entry_ids:
        return draft.result(
            EntryStatus.EXISTS_WITH_DIFFERENT_CONTENT,
            message=f"Entry id {entry.entry_id} already belongs to another entry; nothing was booked",
            entry_id_taken=True,
        )
    parsed = books.parsed[entry.sequence]
    if parsed.details is not None:
        draft.business_date = parsed.details.business_date
    if parsed.error is not None:
        return _unbookable(draft, parsed.error)
    operation, details = parsed.operation, parsed.details
    assert operation is not None and details is not None
    postings = parsed.postings
    if entry.kind is OperationKind.REVERSAL:
        try:
            postings = _reversal(books, operation, details)
        except DomainError as error:
            return _unbookable(draft, error)
    draft.reverses_entry_id = details.original_entry_id if entry.kind is OperationKind.REVERSAL else None
    if entry.kind in REPAYMENT_KINDS:
        try:
            postings = _repayment(books, draft, operation)
        except DomainError as error:
            return draft.result(EntryStatus.REJECTED, error.code, error.message)
    opened = operation.loan_account if entry.kind is OperationKind.LOAN_DISBURSEMENT else None
    unknown = sorted(
        {
            posting.account
            for posting in postings
            if account_type(posting.account) in _HELD_FOR_CUSTOMERS
            and not books.account_known(posting.account)
            and posting.account != opened  # a loan's account is opened by its application
        }
    )
    draft.customer_cif = _customer_of(books, operation, details)
    if unknown and spec.nature is Nature.REQUEST:
        error = NotFound(f"Account {unknown[0]} is not held by the bank", account=unknown[0])
        return draft.result(EntryStatus.REJECTED, error.code, error.message)
    if entry.kind is OperationKind.PAYROLL_RUN:  # always waits for a checker: services.payroll
        run = judge_run_entry(books, entry, operation, details)
        return draft.result(run.status, run.code, run.message)
    premium_problem = None
    if entry.kind in PREMIUM_KINDS and details.insurance is not None:
        try:
            postings = _premium(books, insurance, draft, operation, details)
        except DomainError as error:
            if spec.nature is Nature.REQUEST:
                return draft.result(EntryStatus.REJECTED, error.code, error.message)
            premium_problem = error  # the cash is taken all the same: booked whole, and raised
    if entry.kind is OperationKind.CUSTOMER_REGISTRATION:
        return _judge_registration(books, draft, details)
    decision = _decision(books, books.limit_table, entry, operation, draft, postings)
    approval_refusal = _override_refusal(books, entry, decision)
    breaches = _breaches(decision, approval_refusal)
    overdraft = _overdraft(books, postings)
    drift = bool(breaches) and _is_drift(books, entry, operation, draft, postings)
    if spec.nature is Nature.FACT:
        return _judge_fact(books, draft, postings, breaches, overdraft, unknown, drift, premium_problem)
    if overdraft is not None:
        account, _ = overdraft
        error = InsufficientFunds(
            f"{account} holds {books.balance(account)}; this needs more", account=account
        )
        return draft.result(EntryStatus.REJECTED, error.code, error.message)
    denials = [reason for reason in decision.reasons if reason.outcome is Outcome.DENY]
    if denials:
        message = _reasons_text(denials)
        exception = None
        if drift:
            message = _drift_words(entry, books.limit_table) + message
            exception = RaisedException(
                ExceptionCode.POLICY_DRIFT,
                operation.customer_account,
                draft.amount_cents,
                message[:exception_note_length_max],
            )
        return draft.result(EntryStatus.REJECTED, denials[0].code.value, message, exception=exception)
    if approval_refusal is not None:
        pending = [reason for reason in decision.reasons if reason.outcome is Outcome.NEEDS_APPROVAL]
        return draft.result(
            EntryStatus.AWAITING_APPROVAL,
            pending[0].code.value,
            f"{_reasons_text(pending)}{approval_refusal}",
        )
    if entry.kind is OperationKind.LOAN_DISBURSEMENT:
        return _judge_application(books, draft, operation, details, postings)
    return draft.result(EntryStatus.BOOKED, message=_booked_words(draft), postings=postings)


def _repayment(books: Books, draft: _Draft, operation: Operation) -> tuple[Posting, ...]:
    """A loan repayment's postings by head office's allocation. Cash already taken is allocated
    whatever it is (beyond the payoff: owed back); a request above the payoff is refused."""
    postings, draft.loan_effect = books.loans.repay(
        operation, date.fromisoformat(draft.business_date), accept_excess=draft.nature is Nature.FACT
    )
    return postings


def _premium(
    books: Books, insurance: InsuranceBook, draft: _Draft, operation: Operation, details: EntryDetails
) -> tuple[Posting, ...]:
    """A premium's postings by head office's own quote of the cover it carries, for the customer
    head office says it is (a wallet's owner; for cash, the customer the entry names)."""
    purchase = details.insurance
    assert purchase is not None
    postings, draft.insurance_effect = insurance.sell_to(
        operation, purchase, draft.customer_cif, date.fromisoformat(draft.business_date), books.tiers
    )
    return postings


def _booked_words(draft: _Draft) -> str:
    return draft.insurance_effect.words if draft.insurance_effect is not None else ""


def _judge_application(
    books: Books, draft: _Draft, operation: Operation, details: EntryDetails, postings: tuple[Posting, ...]
) -> Judged:
    """A loan application the limits allow: read, scored and decided by the credit policy. Approved:
    booked, the loan disbursed. Referred: waits for a credit officer. Declined: refused, naming why.
    Either way but unreadable, the loan and its decision are recorded."""
    try:
        application = read_application(operation, details, books.policies.loans)
        if books.loans.exists(application.loan_id):
            raise AlreadyExists(
                f"Loan {application.loan_id} was already applied for", loan_id=application.loan_id
            )
        cif = books.account_owner.get(application.customer_account)
        if cif is None:
            raise NotFound(f"{application.customer_account} is not a customer's wallet here")
        tier = books.tiers[cif]
        decision = score_application(
            books.connection,
            application,
            cif,
            tier,
            date.fromisoformat(draft.business_date),
            books.policies.credit,
        )
    except DomainError as error:
        return draft.result(EntryStatus.REJECTED, error.code, error.message)
    status = {
        CreditOutcome.APPROVE: LoanStatus.ACTIVE,
        CreditOutcome.REFER: LoanStatus.AWAITING_APPROVAL,
        CreditOutcome.DECLINE: LoanStatus.DECLINED,
    }[decision.outcome]
    applied_on = date.fromisoformat(draft.business_date)
    draft.loan_effect = NewLoan(application, cif, applied_on, decision, status)
    words = f"Loan {application.loan_id}: {decision.explanation}"
    if status is LoanStatus.DECLINED:
        return draft.result(EntryStatus.REJECTED, CREDIT_DECLINED, words)
    if status is LoanStatus.AWAITING_APPROVAL:
        return draft.result(EntryStatus.AWAITING_APPROVAL, ReasonCode.APPROVAL_LOAN_APPLICATION.value, words)
    assert operation.loan_account is not None
    books.open_account(operation.loan_account, cif, f"Loan {application.loan_id}")
    return draft.result(EntryStatus.BOOKED, message=words, postings=postings)


def _reversal(books: Books, operation: Operation, details: EntryDetails) -> tuple[Posting, ...]:
    """A reversal's postings: the booked original's, negated; never what the device says they were."""
    original_id = details.original_entry_id
    if original_id is None:
        raise InvalidInput("A reversal names the entry it reverses (details.original_entry_id)")
    original = books.original_postings.get(original_id)
    if original is None:
        raise NotFound(f"Entry {original_id} is not a booked entry that moved money", entry_id=original_id)
    if original_id in books.reversed_entry_ids:
        raise AlreadyExists(f"Entry {original_id} is already reversed", entry_id=original_id)
    books.loans.check_reversible(original_id)
    moved = sum(posting.amount.cents for posting in original if posting.amount.is_positive)
    if operation.amount.cents != moved:
        raise InvalidInput(
            f"The reversal says {operation.amount}; the entry it reverses moved {Money(moved)}"
        )
    return reversal_postings(original)


def _unbookable(draft: _Draft, error: DomainError) -> Judged:
    """An entry the server cannot book as written. A request is rejected; a fact too, since there
    are no postings to book, but cash moved, so head office gets an exception to chase."""
    exception = None
    if draft.nature is Nature.FACT:
        exception = RaisedException(
            ExceptionCode.UNREADABLE_FACT, None, draft.amount_cents, error.message[:exception_note_length_max]
        )
    return draft.result(EntryStatus.REJECTED, error.code, error.message, exception=exception)


def _customer_of(books: Books, operation: Operation, details: EntryDetails) -> str | None:
    """Whose money it is, as the server holds it: the owner of the customer (or loan) account,
    else the customer the entry names."""
    for slot in (Slot.CUSTOMER_ACCOUNT, Slot.LOAN_ACCOUNT):
        account = getattr(operation, slot.value)
        if account is not None and books.account_owner.get(account) is not None:
            return books.account_owner[account]
    return details.customer_cif


def _decision(
    books: Books,
    table: LimitTable,
    entry: JournalEntry,
    operation: Operation,
    draft: _Draft,
    postings: tuple[Posting, ...],
) -> Decision:
    role = books.users.get(entry.user_id)
    tier = books.tiers.get(draft.customer_cif) if draft.customer_cif is not None else None
    spent = 0
    if draft.customer_cif is not None:
        spent = books.spent_today(draft.customer_cif, draft.business_date, entry)
    balance_after = None
    account = operation.customer_account
    if account is not None and books.account_known(account):
        effect = customer_view(
            account_type(account),
            Money(sum(posting.amount.cents for posting in postings if posting.account == account)),
        )
        if effect.is_positive:
            balance_after = books.balance(account) + effect
    decision = judge(
        table,
        operation=operation,
        role=role or _STAND_IN_ROLE,
        tier=tier,
        spent_today=Money(spent),
        balance_after=balance_after,
    )
    if role is not None:
        return decision
    reasons = tuple(reason for reason in decision.reasons if reason.code is not ReasonCode.PERMISSION_DENIED)
    reasons = (_not_an_active_user(entry.user_id), *reasons)
    return Decision.of(reasons, decision.flags, decision.limit_table_version)


def _not_an_active_user(user_id: str) -> Reason:
    return Reason(ReasonCode.PERMISSION_DENIED, f"User {user_id} is not an active user at head office")


def _override_refusal(books: Books, entry: JournalEntry, decision: Decision) -> str | None:
    """Why the entry's local override does not satisfy the approvals it needs; None if it does
    (or none is needed)."""
    if decision.outcome is not Outcome.NEEDS_APPROVAL:
        return None
    if entry.approved_by is None:
        return ""
    checker_role = books.users.get(entry.approved_by)
    if checker_role is None:
        return f"; the override by {entry.approved_by} does not count: not an active user at head office"
    try:
        for item in decision.approval_items:
            check_checker(
                maker_user_id=entry.user_id,
                checker_user_id=entry.approved_by,
                checker_role=checker_role,
                item=ApprovalItem(item),
            )
    except DomainError as error:
        return f"; the override by {entry.approved_by} does not count: {error.message}"
    return None


def _breaches(decision: Decision, approval_refusal: str | None) -> tuple[Reason, ...]:
    """The rules an entry broke: every denial, and every approval it lacks."""
    unapproved = approval_refusal is not None
    return tuple(
        reason
        for reason in decision.reasons
        if reason.outcome is Outcome.DENY or (reason.outcome is Outcome.NEEDS_APPROVAL and unapproved)
    )


def _overdraft(books: Books, postings: tuple[Posting, ...]) -> tuple[str, int] | None:
    """The first customer account these postings take below zero, and by how much they do."""
    for account, effect in customer_effects(postings).items():
        below = shortfall(books.balance(account), effect)
        if below:
            return account, below.cents
    return None


def _is_drift(
    books: Books, entry: JournalEntry, operation: Operation, draft: _Draft, postings: tuple[Posting, ...]
) -> bool:
    """Judged under another table than the device's, and that table allowed what this one does not.
    A table the server does not hold is given the benefit of the doubt: the device was allowed."""
    if entry.limit_table_version == books.limit_table.version:
        return False
    device_table = books.table_for_version(entry.limit_table_version)
    if device_table is None:
        return True
    decision = _decision(books, device_table, entry, operation, draft, postings)
    return not _breaches(decision, _override_refusal(books, entry, decision))


def _judge_fact(
    books: Books,
    draft: _Draft,
    postings: tuple[Posting, ...],
    breaches: tuple[Reason, ...],
    overdraft: tuple[str, int] | None,
    unknown: list[str],
    drift: bool,
    premium_problem: DomainError | None = None,
) -> Judged:
    """Cash moved: the fact is booked whatever it broke, into an exception if it broke anything."""
    words = _reasons_text(breaches)
    also = f"; also: {words}" if words else ""
    customer_account = next(
        (p.account for p in postings if account_type(p.account) in OVERDRAWABLE_TYPES), None
    )
    if unknown:
        code, account, cents = ExceptionCode.UNKNOWN_ACCOUNT, unknown[0], draft.amount_cents
        message = (
            f"{account} is not held by the bank; the cash is booked to it for head office to place{also}"
        )
    elif overdraft is not None:
        code, (account, cents) = ExceptionCode.OFFLINE_OVERDRAFT, overdraft
        message = f"{account} is overdrawn by {Money(cents)}: paid out beyond the balance{also}"
    elif premium_problem is not None:
        code = (
            ExceptionCode.PREMIUM_MISMATCH
            if isinstance(premium_problem, PremiumMismatch)
            else ExceptionCode.PREMIUM_UNMATCHED
        )
        account, cents = PREMIUMS_PAYABLE, draft.amount_cents
        message = (
            f"{premium_problem.message}; the cash is held whole in {PREMIUMS_PAYABLE} and no cover is "
            f"recorded until head office resolves it{also}"
        )
    elif breaches and drift:
        code, account, cents = ExceptionCode.POLICY_DRIFT, customer_account, draft.amount_cents
        message = _drift_words(draft.entry, books.limit_table) + words
    elif breaches:
        code, account, cents = ExceptionCode.LIMIT_BREACH_ON_FACT, customer_account, draft.amount_cents
        message = words
    elif isinstance(draft.loan_effect, Repayment) and draft.loan_effect.allocation.excess:
        repayment = draft.loan_effect
        code, account, cents = (
            ExceptionCode.LOAN_OVERPAID,
            repayment.loan_account,
            repayment.allocation.excess.cents,
        )
        message = (
            f"Loan {repayment.loan_id} took {repayment.allocation.excess} beyond what closed it; "
            "held in payable:loan_overpayments until it is paid back"
        )
    else:
        return draft.result(EntryStatus.BOOKED, message=_booked_words(draft), postings=postings)
    exception = RaisedException(code, account, cents, message[:exception_note_length_max])
    return draft.result(EntryStatus.BOOKED_WITH_EXCEPTION, code.value, message, postings, exception)


def _judge_registration(books: Books, draft: _Draft, details: EntryDetails) -> Judged:
    entry = draft.entry
    registration = details.registration
    if registration is None:
        error = InvalidInput("A registration carries the customer's particulars (details.registration)")
        return draft.result(EntryStatus.REJECTED, error.code, error.message)
    draft.customer_cif = registration.cif
    role = books.users.get(entry.user_id)
    decision = judge_registration(
        books.limit_table, channel=entry.channel, tier=registration.tier, role=role or _STAND_IN_ROLE
    )
    denials = [reason for reason in decision.reasons if reason.outcome is Outcome.DENY]
    if role is None:
        denials.insert(0, _not_an_active_user(entry.user_id))
    if denials:
        return draft.result(EntryStatus.REJECTED, denials[0].code.value, _reasons_text(denials))
    if registration.cif in books.tiers or registration.national_id in books.national_ids:
        return draft.result(
            EntryStatus.REJECTED,
            AlreadyExists.code,
            f"A customer with CIF {registration.cif} or this national ID is already registered",
        )
    books.open_wallet(registration, entry)
    return draft.result(EntryStatus.BOOKED, message=f"Customer {registration.cif} registered")


def _reasons_text(reasons: Iterable[Reason]) -> str:
    return "; ".join(f"{reason.message} [{reason.code.value}]" for reason in reasons)


def _drift_words(entry: JournalEntry, table: LimitTable) -> str:
    return (
        f"Policy drift: the device judged this under limit table {entry.limit_table_version}, "
        f"head office under {table.version}: "
    )
