"""Words that name a preparation, a donor, a product or a design in one sense and something else
in another, as real abstracts use them (each example written here)."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub


@pytest.mark.parametrize("sentence", [
    # translation, not a point-of-care product
    "Cell therapy for the injured cord is moving from the bench to the bedside.",
    # where something is gathered or what it focuses on
    "Clinics selling these cells were concentrated in a few developed countries.",
    "Most laboratory work has concentrated on marrow-derived cells.",
    # a concentrate of platelets, not of cells
    "Patients received injections of concentrated platelets and of the stem cells.",
])
def test_a_preparation_word_in_another_sense_tags_no_processing(vocab, sentence):
    doc = pub(
        "Mesenchymal stem cells for spinal cord injury: where do we stand?",
        ("", "Mesenchymal stem cells are studied for spinal cord injury. " + sentence
             + " This review sums up what is known about mesenchymal stem cells."),
    )
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["msc"]
    assert a.values("processing") == []


def test_a_concentrate_made_at_the_bedside_keeps_its_processing(vocab):
    doc = pub(
        "Bone marrow concentrate for discogenic pain",
        ("METHODS", "Twenty patients received marrow aspirate concentrated at the bedside and "
                    "injected into the painful disc."),
    )
    a = assess(doc, vocab)
    assert a.values("processing") == ["minimally_manipulated"]


def test_unmodified_cells_beside_gene_modified_ones_are_not_minimally_manipulated(vocab):
    """Beside gene-modified cells, "unmodified" says that a cell was not gene-modified, not how
    it was prepared (alone, "unmodified ADRCs" are minimally manipulated: see
    test_administered_product)."""
    doc = pub(
        "BDNF-modified versus unmodified marrow stromal cells after spinal cord contusion in rats",
        ("METHODS", "Thirty rats with a contusion received BDNF-transduced BMSCs, unmodified "
                    "BMSCs or saline into the lesion."),
    )
    a = assess(doc, vocab)
    assert a.population == "animal"
    assert a.values("processing") == []


def test_cells_that_lend_themselves_to_autologous_use_are_no_autologous_donor(vocab):
    """A prospect ("lend themselves to autologous transplantation") is not how this study's
    cells were given."""
    doc = pub(
        "Marrow stromal cells infused into the cerebrospinal fluid of rats after cord contusion",
        ("", "Contused rats received marrow stromal cells of the same strain through the fourth "
             "ventricle, and their hindlimb scores improved. Since marrow stromal cells lend "
             "themselves to autologous transplantation, the route deserves clinical study."),
    )
    a = assess(doc, vocab)
    assert a.population == "animal"
    assert "autologous" not in a.values("donor")


def test_cells_given_in_earlier_work_are_not_beside_this_study_s_conditioned_medium(vocab):
    doc = pub(
        "Conditioned medium of marrow stromal cells given into the cerebrospinal fluid of rats "
        "with a cord contusion",
        ("", "Our earlier studies found that transplanted marrow stromal cells improved walking "
             "although the cells disappeared within weeks. Here we infused the conditioned "
             "medium of the cells into the cerebrospinal fluid of twenty contused rats, and "
             "their walking scores improved."),
    )
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["cell_free"]


@pytest.mark.parametrize("species", ["2-year-old cattle", "young calves"])
def test_cells_released_from_the_discs_of_cattle_are_laboratory_work(vocab, species):
    doc = pub(
        "Progenitor cells of the bovine nucleus pulposus",
        ("METHODS", f"Nucleus pulposus cells were released by enzymatic digestion from the "
                    f"tail discs of {species}, sorted by a surface marker and cultured in "
                    "monolayer."),
        ("RESULTS", "Only the marker-positive cells became osteocytes, adipocytes and "
                    "chondrocytes in differentiation medium (p < 0.001)."),
    )
    a = assess(doc, vocab)
    assert (a.design, a.population) == ("in_vitro", "in_vitro")
    assert a.values("cell_type") == ["disc_cells"]  # (not the lineages they became)


def test_zebrafish_with_a_cut_cord_are_animals(vocab):
    doc = pub(
        "Grafted neural progenitors after spinal cord transection in adult zebrafish",
        ("METHODS", "Adult zebrafish had the spinal cord transected and were given neural "
                    "progenitor cells at the lesion; swimming was scored for six weeks."),
    )
    a = assess(doc, vocab)
    assert (a.design, a.population) == ("preclinical_animal", "animal")


def test_a_critical_review_that_searched_two_databases_is_narrative(vocab):
    """A critical review judges the literature without a systematic method; searching two
    databases does not make it systematic, nor does its title's promise of recommendations
    make it a guideline."""
    doc = pub(
        "Stem cell clinics abroad: a critical review of the literature with recommendations",
        ("", "Patients travel abroad for unproven stem cell treatments. This review sums up "
             "the recent literature. Articles were sought in PubMed and Scopus with the terms "
             "'stem cell' and 'tourism'. Clinics are mostly in middle-income countries."),
    )
    a = assess(doc, vocab)
    assert a.design == "narrative_review"
    assert a.evidence_level == 5


def test_a_systematic_critical_review_stays_systematic(vocab):
    doc = pub(
        "Stem cells for discogenic pain: a systematic and critical review",
        ("METHODS", "This systematic review searched PubMed, Embase and Scopus; two reviewers "
                    "assessed risk of bias with the Cochrane tool."),
    )
    assert assess(doc, vocab).design == "systematic_review"


def test_a_condition_below_a_grade_is_the_population_not_a_change(vocab):
    """"Below" after a condition says which grade or level, not that the condition fell."""
    doc = pub(
        "Two bone graft putties in posterolateral lumbar fusion",
        ("METHODS", "Twenty patients with lumbar spinal stenosis or degenerative "
                    "spondylolisthesis below grade 2 had posterolateral fusion with a different "
                    "putty on each side."),
    )
    assert "spondylolisthesis" in assess(doc, vocab).values("condition")



@pytest.mark.parametrize("defined", [
    "Neural stem/neural progenitor cells (NSCs/NPCs)",
    "Neural progenitor cells (NPCs)",
])
def test_npcs_defined_as_neural_progenitors_are_no_disc_cells(vocab, defined):
    """The vocabulary's NPCs are nucleus pulposus cells; a text that defines them as neural
    progenitors means those, in its definition and after it (a pair of abbreviations after a
    long form of two names defines both)."""
    doc = pub(
        "Progenitor cell therapy for chronic spinal cord injury",
        ("", f"{defined} can replace lost cells after spinal cord injury. NPCs also "
             "remyelinate axons. This review discusses NPC therapy."),
    )
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["other_stem_cells"]
    assert a.values("cell_source") == []


def test_one_abbreviation_with_a_slash_is_not_a_pair(vocab):
    """"NS/PCs" is one abbreviation: its "PCs" defines nothing."""
    doc = pub(
        "Human iPSC-derived neural stem/progenitor cells for spinal cord injury",
        ("", "Cells derived from human iPSCs, hiPSC-derived neural stem/progenitor cells "
             "(hiPSC-NS/PCs), promote recovery after spinal cord injury. A first trial of "
             "hiPSC-NS/PCs is under way. This review discusses them."),
    )
    assert assess(doc, vocab).values("cell_type") == ["ipsc"]


def test_the_abbreviation_of_progenitors_made_from_ipscs_is_the_ipsc_product(vocab):
    doc = pub(
        "Grafts of human iPSC products in the injured cord",
        ("", "Neural progenitor cells derived from human iPSCs (NPCs) were grafted into the "
             "injured cord of 30 rats. The NPCs survived and formed synapses."),
    )
    assert assess(doc, vocab).values("cell_type") == ["ipsc"]


def test_cases_treated_successfully_are_a_benefit(vocab):
    doc = pub(
        "Epidural platelet lysate for lumbar disc herniation: two cases",
        ("", "This report describes two patients with a symptomatic lumbar disc herniation "
             "whose treatment with an epidural injection of platelet lysate was successful."),
        publication_types=["Journal Article", "Case Reports"],
    )
    assert assess(doc, vocab).result == "benefit"
