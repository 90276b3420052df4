"""Finding customers (by national ID, phone or name), registering new ones at the counter with
the photo of their ID card, and requesting a KYC upgrade for head office to decide.

An ID photo is kept in the device's `customer_documents`, written in the transaction of the entry
that needed it; the entry's note names the photo's SHA-256, so the journal vouches for the
document without carrying its bytes. Sending documents to head office is not done here yet.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Connection, func, or_, select, text

from desktop_app.services.balances import available_balance
from desktop_app.services.context import ServiceContext, Session
from desktop_app.services.login import log_in
from desktop_app.services.posting import Extras, Override, Posted, post_in
from desktop_app.store import journal as stored_journal
from desktop_app.store import schema
from shared_core.approvals import judge_registration
from shared_core.channels import Channel
from shared_core.entry_details import Registration
from shared_core.errors import AlreadyExists, InvalidInput, NotFound
from shared_core.kyc import (
    Evidence,
    KycTier,
    parse_tier,
    printed_identity,
    require_evidence,
    requirements_for,
    validate_national_id,
)
from shared_core.limits import LimitTable, cash_channels
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind

search_results_max = 50
search_candidates_max = 500
search_text_length_max = 100
id_photo_bytes_max = 5 * 1024 * 1024  # a phone's photo of a card is well under this
document_hash_shown_chars = 16  # of the SHA-256 a note names: enough to tell documents apart
_DIGITS = re.compile(r"\+?[0-9 ]+\Z")
_c = schema.customers.c
_d = schema.customer_documents.c
_j = schema.journal.c
_r = schema.entry_results.c
# What a customer record itself holds: every registration has it.
_ON_RECORD = requirements_for(KycTier.TIER_1)
# Statuses under which a request is still undecided at head office (no answer yet is pending too).
_UNDECIDED = ("awaiting_approval",)
# How a KYC upgrade's note names the tier asked for (written and read only here).
_UPGRADE_NOTE = re.compile(r"Upgrade to Tier ([1-3])\b")
_MEDIA_TYPES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))


class DocumentKind(StrEnum):
    ID_PHOTO = "id_photo"  # a photo or scan of the national ID card (KYC evidence id_photo)


@dataclass(frozen=True, slots=True)
class IdPhoto:
    """The photo of a customer's ID card as captured: JPEG or PNG bytes, judged by their content."""

    media_type: str
    content: bytes

    def __post_init__(self) -> None:
        assert self.media_type == _sniff_media_type(self.content), "IdPhotos come from id_photo_from_bytes"
        assert len(self.content) <= id_photo_bytes_max, "an IdPhoto is within the size limit"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """A document on file for a customer, without its bytes."""

    kind: str
    sha256: str
    media_type: str
    size_bytes: int
    captured_at: str
    captured_reference: str


@dataclass(frozen=True, slots=True)
class ChannelLimits:
    """What the customer's tier allows on one channel, from the limit table in force."""

    channel: Channel
    per_transaction: Money
    per_day: Money
    balance_cap: Money | None  # None: no cap


@dataclass(frozen=True, slots=True)
class KycUpgradeRequest:
    """A KYC upgrade asked for at a counter of this device, and head office's answer so far."""

    reference: str
    tier: KycTier
    status: str  # 'pending' until head office answers, then its status (booked, rejected...)
    message: str | None


@dataclass(frozen=True, slots=True)
class CustomerSummary:
    cif: str
    full_name: str
    masked_national_id: str
    phone: str
    kyc_tier: int
    provisional: bool


@dataclass(frozen=True, slots=True)
class AccountView:
    account: str
    label: str
    available: Money


@dataclass(frozen=True, slots=True)
class RecentEntry:
    reference: str
    kind: str
    amount: Money
    recorded_at: str
    status: str


