"""Fixtures of the unit tests: the tag vocabulary, loaded once per test module."""

from __future__ import annotations

import pytest

from db.evidence_files import load_vocabulary


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()
