"""Head office's JSON answers read strictly: every field the contract names, of the kind it names,
or `MalformedAnswer` naming the field ('locations[0].devices[2].entries: not a whole number').

An answer that is not what the server sends is treated like a broken link (MalformedAnswer is a
LinkDown): nothing is shown from it, and the person is told head office did not answer properly,
rather than seeing half a report or a number read from the wrong field.

    report = read_answer("the reconciliation answer", data, parse_report)

    def parse_report(answer: WireObject) -> Report:
        devices = tuple(map(parse_device, answer.objects("devices")))
        return Report(day=answer.day("business_date"), devices=devices)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from desktop_app.sync.client import LinkDown
from shared_core.errors import InvalidInput
from shared_core.journal import require_timestamp
from shared_core.money import Money

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)
text_length_max = 10_000  # no field of these answers is longer; longer is not the server talking
ratio_places_max = 6  # ratios come with 4 places (shared_core.loan_portfolio); a few more are tolerated


class MalformedAnswer(LinkDown):
    """The server answered, but not with what it sends: `field` names what was wrong."""

    def __init__(self, what: str, field: str, problem: str) -> None:
        super().__init__(f"{what} is not one the server sends: {field}: {problem}")
        self.field = field
        self.problem = problem


class _Wrong(Exception):
    """One field is wrong; read_answer turns it into MalformedAnswer with what was being read."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def read_answer(what: str, data: Any, parse: Callable[[WireObject], T]) -> T:
    """`parse` applied to the answer's object; MalformedAnswer(what, field, problem) if any field is wrong."""
    try:
        return parse(WireObject(data, ""))
    except _Wrong as wrong:
        raise MalformedAnswer(what, wrong.field, wrong.problem) from None


class WireObject:
    """A JSON object inside an answer, at `path` ('' for the answer itself)."""

    __slots__ = ("_data", "_path")

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, Mapping):
            raise _Wrong(path or "the answer", "not a JSON object")
        self._data = data
        self._path = path

    def _name(self, name: str) -> str:
        return f"{self._path}.{name}" if self._path else name

    def _get(self, name: str) -> Any:
        if name not in self._data:
            raise _Wrong(self._name(name), "missing")
        return self._data[name]

    # --- plain values ------------------------------------------------------------------------------

    def text(self, name: str, *, allow_empty: bool = False) -> str:
        value = self._get(name)
        if not isinstance(value, str):
            raise _Wrong(self._name(name), f"not text: {value!r:.60}")
        if not allow_empty and not value.strip():
            raise _Wrong(self._name(name), "empty")
        if len(value) > text_length_max:
            raise _Wrong(self._name(name), f"longer than {text_length_max} characters")
        return value

    def optional_text(self, name: str, *, allow_empty: bool = False) -> str | None:
        return None if self._get(name) is None else self.text(name, allow_empty=allow_empty)

    def whole(self, name: str, *, minimum: int | None = 0) -> int:
        """An integer (never a bool, a float or a numeral in quotes), at least `minimum`."""
        value = self._get(name)
        if type(value) is not int:
            raise _Wrong(self._name(name), f"not a whole number: {value!r:.60}")
        if minimum is not None and value < minimum:
            raise _Wrong(self._name(name), f"{value} is below {minimum}")
        return value

    def optional_whole(self, name: str, *, minimum: int | None = 0) -> int | None:
        return None if self._get(name) is None else self.whole(name, minimum=minimum)

    def flag(self, name: str) -> bool:
        value = self._get(name)
        if type(value) is not bool:
            raise _Wrong(self._name(name), f"not true or false: {value!r:.60}")
        return value

    def money(self, name: str, *, allow_negative: bool = False) -> Money:
        """An amount in integer cents (the field's name ends in _cents)."""
        assert name.endswith("_cents"), name
        cents = self.whole(name, minimum=None if allow_negative else 0)
        return Money(cents)

    def optional_money(self, name: str, *, allow_negative: bool = False) -> Money | None:
        return None if self._get(name) is None else self.money(name, allow_negative=allow_negative)

    def ratio(self, name: str) -> Decimal:
        """A ratio sent as decimal text ('0.0523' is 5.23%), between 0 and 1."""
        text = self.text(name)
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise _Wrong(self._name(name), f"not a decimal: {text!r:.60}") from None
        exponent = value.as_tuple().exponent
        if not value.is_finite() or not isinstance(exponent, int) or -exponent > ratio_places_max:
            raise _Wrong(
                self._name(name), f"not a ratio with at most {ratio_places_max} places: {text!r:.60}"
            )
        if not Decimal(0) <= value <= Decimal(1):
            raise _Wrong(self._name(name), f"{text} is not between 0 and 1")
        return value

    def day(self, name: str) -> date:
        text = self.text(name)
        try:
            if len(text) != 10:
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            raise _Wrong(self._name(name), f"not a date like 2026-11-24: {text!r:.60}") from None

    def timestamp(self, name: str) -> str:
        """The wire's UTC time text ('2026-11-24T09:00:00.000000Z'), kept as text, checked real."""
        text = self.text(name)
        try:
            return require_timestamp(text, self._name(name))
        except InvalidInput as error:
            raise _Wrong(self._name(name), str(error)) from None

    def optional_timestamp(self, name: str) -> str | None:
        return None if self._get(name) is None else self.timestamp(name)

    def choice(self, name: str, kind: type[E]) -> E:
        text = self.text(name)
        try:
            return kind(text)
        except ValueError:
            known = ", ".join(member.value for member in kind)
            raise _Wrong(self._name(name), f"{text!r:.60} is none of {known}") from None

    def optional_choice(self, name: str, kind: type[E]) -> E | None:
        return None if self._get(name) is None else self.choice(name, kind)

    # --- nested ------------------------------------------------------------------------------------

    def object(self, name: str) -> WireObject:
        return WireObject(self._get(name), self._name(name))

    def optional_object(self, name: str) -> WireObject | None:
        return None if self._get(name) is None else self.object(name)

    def objects(self, name: str, *, items_max: int = 100_000) -> tuple[WireObject, ...]:
        value = self._get(name)
        if not isinstance(value, list):
            raise _Wrong(self._name(name), "not a list")
        if len(value) > items_max:
            raise _Wrong(self._name(name), f"more than {items_max} items")
        return tuple(WireObject(item, f"{self._name(name)}[{index}]") for index, item in enumerate(value))

    def wrong(self, name: str, problem: str) -> _Wrong:
        """For a check across fields (history out of order...): raise obj.wrong('history', '...')."""
        return _Wrong(self._name(name), problem)
