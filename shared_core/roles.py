"""Roles and permissions: who may do what, enforced on the device and again on the server."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from shared_core.errors import PermissionDenied, UnknownRole


class Role(StrEnum):
    TELLER = "teller"
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    HEAD_OFFICE = "head_office"
    DIRECTOR = "director"  # a corporate client's director, served at the branch


class Permission(StrEnum):
    OPEN_TILL = "open_till"
    CLOSE_TILL = "close_till"
    VAULT_TRANSFER = "vault_transfer"
    CASH_DEPOSIT = "cash_deposit"
    CASH_WITHDRAWAL = "cash_withdrawal"
    TRANSFER = "transfer"
    LOAN_APPLY = "loan_apply"
    LOAN_DISBURSE = "loan_disburse"
    LOAN_REPAY = "loan_repay"
    INSURANCE_SELL = "insurance_sell"
    CUSTOMER_REGISTER = "customer_register"
    KYC_UPGRADE_REQUEST = "kyc_upgrade_request"
    REVERSAL_REQUEST = "reversal_request"
    PAYROLL_UPLOAD = "payroll_upload"
    PAYROLL_APPROVE = "payroll_approve"
    APPROVE = "approve"  # act as checker on maker-checker items
    STATEMENT_PRINT = "statement_print"
    REPORTS_VIEW = "reports_view"
    RECONCILE = "reconcile"
    EXCEPTIONS_RESOLVE = "exceptions_resolve"
    DEVICES_MANAGE = "devices_manage"
    USERS_MANAGE = "users_manage"
    LIMITS_SET = "limits_set"


_P = Permission
_COUNTER = frozenset(
    {
        _P.OPEN_TILL,
        _P.CLOSE_TILL,
        _P.CASH_DEPOSIT,
        _P.CASH_WITHDRAWAL,
        _P.TRANSFER,
        _P.LOAN_APPLY,
        _P.LOAN_REPAY,
        _P.INSURANCE_SELL,
        _P.CUSTOMER_REGISTER,
        _P.KYC_UPGRADE_REQUEST,
        _P.REVERSAL_REQUEST,
        _P.STATEMENT_PRINT,
    }
)

ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = MappingProxyType(
    {
        # A teller serves customers at the counter, and uploads corporate payroll as maker.
        Role.TELLER: _COUNTER | {_P.PAYROLL_UPLOAD},
        # An agent works against their own float: no vault, no payroll, no approvals.
        Role.AGENT: _COUNTER - {_P.STATEMENT_PRINT},
        # A supervisor also works exceptions (issue 7), but only those raised by devices of a
        # location they supervise: the server scopes every exceptions endpoint by location
        # (services/exception_work.py, as the approvals queue is scoped); head office sees all.
        Role.SUPERVISOR: _COUNTER
        | {
            _P.PAYROLL_UPLOAD,
            _P.PAYROLL_APPROVE,
            _P.APPROVE,
            _P.VAULT_TRANSFER,
            _P.LOAN_DISBURSE,
            _P.EXCEPTIONS_RESOLVE,
        },
        # Head office moves no cash; it approves, reconciles and administers.
        Role.HEAD_OFFICE: frozenset(
            {
                _P.APPROVE,
                _P.PAYROLL_APPROVE,
                _P.LOAN_DISBURSE,
                _P.REPORTS_VIEW,
                _P.RECONCILE,
                _P.EXCEPTIONS_RESOLVE,
                _P.DEVICES_MANAGE,
                _P.USERS_MANAGE,
                _P.LIMITS_SET,
                _P.STATEMENT_PRINT,
            }
        ),
        # A corporate director approves their own company's payroll runs and reads statements.
        Role.DIRECTOR: frozenset({_P.PAYROLL_UPLOAD, _P.PAYROLL_APPROVE, _P.STATEMENT_PRINT}),
    }
)


def parse_role(text: str) -> Role:
    """A role named in a token, a user record or a command line; unknown names are refused."""
    try:
        return Role(str(text).strip().lower())
    except ValueError:
        known = ", ".join(role.value for role in Role)
        raise UnknownRole(f"'{text}' is not a role; known roles: {known}", role=str(text)) from None


def has_permission(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def require_permission(role: Role, permission: Permission) -> None:
    if not has_permission(role, permission):
        raise PermissionDenied(
            f"A {role.value.replace('_', ' ')} may not {permission.value.replace('_', ' ')}; "
            "ask a user with that permission",
            role=role.value,
            permission=permission.value,
        )