@dataclass(frozen=True, slots=True)
class CustomerProfile:
    summary: CustomerSummary
    accounts: tuple[AccountView, ...]
    recent: tuple[RecentEntry, ...]
    limits: tuple[ChannelLimits, ...] = ()
    documents: tuple[DocumentSummary, ...] = ()
    kyc_upgrades: tuple[KycUpgradeRequest, ...] = ()  # newest first

    @property
    def pending_upgrade(self) -> KycUpgradeRequest | None:
        """The upgrade still waiting for head office, if any (at most one: see request_kyc_upgrade)."""
        return next((upgrade for upgrade in self.kyc_upgrades if _is_undecided(upgrade.status)), None)

    def has_document(self, kind: DocumentKind) -> bool:
        return any(document.kind == kind for document in self.documents)


def _summary(row) -> CustomerSummary:
    return CustomerSummary(
        cif=row.cif,
        full_name=row.full_name,
        masked_national_id=printed_identity(row.national_id)[0],
        phone=row.phone,
        kyc_tier=row.kyc_tier,
        provisional=row.registered_sequence is not None,
    )


def search_customers(context: ServiceContext, query: str) -> tuple[CustomerSummary, ...]:
    """Digits search national IDs and phone numbers by prefix; words search names, each word
    a prefix ("jum wan" finds "Juma Wanjiku"). At most `search_results_max` results."""
    query = query.strip()[:search_text_length_max]
    if not query:
        return ()
    with context.store.read() as connection:
        if _DIGITS.match(query):
            return _search_numbers(connection, query.replace(" ", ""))
        return _search_names(connection, query)


def _search_numbers(connection: Connection, digits: str) -> tuple[CustomerSummary, ...]:
    local = digits.lstrip("+")
    # A Kenyan phone typed as 07... is stored as 2547...: search both forms.
    phones = {digits, local, "254" + local[1:] if local.startswith("0") else local, "+" + local}
    rows = connection.execute(
        select(schema.customers)
        .where((_c.national_id >= local) & (_c.national_id < local + "\x7f"))
        .limit(search_results_max)
    ).all()
    for phone in phones:
        rows += connection.execute(
            select(schema.customers).where((_c.phone >= phone) & (_c.phone < phone + "\x7f")).limit(search_results_max)
        ).all()
    unique = {row.cif: row for row in rows}
    return tuple(_summary(row) for row in list(unique.values())[:search_results_max])


def _search_names(connection: Connection, query: str) -> tuple[CustomerSummary, ...]:
    words = [word for word in re.split(r"\W+", query) if word]
    if not words:
        return ()
    # Each word quoted (so FTS syntax in a name is just text) and matched as a prefix.
    match = " AND ".join('"' + word.replace('"', '""') + '"*' for word in words)
    # Ranking every match of a short prefix ("kip": 20,000 names) is what makes search slow;
    # rank a bounded set of candidates instead.
    rows = connection.execute(
        text(
            "SELECT customers.* FROM (SELECT rowid, rank FROM customer_search WHERE customer_search MATCH :match "
            "LIMIT :candidates) AS hits JOIN customers ON customers.rowid = hits.rowid "
            "ORDER BY hits.rank LIMIT :limit"
        ),
        {"match": match, "candidates": search_candidates_max, "limit": search_results_max},
    ).all()
    return tuple(_summary(row) for row in rows)


