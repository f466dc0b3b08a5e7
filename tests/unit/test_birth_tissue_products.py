"""Birth-tissue products (amniotic membrane or fluid, umbilical cord particulate, cord blood)
are injected as products in their own right, often without naming any cells (held-out sets AJ
and AP, scored on arrival). The tissue the product comes from still tags as its source when the
title or the registered intervention names it; background mentions do not. Each example is
written here."""

from __future__ import annotations

from evidence.assess import assess
from tests.unit.evidence_docs import pub, registration


def _facet(a, facet: str) -> dict[str, str]:
    return {t.value: t.matched_text for t in a.tags if t.facet == facet}


def test_an_amniotic_membrane_product_named_in_the_title_tags_its_source(vocab):
    doc = pub(
        "Injectable amniotic membrane particulate for lumbar facet joint pain: a case series",
        ("METHODS", "Twelve patients with lumbar facet arthropathy received fluoroscopically "
                    "guided facet injections of a cryopreserved amniotic membrane particulate."),
        ("RESULTS", "Pain scores fell from 7.1 to 3.2 at three months (p<0.01); no adverse "
                    "events occurred."),
    )
    a = assess(doc, vocab)
    assert _facet(a, "cell_type") == {}  # no cells are named: no cell type
    assert _facet(a, "cell_source") == {"placenta": "amniotic membrane"}


def test_a_cord_blood_product_tags_umbilical_cord(vocab):
    doc = pub(
        "An umbilical cord blood product injected into the sacroiliac joint: dose ranging",
        ("", "Nine patients with sacroiliac joint pain received one of three doses of the "
             "product; none had a serious adverse event."),
    )
    assert set(_facet(assess(doc, vocab), "cell_source")) == {"umbilical_cord"}


def test_birth_tissue_products_in_the_background_of_another_therapy_do_not_tag(vocab):
    doc = pub(
        "Platelet-rich plasma for discogenic low back pain: a randomized trial",
        ("BACKGROUND", "Biologic injections such as umbilical cord blood and amniotic fluid "
                       "products are marketed widely."),
        ("METHODS", "Sixty patients were randomized to intradiscal platelet-rich plasma or "
                    "saline."),
        ("RESULTS", "Pain improved more after platelet-rich plasma (p=0.03)."),
    )
    assert _facet(assess(doc, vocab), "cell_source") == {}


def test_an_autologous_bone_graft_without_cells_still_has_no_source(vocab):
    doc = pub(
        "Autologous iliac crest bone graft versus allograft in posterolateral lumbar fusion",
        ("METHODS", "Eighty patients had instrumented fusion with iliac crest autograft or "
                    "allograft chips."),
        ("RESULTS", "Fusion rates were 88% and 81% at two years (p=0.3)."),
    )
    a = assess(doc, vocab)
    assert _facet(a, "cell_source") == {} and _facet(a, "donor") == {}


def test_a_registered_condition_named_as_pain_is_no_pain_outcome(vocab):
    # (held-out set AP: a registration whose condition is "Chronic Pain" and whose measures
    # are about safety)
    doc = registration(
        "Cord blood product for sacroiliac joint pain",
        conditions=["Chronic Pain"],
        primary_outcomes=[{"measure": "Number of participants with adverse events",
                           "time_frame": "6 months"}],
        brief_summary="A phase 1 dose-ranging study of an umbilical cord blood product.",
    )
    assert assess(doc, vocab).values("outcome") == ["adverse_events"]
