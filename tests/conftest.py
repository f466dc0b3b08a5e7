"""Shared test fixtures: where ../shared is, and a fresh database."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = SHARED / "fixtures"
CORPUS = SHARED / "corpus"
SAMPLE_CORPUS = ROOT / "crawlers" / "sample_corpus"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared fixtures and corpus live beside the checkout "
                    "in ../shared (see README, 'Tests')")
    return path


@pytest.fixture
def fixtures_dir() -> Path:
    """../shared/fixtures: real API responses (off-topic); skips when ../shared is absent."""
    return _need(FIXTURES)


@pytest.fixture
def corpus_dir() -> Path:
    """../shared/corpus: the on-topic development corpus; skips when ../shared is absent."""
    return _need(CORPUS)


@pytest.fixture
def fresh_db(tmp_path):
    from db.schema import open_db

    return open_db(str(tmp_path / "test.db"))


@pytest.fixture(scope="session")
def evaluated_sets(tmp_path_factory):
    """The labelled sets found (corpus-real, corpus, the sample), crawled through the CLI into one
    database and scored by one `stemspine evaluate` call (tests/labelled_sets.py)."""
    from tests.labelled_sets import crawl_and_evaluate

    return crawl_and_evaluate(tmp_path_factory.mktemp("labelled") / "all.db")
