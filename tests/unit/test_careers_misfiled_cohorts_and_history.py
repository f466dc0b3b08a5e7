"""Writing patterns of real records (the twenty-first look, held-out sets AG to AI: records beyond
PubMed, recent preclinical work, secondary literature): a career told in years, a study's own
cohort under an "Introduction" heading, the history of a field in a registration, cells steered
towards a lineage, a screening window, gains, cells put into animals, a protrusion that shrank,
a misspelt disc. Each example is written here."""

from __future__ import annotations

from evidence.assess import assess
from tests.unit.evidence_docs import pub, registration


def test_a_career_in_years_is_no_follow_up(vocab):
    doc = pub(
        "Marrow concentrate for chronic neck pain",
        ("", "In fifteen years and hundreds of patients treated, we have learned that neck pain "
             "often has a ligament source. Six patients received marrow concentrate injections "
             "into the ligaments. At the six-month follow-up, pain had fallen in all six, and "
             "daily activities were easier."),
    )
    a = assess(doc, vocab)
    assert a.followup_months == 6
    assert "function" in a.values("outcome")  # "daily activities"


def test_what_other_treatments_often_do_is_no_outcome(vocab):
    doc = pub(
        "Marrow concentrate for chronic neck pain",
        ("", "Because surgery carries a risk of complications and nerve blocks often fail, "
             "marrow concentrate may be an option. Six patients received marrow concentrate "
             "injections into the ligaments; pain had fallen in all six at six months."),
    )
    a = assess(doc, vocab)
    assert "adverse_events" not in a.values("outcome")


def test_a_counted_cohort_under_an_introduction_heading_is_the_study_s_own(vocab):
    doc = pub(
        "Autologous marrow stem cells for the degenerated disc",
        ("INTRODUCTION", "Nine patients with a degenerated lumbar disc received an autologous "
                         "marrow stem cell graft."),
        ("OBJECTIVE", "To assess the safety of the procedure."),
        ("METHODS", "Marrow was aspirated from the iliac crest and the cells were implanted "
                    "into the disc. Results were evaluated one year after the graft."),
        ("RESULTS", "No major adverse event occurred."),
    )
    a = assess(doc, vocab)
    assert (a.design, a.population, a.evidence_level) == ("case_series", "human", 4)
    assert a.sample_size == 9


def test_a_background_section_that_cites_a_cohort_stays_background(vocab):
    doc = pub(
        "Autologous marrow stem cells for the degenerated disc: a rat model",
        ("BACKGROUND", "In earlier studies, 30 patients received marrow stem cells [4]."),
        ("METHODS", "Twelve rats with punctured discs received marrow stem cells."),
    )
    a = assess(doc, vocab)
    assert a.population == "animal"
    assert a.sample_size == 12


def test_the_history_of_a_field_in_a_registration_is_background(vocab):
    doc = registration(
        "Cord blood cells injected into facet joints for facet joint pain",
        brief_summary="A dose escalation study of cord blood cells for facet joint pain.",
        detailed_description=(
            "In 1950 a surgeon first described facet syndrome on oblique radiographs. Facet "
            "joints can be involved in ankylosing spondylitis. Each participant receives one "
            "injection of cord blood cells into the facet joints."),
        primary_outcomes=[{"measure": "Adverse events", "time_frame": "6 months"}],
    )
    a = assess(doc, vocab)
    assert "imaging" not in a.values("outcome")
    assert "other_spine" not in a.values("condition")


def test_cells_steered_towards_a_lineage_are_no_product(vocab):
    doc = pub(
        "Small molecules that steer stem cells in the degenerated disc",
        ("", "This review covers cell and gene therapy for disc degeneration and small molecules "
             "that steer the fate of stem cells towards chondrocytes and notochordal cells."),
    )
    a = assess(doc, vocab)
    assert "chondrocytes" not in a.values("cell_type")
    assert "disc_cells" not in a.values("cell_type")


def test_a_screening_window_before_treatment_is_no_follow_up(vocab):
    doc = registration(
        "Disc cell therapy versus sham for degenerative disc disease",
        brief_summary=("Screening takes place up to 45 days before treatment. About 60 subjects "
                       "will be randomized 2:1 to the cells or sham."),
        allocation="RANDOMIZED", enrollment=60,
    )
    a = assess(doc, vocab)
    assert a.followup_months is None


def test_gains_in_an_outcome_are_improvements(vocab):
    doc = pub(
        "Marrow stem cells for degenerated discs: a systematic review",
        ("METHODS", "We systematically searched PubMed and Embase for clinical studies."),
        ("RESULTS", "Eleven trials reported significant gains in pain and disability."),
    )
    a = assess(doc, vocab)
    assert a.result == "benefit"


def test_cells_derived_from_a_line_and_put_into_animals_make_an_animal_study(vocab):
    doc = pub(
        "Neural progenitors after cervical cord injury",
        ("", "We transplanted neural progenitor cells derived from iPSCs into rats with a "
             "cervical contusion injury. The cells survived, differentiated into neurons and "
             "improved forelimb function."),
    )
    a = assess(doc, vocab)
    assert (a.design, a.population) == ("preclinical_animal", "animal")


def test_a_herniation_that_shrank_is_a_finding_not_the_population(vocab):
    doc = pub(
        "Intradiscal stromal cells for discogenic back pain: a phase 1 trial",
        ("", "Ten patients with discogenic low back pain received intradiscal stromal cells. "
             "Pain improved in eight, and on MRI the disc protrusion decreased in two."),
    )
    a = assess(doc, vocab)
    assert "disc_herniation" not in a.values("condition")


def test_the_intravertebral_disc_is_the_disc(vocab):
    doc = registration(
        "Cord MSCs for lumbar discogenic pain",
        brief_summary=("Umbilical cord MSCs are given by injection into the intravertebral disc "
                       "of patients with discogenic pain."),
    )
    a = assess(doc, vocab)
    assert a.values("delivery") == ["intradiscal"]


def test_disc_space_height_is_imaging(vocab):
    doc = pub(
        "Marrow MSCs in a rabbit model of disc degeneration",
        ("", "Twenty rabbits with punctured discs received marrow MSCs; the cells preserved "
             "disc space height at eight weeks."),
    )
    a = assess(doc, vocab)
    assert "imaging" in a.values("outcome")
