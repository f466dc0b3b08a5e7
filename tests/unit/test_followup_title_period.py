"""A title that spans the years a series ran ("outcomes over nine years") is no follow-up when
the abstract states how long each patient was followed (held-out set AJ, scored on arrival).
Each example is written here."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub


@pytest.mark.parametrize(
    ("title", "methods", "months"),
    [
        # the years of the series in the title, one year of follow-up in the methods
        ("Intrathecal marrow stromal cells for spinal cord injury: outcomes over nine years",
         "Eighty patients treated from 2014 to 2023 were followed for one year.", 12),
        # a title's span with nothing else stated is all there is
        ("Intrathecal marrow stromal cells for spinal cord injury: outcomes over nine years",
         "Eighty patients were treated.", 108),
        # a title that names the follow-up keeps it
        ("Intrathecal marrow stromal cells for spinal cord injury: a nine-year follow-up",
         "Eighty patients were assessed at one year and at the last visit.", 108),
    ],
)
def test_a_titled_span_yields_to_the_follow_up_the_abstract_states(vocab, title, methods,
                                                                    months):
    doc = pub(title, ("METHODS", methods),
              ("RESULTS", "Motor scores improved significantly (p<0.01)."))
    assert assess(doc, vocab).followup_months == months
