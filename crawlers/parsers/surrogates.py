"""Lone surrogates: code points U+D800-U+DFFF that a JSON ``"\\ud800"`` escape (or a str built
from bytes with ``surrogateescape``) puts into a Python str. They are not characters: UTF-8 cannot
encode them, so SQLite, hashing and ``.encode()`` all fail on them. The parsers replace each with
U+FFFD (the replacement character) and keep the rest of the text.
"""

from __future__ import annotations

import re
from typing import Any

REPLACEMENT = "\ufffd"
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# A JSON text can only produce a surrogate through a \uD8xx-\uDFxx escape (or a surrogate
# already in the str): without either, there is nothing to walk.
_JSON_HINT_RE = re.compile(r"\\u[dD][89a-fA-F]|[\ud800-\udfff]")


def replace_lone_surrogates(text: str) -> str:
    """``text`` with every surrogate code point replaced by U+FFFD (linear; a no-op copy-free
    return when there is none)."""
    if not _SURROGATE_RE.search(text):
        return text
    return _SURROGATE_RE.sub(REPLACEMENT, text)


def may_hold_surrogates(json_text: str) -> bool:
    return bool(_JSON_HINT_RE.search(json_text))


def replace_in_json(value: Any) -> Any:
    """A decoded JSON value with lone surrogates replaced in every string and key.

    Iterative (an explicit stack), so that a payload nested as deep as ``json.loads`` allows
    cannot exhaust the recursion limit here.
    """
    if isinstance(value, str):
        return replace_lone_surrogates(value)
    if not isinstance(value, (dict, list)):
        return value
    stack: list[Any] = [value]
    while stack:
        container = stack.pop()
        if isinstance(container, list):
            for index, item in enumerate(container):
                if isinstance(item, str):
                    container[index] = replace_lone_surrogates(item)
                elif isinstance(item, (dict, list)):
                    stack.append(item)
        else:
            for key in list(container):
                item = container[key]
                if isinstance(item, str):
                    item = replace_lone_surrogates(item)
                elif isinstance(item, (dict, list)):
                    stack.append(item)
                clean_key = replace_lone_surrogates(key)
                if clean_key != key:
                    del container[key]
                container[clean_key] = item
    return value