def customer_profile(context: ServiceContext, cif: str, *, recent_max: int = 20) -> CustomerProfile:
    """The customer as the counter shows them: accounts with what may be spent, what their tier
    allows, documents on file, KYC upgrades asked for, and their latest entries (their
    registration here among them) with head office's answer so far."""
    with context.store.read() as connection:
        row = connection.execute(select(schema.customers).where(_c.cif == cif)).first()
        if row is None:
            raise NotFound(f"Customer {cif} is not on this device", cif=cif)
        a = schema.accounts.c
        accounts = tuple(
            AccountView(account.account, account.label, available_balance(connection, account.account))
            for account in connection.execute(select(a.account, a.label).where(a.cif == cif).order_by(a.account))
        )
        theirs = _j.customer_cif == cif
        if row.registered_sequence is not None:  # a registration names its customer only inside it
            theirs = or_(theirs, _j.sequence == row.registered_sequence)
        recent = tuple(
            RecentEntry(entry.reference, entry.kind, Money(entry.amount_cents), entry.recorded_at,
                        entry.status or "pending")
            for entry in connection.execute(
                select(_j.reference, _j.kind, _j.amount_cents, _j.recorded_at, _r.status)
                .select_from(schema.journal.outerjoin(schema.entry_results, _j.sequence == _r.sequence))
                .where(theirs)
                .order_by(_j.sequence.desc())
                .limit(recent_max)
            )
        )
        limits = _limits_of(context.limit_table(connection), KycTier(row.kyc_tier))
        documents = _documents_of(connection, cif)
        upgrades = _upgrades_of(connection, cif)
    return CustomerProfile(_summary(row), accounts, recent, limits, documents, upgrades)


def _limits_of(table: LimitTable, tier: KycTier) -> tuple[ChannelLimits, ...]:
    rows = ((channel, table.tier_limits(channel, tier)) for channel in cash_channels)
    return tuple(ChannelLimits(channel, limits.per_transaction, limits.per_day, limits.balance_cap)
                 for channel, limits in rows)


def _documents_of(connection: Connection, cif: str) -> tuple[DocumentSummary, ...]:
    rows = connection.execute(
        select(_d.kind, _d.sha256, _d.media_type, _d.captured_at, _j.reference,
               func.length(_d.content).label("size_bytes"))
        .select_from(schema.customer_documents.join(schema.journal, _d.captured_sequence == _j.sequence))
        .where(_d.cif == cif)
        .order_by(_d.document_id.desc())
    )
    return tuple(
        DocumentSummary(row.kind, row.sha256, row.media_type, row.size_bytes, row.captured_at, row.reference)
        for row in rows
    )


def _upgrades_of(connection: Connection, cif: str) -> tuple[KycUpgradeRequest, ...]:
    rows = connection.execute(
        select(_j.sequence, _j.reference, _j.content, _r.status, _r.message)
        .select_from(schema.journal.outerjoin(schema.entry_results, _j.sequence == _r.sequence))
        .where(_j.customer_cif == cif, _j.kind == OperationKind.KYC_UPGRADE.value)
        .order_by(_j.sequence.desc())
    )
    upgrades = []
    for row in rows:
        note = stored_journal.details_of(stored_journal.decode_row_content(row.content, row.sequence)).note
        found = _UPGRADE_NOTE.match(note or "")
        assert found is not None, f"a KYC upgrade entry names its tier in its note (sequence {row.sequence})"
        tier = KycTier(int(found.group(1)))
        upgrades.append(KycUpgradeRequest(row.reference, tier, row.status or "pending", row.message))
    return tuple(upgrades)


def _is_undecided(status: str) -> bool:
    return status == "pending" or status in _UNDECIDED


def register_customer(
    context: ServiceContext,
    session: Session,
    *,
    national_id: str,
    full_name: str,
    phone: str,
    tier: KycTier = KycTier.TIER_1,
    evidence: Iterable[Evidence] = (),
    id_photo: IdPhoto | None = None,
) -> Posted:
    """Register a customer offline under a provisional CIF (P + device code + sequence); the
    server confirms and issues the real CIF when the entry syncs.

    `evidence` is what the teller saw beyond the record itself (a date of birth, a portrait...);
    the ID card's photo counts only as `id_photo`, which is kept with the registration in one
    transaction. Who may register at which tier is judged first (an agent: tier 1 only)."""
    national_id = validate_national_id(national_id)
    tier = parse_tier(tier)
    with context.store.write() as connection:
        table = context.limit_table(connection)
        judge_registration(table, channel=context.device.channel, tier=tier, role=session.role).raise_if_refused()
        existing = connection.execute(select(_c.cif).where(_c.national_id == national_id)).scalar()
        if existing is not None:
            raise AlreadyExists(f"A customer with this national ID is already registered ({existing})", cif=existing)
        held = _evidence_held(evidence, photo_on_file=id_photo is not None)
        require_evidence(tier, held)
        head = stored_journal.head(connection, context.head_cache)
        sequence = head.sequence + 1 if head else 1
        registration = Registration(
            cif=f"P{context.device.device_code}{sequence:07d}",
            national_id=national_id,
            full_name=full_name,
            phone=_normalise_phone(phone),
            tier=tier,
        )
        note = _evidence_note(None, held, id_photo.sha256 if id_photo else None)
        operation = Operation(OperationKind.CUSTOMER_REGISTRATION, context.device.channel, Money(0))
        extras = Extras(registration=registration, note=note)
        posted = post_in(context, connection, session, operation, extras, checker=None)
        if id_photo is not None:
            _keep_document(connection, registration.cif, id_photo, posted)
        return posted


