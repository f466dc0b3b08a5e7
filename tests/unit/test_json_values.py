"""Loosely typed JSON values read as absent, never as an exception."""

from __future__ import annotations

import pytest

from crawlers.parsers.json_values import as_int, as_iso_date, json_object


@pytest.mark.parametrize(("value", "expected"), [
    (12, 12), (" 12 ", 12), ("0", 0), ("²", None), ("١٢", None), ("1²", None), ("-3", None),
    ("9" * 5000, None), (2**63, None), ("9223372036854775807", 2**63 - 1), (True, None),
    (1.5, None), (None, None), ([], None),
])
def test_as_int(value, expected):
    assert as_int(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("2020-02-28", "2020-02-28"), ("2026-12", "2026-12"), ("2020", "2020"),
    ("2020-02-30", "2020-02"), ("2021-13-01", "2021"), ("2020-02-28T10:00:00Z", "2020-02-28"),
    ("٢٠٢٠-01-01", None), ("２０２０", None), ("abcd", None), ("0000-01-01", None), (2020, None),
    ("", None), (None, None),
])
def test_as_iso_date(value, expected):
    assert as_iso_date(value) == expected


def test_json_nested_past_the_parser_limit_is_a_reason_not_an_exception():
    payload, reason = json_object('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "an object")
    assert payload is None and reason.startswith("JSON nested too deep")


def test_lone_surrogates_in_json_become_replacement_characters():
    payload, reason = json_object('{"t\\udc00": ["a\\ud800b", {"k": "\\ud83d\\ude00"}]}', "x")
    assert reason is None
    assert payload == {"t\ufffd": ["a\ufffdb", {"k": "\U0001f600"}]}
