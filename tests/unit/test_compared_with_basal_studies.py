"""One treated group measured against its own start ("compared with basal studies", "before
transplantation") is a before-after series, not a comparison of groups. Found trying the tagger
on published spinal cord injury series; each example is written here."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub


@pytest.mark.parametrize("words", [
    "compared with basal studies",
    "compared with the values before transplantation",
    "compared with basal levels",
])
def test_one_group_against_its_own_start_is_a_case_series(vocab, words):
    doc = pub(
        "Subarachnoid marrow stromal cells in incomplete spinal cord injury",
        ("METHODS", f"Ten patients received four subarachnoid doses of the cells; "
                    f"neurophysiological studies at months 6 and 12 were {words}."),
        ("RESULTS", "All showed some improvement in motor function."),
    )
    a = assess(doc, vocab)
    assert (a.design, a.evidence_level) == ("case_series", 4)


def test_two_groups_compared_stay_a_comparison(vocab):
    doc = pub(
        "Subarachnoid marrow stromal cells in incomplete spinal cord injury",
        ("METHODS", "Ten patients received the cells and were compared with ten matched "
                    "controls given rehabilitation alone."),
    )
    assert assess(doc, vocab).design in ("cohort", "non_randomized_controlled")