def registered_cif(posted: Posted) -> str:
    """The provisional CIF a registration entry gave its customer."""
    registration = stored_journal.details_of(posted.entry).registration
    assert registration is not None, "a registration entry names whom it registers"
    return registration.cif


def request_kyc_upgrade(
    context: ServiceContext,
    session: Session,
    *,
    cif: str,
    tier: KycTier,
    evidence: Iterable[Evidence] = (),
    id_photo: IdPhoto | None = None,
    override: Override | None = None,
) -> Posted:
    """Ask head office to raise a customer's KYC tier: a request entry, pending until the server
    decides (the customer's tier changes only when a pull brings it).

    Any counter role may ask (teller, agent, supervisor: kyc_upgrade_request); every upgrade needs
    a supervisor's approval (shared_core.approvals), given here by `override` or refused with
    ApprovalRequired. It is capture-only, so it works offline. The evidence must meet the new tier
    (shared_core.kyc): what is on record, what the teller saw, and an ID photo on file or given
    now (kept in the same transaction). One upgrade at a time waits per customer."""
    tier = parse_tier(tier)
    checker = log_in(context, override.user_id, override.password) if override else None
    with context.store.write() as connection:
        row = connection.execute(select(_c.cif, _c.full_name, _c.kyc_tier).where(_c.cif == cif)).first()
        if row is None:
            raise NotFound(f"Customer {cif} is not on this device", cif=cif)
        if tier <= row.kyc_tier:
            raise InvalidInput(
                f"{row.full_name} is already at Tier {row.kyc_tier}; an upgrade asks for a higher tier",
                field="tier",
            )
        undecided = (upgrade for upgrade in _upgrades_of(connection, cif) if _is_undecided(upgrade.status))
        waiting = next(undecided, None)
        if waiting is not None:
            raise AlreadyExists(
                f"An upgrade of {row.full_name} to {waiting.tier.label} already waits for head office "
                f"({waiting.reference})",
                reference=waiting.reference,
            )
        on_file = connection.execute(
            select(_d.sha256).where(_d.cif == cif, _d.kind == DocumentKind.ID_PHOTO.value)
            .order_by(_d.document_id.desc()).limit(1)
        ).scalar()
        photo_sha256 = id_photo.sha256 if id_photo is not None else on_file
        held = _evidence_held(evidence, photo_on_file=photo_sha256 is not None)
        require_evidence(tier, held)
        operation = Operation(OperationKind.KYC_UPGRADE, context.device.channel, Money(0))
        note = _evidence_note(tier, held, photo_sha256)
        posted = post_in(context, connection, session, operation, Extras(customer_cif=cif, note=note),
                         checker=checker)
        if id_photo is not None:
            _keep_document(connection, cif, id_photo, posted)
        return posted


# --- documents --------------------------------------------------------------------------------


