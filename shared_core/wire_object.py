"""JSON read strictly, the same way on both sides of the wire: every field a contract names, of the
kind it names, or `WrongField` naming the field ('locations[0].devices[2].entries: not a whole
number'). The report shapes in shared_core read themselves with it (`from_wire`), so a shape is
written once for the server that sends it and the desktop that reads it.

    report = read_wire(data, parse_report)          # WrongField if any field is wrong

    def parse_report(answer: WireObject) -> Report:
        devices = tuple(map(parse_device, answer.objects("devices")))
        return Report(day=answer.day("business_date"), devices=devices)

The desktop turns WrongField into MalformedAnswer (desktop_app.sync.wire_reading): an answer that is
not what the server sends is treated like a broken link, never half shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from shared_core.errors import InvalidInput
from shared_core.journal import require_timestamp
from shared_core.money import Money

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)
text_length_max = 10_000  # no field of these answers is longer; longer is not the server talking
ratio_places_max = 6  # ratios come with 4 places (shared_core.loan_portfolio); a few more are tolerated


class WrongField(ValueError):
    """One field is not as the contract says: `field` is its path, `problem` what is wrong."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def read_wire(data: Any, parse: Callable[[WireObject], T]) -> T:
    """`parse` applied to `data` read as a JSON object; WrongField if any field is wrong."""
    return parse(WireObject(data, ""))


class WireObject:
    """A JSON object inside an answer, at `path` ('' for the answer itself)."""

    __slots__ = ("_data", "_path")

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, Mapping):
            raise WrongField(path or "the answer", "not a JSON object")
        self._data = data
        self._path = path

    def _name(self, name: str) -> str:
        return f"{self._path}.{name}" if self._path else name

    def _get(self, name: str) -> Any:
        if name not in self._data:
            raise WrongField(self._name(name), "missing")
        return self._data[name]

    # --- plain values ------------------------------------------------------------------------------

    def text(self, name: str, *, allow_empty: bool = False) -> str:
        value = self._get(name)
        if not isinstance(value, str):
            raise WrongField(self._name(name), f"not text: {value!r:.60}")
        if not allow_empty and not value.strip():
            raise WrongField(self._name(name), "empty")
        if len(value) > text_length_max:
            raise WrongField(self._name(name), f"longer than {text_length_max} characters")
        return value

    def optional_text(self, name: str, *, allow_empty: bool = False) -> str | None:
        return None if self._get(name) is None else self.text(name, allow_empty=allow_empty)

    def whole(self, name: str, *, minimum: int | None = 0) -> int:
        """An integer (never a bool, a float or a numeral in quotes), at least `minimum`."""
        value = self._get(name)
        if type(value) is not int:
            raise WrongField(self._name(name), f"not a whole number: {value!r:.60}")
        if minimum is not None and value < minimum:
            raise WrongField(self._name(name), f"{value} is below {minimum}")
        return value

    def optional_whole(self, name: str, *, minimum: int | None = 0) -> int | None:
        return None if self._get(name) is None else self.whole(name, minimum=minimum)

    def flag(self, name: str) -> bool:
        value = self._get(name)
        if type(value) is not bool:
            raise WrongField(self._name(name), f"not true or false: {value!r:.60}")
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
            raise WrongField(self._name(name), f"not a decimal: {text!r:.60}") from None
        exponent = value.as_tuple().exponent
        if not value.is_finite() or not isinstance(exponent, int) or -exponent > ratio_places_max:
            raise WrongField(
                self._name(name), f"not a ratio with at most {ratio_places_max} places: {text!r:.60}"
            )
        if not Decimal(0) <= value <= Decimal(1):
            raise WrongField(self._name(name), f"{text} is not between 0 and 1")
        return value

    def day(self, name: str) -> date:
        text = self.text(name)
        try:
            if len(text) != 10:
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            raise WrongField(self._name(name), f"not a date like 2026-11-24: {text!r:.60}") from None

    def timestamp(self, name: str) -> str:
        """The wire's UTC time text ('2026-11-24T09:00:00.000000Z'), kept as text, checked real."""
        text = self.text(name)
        try:
            return require_timestamp(text, self._name(name))
        except InvalidInput as error:
            raise WrongField(self._name(name), str(error)) from None

    def optional_timestamp(self, name: str) -> str | None:
        return None if self._get(name) is None else self.timestamp(name)

    def choice(self, name: str, kind: type[E]) -> E:
        text = self.text(name)
        try:
            return kind(text)
        except ValueError:
            known = ", ".join(member.value for member in kind)
            raise WrongField(self._name(name), f"{text!r:.60} is none of {known}") from None

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
            raise WrongField(self._name(name), "not a list")
        if len(value) > items_max:
            raise WrongField(self._name(name), f"more than {items_max} items")
        return tuple(WireObject(item, f"{self._name(name)}[{index}]") for index, item in enumerate(value))

    def wrong(self, name: str, problem: str) -> WrongField:
        """For a check across fields (history out of order...): raise obj.wrong('history', '...')."""
        return WrongField(self._name(name), problem)
