"""KYC at the counter: a customer registered with the photo of their ID card, kept on the device in
the registration's own transaction, and a KYC upgrade asked of head office, pending until it answers.

Wanjiru (teller) serves at Nairobi CBD (device K7Q2); Otieno is her supervisor; Juma (C0001234)
is a tier-2 customer head office already holds.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.services.customers import (
    DocumentKind,
    customer_profile,
    document_content,
    id_photo_from_bytes,
    read_id_photo,
    register_customer,
    request_kyc_upgrade,
)
from desktop_app.services.posting import Override
from desktop_app.store import schema
from desktop_app.store.journal import details_of
from desktop_app.sync.uploader import record_answers
from shared_core.channels import Channel
from shared_core.errors import (
    AlreadyExists,
    ApprovalRequired,
    InvalidInput,
    KycInsufficient,
    MakerIsChecker,
    PermissionDenied,
)
from shared_core.kyc import Evidence, KycTier
from shared_core.money import Money
from shared_core.operations import OperationKind
from shared_core.results import EntryStatus
from tests.device_builders import SUPERVISOR_PASSWORD, Counter, add_customer, assert_intact, make_counter
from tests.server_builders import (
    Server,
    add_customer_everywhere,
    batch_of,
    database_url,  # noqa: F401 (the fixture)
    enrol,
    journal,
    make_server,
    result_for,
)

JUMA = "C0001234"
OTIENO = Override("otieno", SUPERVISOR_PASSWORD)
SEEN_FOR_TIER_2 = (Evidence.DATE_OF_BIRTH, Evidence.PORTRAIT_PHOTO)


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A real PNG (grey pixels), as a phone's camera app would save it, only smaller."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


@pytest.fixture
def counter(tmp_path: Path) -> Counter:
    counter = make_counter(tmp_path)
    add_customer(counter, JUMA, tier=2, balance=Money.shillings(50_000))
    return counter


def documents(counter: Counter) -> list:
    d = schema.customer_documents.c
    with counter.store.read() as connection:
        return connection.execute(select(schema.customer_documents).order_by(d.document_id)).all()


def journal_kinds(counter: Counter) -> list[str]:
    return [entry.kind.value for entry in journal(counter)]


# --- registering with an ID photo ------------------------------------------------------------------


def test_a_registration_keeps_the_id_photo_in_its_own_transaction_and_the_entry_names_its_hash(
    counter: Counter, tmp_path: Path
) -> None:
    photo_file = tmp_path / "baraka-id.png"
    photo_file.write_bytes(png_bytes())
    photo = read_id_photo(photo_file)
    assert photo.media_type == "image/png"

    posted = register_customer(counter.context, counter.teller, national_id="29876543",
                               full_name="Baraka Otieno", phone="0722 000 111", id_photo=photo)

    cif = f"PK7Q2{posted.entry.sequence:07d}"
    [document] = documents(counter)
    assert (document.cif, document.kind, document.media_type) == (cif, "id_photo", "image/png")
    assert document.sha256 == hashlib.sha256(png_bytes()).hexdigest()
    assert document.content == png_bytes()
    assert document.captured_sequence == posted.entry.sequence
    assert document.captured_at == posted.entry.recorded_at
    # The journal vouches for the photo without carrying it: the entry names the first 16 hex digits.
    assert details_of(posted.entry).note == f"ID photo sha256 {document.sha256[:16]}"
    assert document_content(counter.context, cif, document.sha256) == png_bytes()

    profile = customer_profile(counter.context, cif)
    assert profile.summary.provisional and profile.has_document(DocumentKind.ID_PHOTO)
    assert [(entry.reference, entry.kind, entry.status) for entry in profile.recent] == [
        (posted.entry.reference, "customer_registration", "pending")
    ]
    assert_intact(counter)  # the documents table is local: a replay of the journal still equals local state


def test_a_refused_registration_keeps_no_photo(counter: Counter) -> None:
    with pytest.raises(AlreadyExists, match=r"already registered \(C0001234\)"):
        register_customer(counter.context, counter.teller, national_id="23456789", full_name="Juma Mwangi",
                          phone="0712 345 678", id_photo=id_photo_from_bytes(png_bytes()))
    assert documents(counter) == [] and journal_kinds(counter) == []


def test_a_tier_2_registration_needs_the_evidence_of_tier_2(counter: Counter) -> None:
    with pytest.raises(KycInsufficient, match="Tier 2 needs: date of birth, scan of the ID card, portrait"):
        register_customer(counter.context, counter.teller, national_id="29876543", full_name="Baraka Otieno",
                          phone="0722000111", tier=KycTier.TIER_2)
    with pytest.raises(KycInsufficient, match=r"Tier 2 needs: scan of the ID card \[kyc_insufficient\]"):
        register_customer(counter.context, counter.teller, national_id="29876543", full_name="Baraka Otieno",
                          phone="0722000111", tier=KycTier.TIER_2, evidence=SEEN_FOR_TIER_2)
    assert journal_kinds(counter) == []

    posted = register_customer(counter.context, counter.teller, national_id="29876543",
                               full_name="Baraka Otieno", phone="0722000111", tier=KycTier.TIER_2,
                               evidence=SEEN_FOR_TIER_2, id_photo=id_photo_from_bytes(png_bytes()))
    assert posted.entry.body["details"]["registration"]["tier"] == 2
    note = details_of(posted.entry).note
    assert note.startswith("evidence: date of birth, portrait photo; ID photo sha256 ")


def test_an_agent_registering_at_tier_2_is_refused_for_the_channel_before_any_evidence_is_asked(
    tmp_path: Path,
) -> None:
    agent = make_counter(tmp_path, channel=Channel.AGENT)
    with pytest.raises(PermissionDenied, match="At an agent, customers are registered up to Tier 1"):
        register_customer(agent.context, agent.teller, national_id="29876544", full_name="Baraka Otieno",
                          phone="0722000112", tier=KycTier.TIER_2, evidence=SEEN_FOR_TIER_2,
                          id_photo=id_photo_from_bytes(png_bytes()))
    assert documents(agent) == [] and journal_kinds(agent) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The ID photo file is empty"),
        (b"GIF89a" + b"\x00" * 20, "must be a JPEG or PNG picture"),
        (b"%PDF-1.7 not a picture", "must be a JPEG or PNG picture"),
    ],
)
def test_an_id_photo_is_a_jpeg_or_png_by_its_content_not_its_name(
    tmp_path: Path, content: bytes, message: str
) -> None:
    disguised = tmp_path / "id.png"
    disguised.write_bytes(content)
    with pytest.raises(InvalidInput, match=message):
        read_id_photo(disguised)


def test_an_id_photo_above_5_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as file:
        file.write(b"\xff\xd8\xff\xe0")
        file.truncate(5 * 1024 * 1024 + 1)
    with pytest.raises(InvalidInput, match=r"huge.jpg is 5.0 MB; an ID photo may be at most 5.0 MB"):
        read_id_photo(huge)
    assert id_photo_from_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100).media_type == "image/jpeg"


# --- the profile -------------------------------------------------------------------------------------


def test_the_profile_shows_what_the_tier_allows_on_each_channel_from_the_limit_table(
    counter: Counter,
) -> None:
    limits = {row.channel: row for row in customer_profile(counter.context, JUMA).limits}
    assert (limits[Channel.BRANCH].per_transaction, limits[Channel.BRANCH].per_day) == (
        Money.shillings(500_000), Money.shillings(1_000_000))
    assert limits[Channel.BRANCH].balance_cap == Money.shillings(1_000_000)
    assert (limits[Channel.AGENT].per_transaction, limits[Channel.AGENT].balance_cap) == (
        Money.shillings(100_000), Money.shillings(300_000))


# --- KYC upgrade requests --------------------------------------------------------------------------


def test_a_kyc_upgrade_needs_a_supervisor_and_then_waits_for_head_office(counter: Counter) -> None:
    seen = (Evidence.KRA_PIN, Evidence.PROOF_OF_ADDRESS, *SEEN_FOR_TIER_2)
    photo = id_photo_from_bytes(png_bytes())
    with pytest.raises(ApprovalRequired, match="A KYC upgrade needs a supervisor's approval"):
        request_kyc_upgrade(counter.context, counter.teller, cif=JUMA, tier=KycTier.TIER_3, evidence=seen,
                            id_photo=photo)
    assert journal_kinds(counter) == [] and documents(counter) == []

    posted = request_kyc_upgrade(counter.context, counter.teller, cif=JUMA, tier=KycTier.TIER_3,
                                 evidence=seen, id_photo=photo, override=OTIENO)

    entry = posted.entry
    assert (entry.kind, entry.user_id, entry.approved_by) == (OperationKind.KYC_UPGRADE, "wanjiru", "otieno")
    assert details_of(entry).customer_cif == JUMA
    assert details_of(entry).approval_items == ("kyc_upgrade",)
    assert details_of(entry).note == (
        "Upgrade to Tier 3; evidence: date of birth, portrait photo, KRA PIN, proof of address; "
        f"ID photo sha256 {photo.sha256[:16]}"
    )
    with counter.store.read() as connection:
        nature = connection.execute(
            select(schema.journal.c.nature).where(schema.journal.c.sequence == entry.sequence)).scalar()
    assert nature == "request"
    [document] = documents(counter)
    assert (document.cif, document.captured_sequence) == (JUMA, entry.sequence)

    profile = customer_profile(counter.context, JUMA)
    assert profile.summary.kyc_tier == 2  # unchanged until head office decides and a pull brings it
    pending = profile.pending_upgrade
    assert pending is not None and (pending.reference, pending.tier, pending.status) == (
        entry.reference, KycTier.TIER_3, "pending")
    assert profile.recent[0].kind == "kyc_upgrade" and profile.recent[0].status == "pending"
    assert_intact(counter)


def test_one_upgrade_waits_at_a_time_and_a_refused_one_may_be_asked_again(counter: Counter) -> None:
    photo = id_photo_from_bytes(png_bytes())
    first = request_kyc_upgrade(counter.context, counter.teller, cif=JUMA, tier=KycTier.TIER_3,
                                evidence=(Evidence.KRA_PIN, Evidence.PROOF_OF_ADDRESS, *SEEN_FOR_TIER_2),
                                id_photo=photo, override=OTIENO)
    with pytest.raises(AlreadyExists, match=f"already waits for head office \\({first.entry.reference}\\)"):
        request_kyc_upgrade(counter.context, counter.teller, cif=JUMA, tier=KycTier.TIER_3,
                            evidence=(Evidence.KRA_PIN, Evidence.PROOF_OF_ADDRESS, *SEEN_FOR_TIER_2),
                            override=OTIENO)

    with counter.store.write() as connection:  # head office's answer, as the sync records it
        connection.execute(schema.entry_results.insert().values(
            sequence=first.entry.sequence, status="rejected", code="approval_rejected",
            message="The KRA PIN does not match the name", acknowledged_at="2026-11-24T08:00:00.000000Z"))
    profile = customer_profile(counter.context, JUMA)
    assert profile.pending_upgrade is None
    assert (profile.kyc_upgrades[0].status, profile.kyc_upgrades[0].message) == (
        "rejected", "The KRA PIN does not match the name")

    # The ID photo kept with the first request still counts: it is on file.
    again = request_kyc_upgrade(counter.context, counter.teller, cif=JUMA, tier=KycTier.TIER_3,
                                evidence=(Evidence.KRA_PIN, Evidence.PROOF_OF_ADDRESS, *SEEN_FOR_TIER_2),
                                override=OTIENO)
    assert details_of(again.entry).note.endswith(f"ID photo sha256 {photo.sha256[:16]}")
    assert len(documents(counter)) == 1


def test_an_upgrade_is_refused_without_the_new_tiers_evidence_or_to_a_tier_already_held(
    counter: Counter,
) -> None:
    with pytest.raises(KycInsufficient, match="Tier 3 needs: scan of the ID card, KRA PIN, proof of address"):
        request_kyc_upgrade(counter.context, counter.teller, cif=JUMA, tier=KycTier.TIER_3,
                            evidence=SEEN_FOR_TIER_2, override=OTIENO)
    with pytest.raises(InvalidInput, match="Juma Mwangi is already at Tier 2"):
        request_kyc_upgrade(counter.context, counter.teller, cif=JUMA, tier=KycTier.TIER_2,
                            evidence=SEEN_FOR_TIER_2, override=OTIENO)
    assert journal_kinds(counter) == []


def test_a_supervisor_may_ask_for_an_upgrade_but_not_approve_their_own(counter: Counter) -> None:
    with pytest.raises(MakerIsChecker):
        request_kyc_upgrade(counter.context, counter.supervisor, cif=JUMA, tier=KycTier.TIER_3,
                            evidence=(Evidence.KRA_PIN, Evidence.PROOF_OF_ADDRESS, *SEEN_FOR_TIER_2),
                            id_photo=id_photo_from_bytes(png_bytes()), override=OTIENO)
    assert journal_kinds(counter) == [] and documents(counter) == []


def test_an_agent_captures_an_upgrade_request_offline(tmp_path: Path) -> None:
    agent = make_counter(tmp_path, channel=Channel.AGENT)
    add_customer(agent, "C0005555", tier=1, national_id="31234567", full_name="Mama Mboga")
    posted = request_kyc_upgrade(agent.context, agent.teller, cif="C0005555", tier=KycTier.TIER_2,
                                 evidence=SEEN_FOR_TIER_2, id_photo=id_photo_from_bytes(png_bytes()),
                                 override=OTIENO)
    assert posted.entry.reference.startswith("AG-") and posted.entry.channel is Channel.AGENT
    assert customer_profile(agent.context, "C0005555").pending_upgrade is not None


# --- with head office ----------------------------------------------------------------------------------


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    yield from make_server(database_url)


def test_head_office_books_the_photo_registration_and_the_approved_upgrade_and_the_profile_says_so(
    tmp_path: Path, server: Server
) -> None:
    branch = make_counter(tmp_path / "K7Q2")
    enrol(server, branch)
    add_customer_everywhere(server, [branch])
    registered = register_customer(branch.context, branch.teller, national_id="29876543",
                                   full_name="Baraka Otieno", phone="0722 000 111",
                                   id_photo=id_photo_from_bytes(png_bytes()))
    upgrade = request_kyc_upgrade(branch.context, branch.teller, cif=JUMA, tier=KycTier.TIER_3,
                                  evidence=(Evidence.KRA_PIN, Evidence.PROOF_OF_ADDRESS, *SEEN_FOR_TIER_2),
                                  id_photo=id_photo_from_bytes(png_bytes(3, 3)), override=OTIENO)

    ack = server.sync(batch_of(branch))
    record_answers(branch.context, ack)

    assert result_for(ack, registered.entry.sequence).status is EntryStatus.BOOKED
    assert result_for(ack, upgrade.entry.sequence).status is EntryStatus.BOOKED
    profile = customer_profile(branch.context, JUMA)
    assert profile.pending_upgrade is None and profile.kyc_upgrades[0].status == "booked"
    # The photos stay on the device: head office holds the entries, which name each photo's hash.
    with branch.store.read() as connection:
        kept = connection.execute(select(func.count()).select_from(schema.customer_documents)).scalar()
    assert kept == 2
