"""Logging in offline, lockout, registering customers offline, and finding them again."""

from __future__ import annotations

import pytest

from desktop_app.services.customers import customer_profile, register_customer, search_customers
from desktop_app.services.cash import deposit_cash
from desktop_app.services.login import log_in
from desktop_app.services.till import open_till
from desktop_app.store.replay import verify_journal
from shared_core.channels import Channel
from shared_core.errors import AlreadyExists, AuthenticationFailed, InvalidInput, LockedOut, PermissionDenied
from shared_core.kyc import KycTier
from shared_core.money import Money
from shared_core.roles import Role
from tests.device_builders import PASSWORD, Counter, add_customer, make_counter


@pytest.fixture
def counter(tmp_path) -> Counter:  # noqa: ANN001
    return make_counter(tmp_path)


def test_offline_login_with_the_pulled_password_hash(counter: Counter) -> None:
    session = log_in(counter.context, "wanjiru", PASSWORD)
    assert (session.user_id, session.role) == ("wanjiru", Role.TELLER)


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(counter: Counter) -> None:
    with pytest.raises(AuthenticationFailed) as wrong_password:
        log_in(counter.context, "wanjiru", "not-the-password")
    with pytest.raises(AuthenticationFailed) as unknown_user:
        log_in(counter.context, "mallory", PASSWORD)
    assert wrong_password.value.message == unknown_user.value.message


def test_five_wrong_passwords_lock_the_user_out_for_fifteen_minutes(counter: Counter) -> None:
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            log_in(counter.context, "wanjiru", "not-the-password")
    with pytest.raises(LockedOut, match="15 more minute"):
        log_in(counter.context, "wanjiru", PASSWORD)  # even the right password
    counter.clock.advance(minutes=15)
    assert log_in(counter.context, "wanjiru", PASSWORD).user_id == "wanjiru"
    # A success clears the count: four more failures do not lock again.
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            log_in(counter.context, "wanjiru", "not-the-password")
    assert log_in(counter.context, "wanjiru", PASSWORD).user_id == "wanjiru"


def test_register_a_customer_offline_with_a_provisional_cif(counter: Counter) -> None:
    posted = register_customer(
        counter.context, counter.teller, national_id="29876543", full_name="  Wanjikũ   Njoroge ", phone="0712 345 678"
    )
    cif = f"PK7Q2{posted.entry.sequence:07d}"
    profile = customer_profile(counter.context, cif)
    assert profile.summary.full_name == "Wanjikũ Njoroge"
    assert profile.summary.phone == "254712345678"
    assert profile.summary.kyc_tier == 1 and profile.summary.provisional
    assert profile.summary.masked_national_id.endswith("543")
    assert [account.label for account in profile.accounts] == ["Wallet"]
    assert profile.accounts[0].available == Money(0)
    with counter.store.read() as connection:
        assert verify_journal(connection).ok


def test_the_same_national_id_cannot_be_registered_twice(counter: Counter) -> None:
    add_customer(counter, national_id="23456789")
    with pytest.raises(AlreadyExists):
        register_customer(counter.context, counter.teller, national_id="23456789", full_name="Juma M", phone="0712000000")


@pytest.mark.parametrize(("national_id", "phone"), [("12", "0712345678"), ("23456780", "call me")])
def test_bad_registration_input_is_named(counter: Counter, national_id: str, phone: str) -> None:
    with pytest.raises(InvalidInput):
        register_customer(counter.context, counter.teller, national_id=national_id, full_name="Juma", phone=phone)


def test_an_agent_registers_tier_1_only(tmp_path) -> None:  # noqa: ANN001
    agent = make_counter(tmp_path, channel=Channel.AGENT)
    register_customer(agent.context, agent.teller, national_id="29876543", full_name="Baraka Otieno",
                      phone="0722000111")
    with pytest.raises(PermissionDenied):
        register_customer(agent.context, agent.teller, national_id="29876544", full_name="Baraka Otieno",
                          phone="0722000112", tier=KycTier.TIER_2)


def test_search_by_national_id_phone_and_name(counter: Counter) -> None:
    add_customer(counter, "C0000001", national_id="23456789", full_name="Juma Mwangi", phone="254712345678")
    add_customer(counter, "C0000002", national_id="23459999", full_name="Amina Juma Hassan", phone="254733000000")
    add_customer(counter, "C0000003", national_id="11111111", full_name="Zoë Wanjikũ", phone="254700111222")
    assert [c.cif for c in search_customers(counter.context, "23456789")] == ["C0000001"]
    assert {c.cif for c in search_customers(counter.context, "2345")} == {"C0000001", "C0000002"}
    assert [c.cif for c in search_customers(counter.context, "0712 345 678")] == ["C0000001"]
    assert {c.cif for c in search_customers(counter.context, "juma")} == {"C0000001", "C0000002"}
    assert [c.cif for c in search_customers(counter.context, "jum mwa")] == ["C0000001"]
    assert [c.cif for c in search_customers(counter.context, "wanjiku")] == ["C0000003"]  # accents folded
    assert search_customers(counter.context, '"; DROP TABLE customers; --') == ()
    assert search_customers(counter.context, "   ") == ()


def test_the_profile_lists_recent_entries_newest_first_as_pending(counter: Counter) -> None:
    open_till(counter.context, counter.teller, opening_float=Money.shillings(10_000))
    juma = add_customer(counter, balance=Money.shillings(100))
    first = deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=Money.shillings(200))
    second = deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=Money.shillings(300))
    recent = customer_profile(counter.context, juma).recent
    assert [entry.reference for entry in recent] == [second.entry.reference, first.entry.reference]
    assert {entry.status for entry in recent} == {"pending"}
