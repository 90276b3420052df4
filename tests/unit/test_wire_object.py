"""The strict JSON reader both sides of the wire read report shapes with (shared_core.wire_object):
every wrong field is named by its path, and nothing is coerced (no bool for a number, no numeral in
quotes, no float for cents)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

import pytest

from shared_core.money import Money
from shared_core.wire_object import WireObject, WrongField, read_wire, text_length_max


class Colour(StrEnum):
    RED = "red"
    GREEN = "green"


def wrong(data: object, parse) -> WrongField:
    with pytest.raises(WrongField) as caught:
        read_wire(data, parse)
    return caught.value


def test_a_well_formed_object_reads_into_values() -> None:
    data = {
        "name": "Juma", "count": 3, "ok": True, "amount_cents": 500_000, "ratio": "0.0523",
        "day": "2026-11-24", "at": "2026-11-24T09:00:00.000000Z", "colour": "red", "none": None, "none_cents": None,
        "items": [{"n": 1}, {"n": 2}],
    }

    def parse(answer: WireObject) -> tuple:
        return (
            answer.text("name"), answer.whole("count"), answer.flag("ok"), answer.money("amount_cents"),
            answer.ratio("ratio"), answer.day("day"), answer.timestamp("at"), answer.choice("colour", Colour),
            answer.optional_text("none"), answer.optional_money("none_cents"),
            tuple(item.whole("n") for item in answer.objects("items")),
        )

    assert read_wire(data, parse) == (
        "Juma", 3, True, Money(500_000), Decimal("0.0523"), date(2026, 11, 24), "2026-11-24T09:00:00.000000Z",
        Colour.RED, None, None, (1, 2),
    )


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (True, "not a whole number: True"),
        ("12", "not a whole number: '12'"),
        (12.0, "not a whole number: 12.0"),
        (-1, "-1 is below 0"),
    ],
)
def test_a_whole_number_is_an_integer_and_nothing_else(value: object, problem: str) -> None:
    error = wrong({"rows": [{"entries": 1}, {"entries": value}]}, lambda a: [o.whole("entries") for o in a.objects("rows")])
    assert (error.field, error.problem) == ("rows[1].entries", problem)


def test_missing_empty_and_overlong_text_are_named() -> None:
    assert wrong({}, lambda a: a.text("name")).problem == "missing"
    assert wrong({"name": "  "}, lambda a: a.text("name")).problem == "empty"
    assert read_wire({"name": ""}, lambda a: a.text("name", allow_empty=True)) == ""
    long = "x" * (text_length_max + 1)
    assert wrong({"name": long}, lambda a: a.text("name")).problem == f"longer than {text_length_max} characters"


def test_ratios_are_decimal_text_between_0_and_1_with_few_places() -> None:
    assert wrong({"r": 0.5}, lambda a: a.ratio("r")).problem == "not text: 0.5"
    assert wrong({"r": "1.5"}, lambda a: a.ratio("r")).problem == "1.5 is not between 0 and 1"
    assert wrong({"r": "NaN"}, lambda a: a.ratio("r")).problem.startswith("not a ratio")
    assert wrong({"r": "0.12345678"}, lambda a: a.ratio("r")).problem.startswith("not a ratio with at most 6")
    assert wrong({"r": "half"}, lambda a: a.ratio("r")).problem == "not a decimal: 'half'"


def test_days_times_and_choices_are_checked_real() -> None:
    assert wrong({"d": "2026-02-30"}, lambda a: a.day("d")).problem.startswith("not a date like 2026-11-24")
    assert wrong({"d": "20261124"}, lambda a: a.day("d")).problem.startswith("not a date")
    assert wrong({"t": "yesterday"}, lambda a: a.timestamp("t")).field == "t"
    assert wrong({"c": "blue"}, lambda a: a.choice("c", Colour)).problem == "'blue' is none of red, green"


def test_money_is_whole_cents_and_negative_only_when_asked() -> None:
    assert wrong({"x_cents": -5}, lambda a: a.money("x_cents")).problem == "-5 is below 0"
    assert read_wire({"x_cents": -5}, lambda a: a.money("x_cents", allow_negative=True)) == Money(-5)


def test_not_an_object_not_a_list_and_too_many_items() -> None:
    assert (wrong([], lambda a: a).field, wrong([], lambda a: a).problem) == ("the answer", "not a JSON object")
    assert wrong({"o": 3}, lambda a: a.object("o")).problem == "not a JSON object"
    assert wrong({"l": {}}, lambda a: a.objects("l")).problem == "not a list"
    assert wrong({"l": [{}] * 3}, lambda a: a.objects("l", items_max=2)).problem == "more than 2 items"


def test_a_check_across_fields_is_named_by_its_path() -> None:
    def parse(answer: WireObject) -> None:
        inner = answer.object("book")
        raise inner.wrong("history", "not in date order")

    error = wrong({"book": {}}, parse)
    assert (error.field, error.problem, str(error)) == ("book.history", "not in date order", "book.history: not in date order")