def id_photo_from_bytes(content: bytes) -> IdPhoto:
    """An ID photo from what a file held: JPEG or PNG (by content, not by name), at most 5 MB."""
    if not content:
        raise InvalidInput("The ID photo file is empty", field="id_photo")
    if len(content) > id_photo_bytes_max:
        raise InvalidInput(
            f"The ID photo is {_megabytes(len(content))}; at most {_megabytes(id_photo_bytes_max)} is kept",
            field="id_photo",
        )
    media_type = _sniff_media_type(content)
    if media_type is None:
        raise InvalidInput("The ID photo must be a JPEG or PNG picture", field="id_photo")
    return IdPhoto(media_type, content)


def read_id_photo(path: Path) -> IdPhoto:
    """Read an ID photo chosen from a file (run in a worker); its size is checked before reading."""
    try:
        size = path.stat().st_size
        if size > id_photo_bytes_max:
            raise InvalidInput(
                f"{path.name} is {_megabytes(size)}; "
                f"an ID photo may be at most {_megabytes(id_photo_bytes_max)}",
                field="id_photo",
            )
        content = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise InvalidInput(f"{path.name} cannot be read: {reason}", field="id_photo") from None
    return id_photo_from_bytes(content)


def document_content(context: ServiceContext, cif: str, sha256: str) -> bytes:
    """The bytes of a document on file (to show it again)."""
    with context.store.read() as connection:
        content = connection.execute(
            select(_d.content).where(_d.cif == cif, _d.sha256 == sha256).limit(1)
        ).scalar()
    if content is None:
        raise NotFound(f"No document {sha256[:document_hash_shown_chars]} on file for {cif}", cif=cif)
    assert hashlib.sha256(content).hexdigest() == sha256, "a document's bytes match the hash it is kept under"
    return content


def _sniff_media_type(content: bytes) -> str | None:
    return next((media_type for magic, media_type in _MEDIA_TYPES if content.startswith(magic)), None)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _keep_document(connection: Connection, cif: str, photo: IdPhoto, posted: Posted) -> None:
    connection.execute(
        schema.customer_documents.insert(),
        {
            "cif": cif,
            "kind": DocumentKind.ID_PHOTO.value,
            "sha256": photo.sha256,
            "media_type": photo.media_type,
            "content": photo.content,
            "captured_at": posted.entry.recorded_at,
            "captured_sequence": posted.entry.sequence,
        },
    )


def _evidence_held(seen: Iterable[Evidence], *, photo_on_file: bool) -> frozenset[Evidence]:
    seen = frozenset(Evidence(item) for item in seen)
    # The ID photo is evidence only as a document kept here, never as a tick in a box.
    assert Evidence.ID_PHOTO not in seen, "pass the ID photo as id_photo, not as evidence seen"
    return _ON_RECORD | seen | ({Evidence.ID_PHOTO} if photo_on_file else frozenset())


def _evidence_note(tier: KycTier | None, held: frozenset[Evidence], photo_sha256: str | None) -> str | None:
    """What the entry says about its evidence, for the checker and the auditor: the evidence
    beyond the record, and the hash of the ID photo kept on this device."""
    parts = [f"Upgrade to {tier.label}"] if tier is not None else []
    # The ID photo is named by its hash below, which says more than its label.
    extra = [item.label for item in Evidence if item in held and item not in _ON_RECORD | {Evidence.ID_PHOTO}]
    if extra:
        parts.append("evidence: " + ", ".join(extra))
    if photo_sha256 is not None:
        parts.append(f"ID photo sha256 {photo_sha256[:document_hash_shown_chars]}")
    return "; ".join(parts) or None


def _normalise_phone(phone: str) -> str:
    """Kenyan mobile numbers as 2547XXXXXXXX (or 2541...), whichever way they were typed."""
    digits = phone.replace(" ", "").replace("-", "")
    digits = digits.removeprefix("+")
    if re.fullmatch(r"0[17][0-9]{8}", digits):
        digits = "254" + digits[1:]
    if not re.fullmatch(r"[0-9]{9,15}", digits):
        raise InvalidInput(f"'{phone}' is not a phone number; type e.g. 0712 345 678", field="phone")
    return digits
