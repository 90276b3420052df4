"""Who may do what. Each operation names its permission; each role holds a fixed set."""

from __future__ import annotations

import pytest

from shared_core.errors import PermissionDenied, UnknownRole
from shared_core.operations import OPERATION_SPECS
from shared_core.roles import ROLE_PERMISSIONS, Permission, Role, has_permission, parse_role, require_permission


@pytest.mark.parametrize("text", ["teller", "AGENT", " supervisor ", "head_office", "director"])
def test_known_roles_parse(text: str) -> None:
    assert parse_role(text) in set(Role)


@pytest.mark.parametrize("text", ["cashier", "admin", "", "root", "Head Office"])
def test_an_unknown_role_is_refused_by_name(text: str) -> None:
    with pytest.raises(UnknownRole) as caught:
        parse_role(text)
    assert caught.value.code == "unknown_role"
    assert "teller" in caught.value.message  # the message lists the roles that exist


def test_every_role_has_permissions_and_every_operation_permission_is_held_by_someone() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role)
    held = set().union(*ROLE_PERMISSIONS.values())
    for kind, spec in OPERATION_SPECS.items():
        assert spec.permission in held, f"nobody may perform {kind}"


def test_head_office_moves_no_cash() -> None:
    for permission in (Permission.CASH_DEPOSIT, Permission.CASH_WITHDRAWAL, Permission.OPEN_TILL):
        assert not has_permission(Role.HEAD_OFFICE, permission)


def test_only_supervisors_and_head_office_act_as_checkers() -> None:
    checkers = {role for role in Role if has_permission(role, Permission.APPROVE)}
    assert checkers == {Role.SUPERVISOR, Role.HEAD_OFFICE}


def test_a_director_approves_payroll_but_serves_no_customers() -> None:
    assert has_permission(Role.DIRECTOR, Permission.PAYROLL_APPROVE)
    assert not has_permission(Role.DIRECTOR, Permission.CASH_WITHDRAWAL)
    assert not has_permission(Role.DIRECTOR, Permission.APPROVE)


def test_an_agent_has_no_vault_and_no_approvals() -> None:
    assert has_permission(Role.AGENT, Permission.CASH_DEPOSIT)
    assert not has_permission(Role.AGENT, Permission.VAULT_TRANSFER)
    assert not has_permission(Role.AGENT, Permission.APPROVE)


def test_require_permission_names_role_and_permission() -> None:
    require_permission(Role.TELLER, Permission.CASH_DEPOSIT)
    with pytest.raises(PermissionDenied) as caught:
        require_permission(Role.TELLER, Permission.APPROVE)
    assert caught.value.details == {"role": "teller", "permission": "approve"}
    assert "teller may not approve" in caught.value.message
