"""Head office's answers, read by shared_core's strict reader (shared_core.wire_object): a field that
is not what the contract names becomes `MalformedAnswer`, which is a LinkDown. Nothing is shown from
such an answer; the person is told head office did not answer properly, rather than seeing half a
report or a number read from the wrong field.

    report = read_answer("the reconciliation answer", data, ReconciliationReport.from_wire)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from desktop_app.sync.client import LinkDown
from shared_core.wire_object import WireObject, WrongField, read_wire

T = TypeVar("T")


class MalformedAnswer(LinkDown):
    """The server answered, but not with what it sends: `field` names what was wrong."""

    def __init__(self, what: str, field: str, problem: str) -> None:
        super().__init__(f"{what} is not one the server sends: {field}: {problem}")
        self.field = field
        self.problem = problem


def read_answer(what: str, data: Any, parse: Callable[[WireObject], T]) -> T:
    """`parse` applied to the answer's object; MalformedAnswer(what, field, problem) if any field is wrong."""
    try:
        return read_wire(data, parse)
    except WrongField as wrong:
        raise MalformedAnswer(what, wrong.field, wrong.problem) from None
