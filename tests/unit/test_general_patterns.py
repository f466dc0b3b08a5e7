"""Writing patterns of real abstracts that fooled the tagger (each example written here)."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def test_scaffolds_a_review_surveys_are_no_route(vocab):
    doc = pub(
        "Regenerating the nucleus pulposus: a narrative review",
        ("", "In this review we discuss cell therapy for disc degeneration. Mesenchymal stem "
             "cells, growth factors and biomaterial scaffolds are being explored to restore the "
             "degenerated disc."),
    )
    a = assess(doc, vocab)
    assert a.design == "narrative_review"
    assert "surgical_implant" not in a.values("delivery")


def test_a_fusion_review_keeps_the_fusion_bed_route(vocab):
    doc = pub(
        "Mesenchymal stem cells in spinal fusion: a review",
        ("", "This review covers MSCs used with osteoconductive scaffolds to augment spinal "
             "fusion."),
    )
    a = assess(doc, vocab)
    assert a.values("delivery") == ["surgical_implant"]


def test_a_donor_word_on_a_bone_graft_is_not_a_cell_donor(vocab):
    doc = pub(
        "Bone marrow aspirate on a collagen carrier versus autologous iliac crest bone graft "
        "for posterolateral fusion",
        ("METHODS", "Sixty patients having posterolateral lumbar fusion were randomized to "
                    "marrow aspirate on a collagen carrier or to iliac crest autograft. Twenty "
                    "more received allogeneic bone tissue."),
        publication_types=["Journal Article", "Randomized Controlled Trial"],
    )
    assert assess(doc, vocab).values("donor") == []


def test_a_donor_word_on_the_cells_beside_a_bone_graft_still_tags(vocab):
    doc = pub(
        "Autologous bone marrow mesenchymal cells on allogeneic bone graft for lumbar fusion",
        ("METHODS", "Expanded autologous marrow cells were loaded onto allograft bone chips."),
    )
    assert assess(doc, vocab).values("donor") == ["autologous"]


@pytest.mark.parametrize("title", [
    "A cellular bone allograft in posterolateral lumbar fusion",
    "Allogeneic bone marrow stromal cells injected into degenerating discs",
])
def test_cellular_allografts_and_donor_marrow_keep_their_donor(vocab, title):
    doc = pub(title, ("", "Forty patients were treated and followed for a year."))
    assert assess(doc, vocab).values("donor") == ["allogeneic"]


def test_vertebroplasty_for_a_named_non_fracture_condition_is_no_fracture(vocab):
    doc = pub(
        "Percutaneous vertebroplasty for Kümmell's disease: a retrospective series",
        ("METHODS", "Thirty patients with Kümmell's disease had vertebroplasty."),
    )
    assert assess(doc, vocab).values("condition") == ["other_spine"]
    doc = pub(
        "Vertebroplasty with bone marrow concentrate: a retrospective series",
        ("METHODS", "Thirty patients had vertebroplasty with marrow concentrate."),
    )
    assert assess(doc, vocab).values("condition") == ["vertebral_fracture"]


def test_a_condition_some_patients_had_in_the_results_is_an_event(vocab):
    doc = pub(
        "Intradiscal marrow concentrate for discogenic low back pain",
        ("METHODS", "Forty patients with discogenic low back pain received intradiscal bone "
                    "marrow concentrate."),
        ("RESULTS", "Pain fell at 12 months. Owing to spondylodiscitis, one patient had surgery "
                    "after three weeks."),
    )
    assert "other_spine" not in assess(doc, vocab).values("condition")


def test_a_review_that_names_its_databases_but_no_systematic_method_is_narrative(vocab):
    methods = ("For this review we gathered articles from PubMed, Scopus and Google Scholar on "
               "stem cells after spinal cord injury; 25 articles were read.")
    doc = pub("Stem cells for spinal cord injury: mechanisms and challenges",
              ("METHODS", methods), publication_types=["Journal Article", "Review"])
    assert assess(doc, vocab).design == "narrative_review"
    systematic = ("We searched PubMed, Scopus and Embase for trials of stem cells after spinal "
                  "cord injury; nine trials with 210 patients were included.")
    doc = pub("Stem cells for spinal cord injury", ("METHODS", systematic),
              publication_types=["Journal Article", "Review"])
    assert assess(doc, vocab).design == "systematic_review"


def test_imaging_in_the_work_up_is_no_imaging_outcome(vocab):
    doc = pub(
        "Autologous marrow stromal cells for chronic complete spinal cord injury",
        ("METHODS", "Thirty patients with complete thoracic spinal cord injury received "
                    "intralesional autologous stromal cells. Each patient had a full "
                    "radiological work-up with CT and MRI of the spine before treatment. The "
                    "ASIA motor score was recorded at 6 months."),
    )
    assert "imaging" not in assess(doc, vocab).values("outcome")


def test_a_case_reports_scan_that_showed_the_complication_is_no_outcome(vocab):
    doc = pub(
        "Spinal infection after clinic stem cell injections: a case report",
        ("", "A 52-year-old woman received stem cell injections into two lumbar discs abroad. "
             "Six weeks later magnetic resonance imaging revealed spondylodiscitis with an "
             "epidural abscess. She was treated with antibiotics and drainage."),
        publication_types=["Journal Article", "Case Reports"],
    )
    assert "imaging" not in assess(doc, vocab).values("outcome")
    doc = pub(
        "Intradiscal stromal cells for a recurrent disc herniation: a case report",
        ("", "A 40-year-old man received intradiscal stromal cells for a recurrent disc "
             "herniation. At one year MRI showed partial resorption of the herniation."),
        publication_types=["Journal Article", "Case Reports"],
    )
    assert "imaging" in assess(doc, vocab).values("outcome")


def test_differentiating_cells_into_disc_cells_is_no_route(vocab):
    doc = pub(
        "Differentiating induced pluripotent stem cells into nucleus pulposus-like cells in rats",
        ("", "Rats with punctured discs were studied after differentiating iPSCs into nucleus "
             "pulposus-like cells."),
    )
    assert "intradiscal" not in assess(doc, vocab).values("delivery")
    doc = pub(
        "Differentiated stem cells injected into the nucleus pulposus of degenerated rat discs",
        ("", "Differentiated cells were injected into the nucleus pulposus of 20 rats."),
    )
    assert "intradiscal" in assess(doc, vocab).values("delivery")


def test_the_most_frequent_adverse_events_observed_are_a_finding(vocab):
    doc = pub(
        "Autologous marrow stromal cells for spinal cord injury",
        ("", "Twenty patients with spinal cord injury received autologous stromal cells. Motor "
             "function improved in 12. Fever and headache were the most frequent adverse events "
             "and resolved within two days."),
    )
    assert "adverse_events" in assess(doc, vocab).values("outcome")


def test_cells_placed_into_the_cord_imply_no_disc_route(vocab):
    doc = pub(
        "Transplantation of adipose stromal cells for acute disc disease with spinal cord "
        "compression in dogs",
        ("", "Twelve dogs with thoracolumbar disc disease had hemilaminectomy; in six, stromal "
             "cells were transplanted into the injured spinal cord."),
    )
    assert "intradiscal" not in assess(doc, vocab).values("delivery")



def test_people_who_gave_the_named_cells_are_donors_not_participants(vocab):
    doc = pub(
        "Annulus fibrosus progenitors compared with adipose stromal cells",
        ("METHODS", "Annulus tissue was obtained from 9 patients having fusion surgery. After "
                    "expansion in vitro, the progenitors were compared with adipose-derived "
                    "stem cells (ADSCs) from the same patients."),
        ("RESULTS", "The progenitors formed more colonies and deposited more collagen."),
    )
    a = assess(doc, vocab)
    assert (a.design, a.population, a.sample_size) == ("in_vitro", "in_vitro", None)


def test_people_named_after_a_therapy_and_from_are_still_participants(vocab):
    doc = pub(
        "Intradiscal mesenchymal cells for discogenic pain",
        ("METHODS", "Outcomes after MSC injection from 14 patients with discogenic pain were "
                    "compared with those of 14 patients given saline."),
    )
    assert assess(doc, vocab).population == "human"


def test_human_opening_a_cell_source_in_an_animal_study_is_xenogeneic(vocab):
    doc = pub(
        "Human umbilical cord mesenchymal cells after contusion injury of the rat spinal cord",
        ("METHODS", "Thirty rats with a contusion injury were given the cells or saline."),
    )
    a = assess(doc, vocab)
    assert (a.population, a.values("donor")) == ("animal", ["xenogeneic"])


@pytest.mark.parametrize(("text", "conditions"), [
    ("MRI showed the injured cord and the cauda equina below it.", ["spinal_cord_injury"]),
    ("Her lesion also caused a cauda equina syndrome.", ["other_spine", "spinal_cord_injury"]),
])
def test_the_cauda_equina_is_anatomy_its_disorders_are_conditions(vocab, text, conditions):
    doc = pub("Cord blood cells after spinal cord injury: a case report",
              ("", "A 40-year-old woman with spinal cord injury received cord blood cells. "
                   + text))
    assert assess(doc, vocab).values("condition") == conditions


def test_tissue_type_matching_means_another_persons_cells(vocab):
    doc = pub("Cord blood cells after spinal cord injury: a case report",
              ("", "Stem cells from HLA-matched cord blood were transplanted into the cord of a "
                   "30-year-old man with spinal cord injury."))
    assert assess(doc, vocab).values("donor") == ["allogeneic"]


def test_cells_in_an_injectable_carrier_are_injected_not_implanted(vocab):
    doc = pub(
        "Disc progenitor cells in an injectable hydrogel for disc degeneration in rats",
        ("", "A scaffold keeps grafted cells alive. "
             "We loaded the cells into an injectable peptide-modified hydrogel chosen as the "
             "transplantation scaffold. Eight weeks after injection into degenerated rat discs, "
             "disc height was higher than in the other groups."),
    )
    assert assess(doc, vocab).values("delivery") == ["intradiscal"]


def test_cells_seeded_on_a_scaffold_are_still_implanted(vocab):
    doc = pub(
        "Marrow stromal cells seeded on a collagen scaffold after discectomy in sheep",
        ("", "We implanted cell-seeded scaffolds into the annular defects of 12 sheep; an "
             "injectable sealant closed the annulus."),
    )
    assert "surgical_implant" in assess(doc, vocab).values("delivery")


def test_the_operation_a_control_group_had_is_no_outcome(vocab):
    doc = pub(
        "Marrow cells with decompression for acute spinal cord injury: a nonrandomized study",
        ("", "Twenty patients received marrow cells around the lesion. The control group (n = "
             "11) had decompression and fusion surgery alone. Motor scores were recorded for a "
             "year."),
    )
    a = assess(doc, vocab)
    assert "surgery" not in a.values("outcome")
    assert (a.values("condition"), a.values("delivery")) == (["spinal_cord_injury"], [])


def test_an_essay_that_argues_by_reviewing_is_a_review_not_laboratory_work(vocab):
    doc = pub(
        "Prospects of cell transplantation for chronic cord compression",
        ("", "Chronic compression of the cord is common in older adults. We argue for "
             "cell transplantation by reviewing what post-mortem and cadaveric studies have "
             "revealed about its pathology. We then consider the choice of cells and timing."),
    )
    a = assess(doc, vocab)
    assert a.design == "narrative_review"
    assert a.population != "in_vitro"


def test_samples_that_came_from_patients_make_them_donors(vocab):
    doc = pub(
        "Progenitor cells in the human ligamentum flavum",
        ("STUDY DESIGN", "An in vitro study of cells isolated from ligament tissue."),
        ("METHODS", "Samples came from 12 patients who had decompression surgery. Cells were "
                    "characterised by flow cytometry."),
    )
    a = assess(doc, vocab)
    assert (a.design, a.population, a.sample_size) == ("in_vitro", "in_vitro", None)


def test_iv_and_systemic_wording_are_intravenous(vocab):
    for text in ("Rats received i.v. MSCs after the defect was made.",
                 "Systemically administered MSCs homed to the defect in rats."):
        doc = pub("Cells for vertebral defects in osteoporotic rats", ("", text))
        assert assess(doc, vocab).values("delivery") == ["intravenous"], text


def test_an_outcome_only_claimed_in_the_conclusions_was_not_measured(vocab):
    doc = pub(
        "Intrathecal marrow mononuclear cells in chronic paraplegia: an open-label study",
        ("METHODS", "Forty patients received the cells; the walking index was scored at six "
                    "months."),
        ("RESULTS", "Walking index scores rose significantly and no serious adverse events "
                    "occurred."),
        ("CONCLUSIONS", "The cells are safe, improve walking and improve the quality of life."),
    )
    outcomes = assess(doc, vocab).values("outcome")
    assert "quality_of_life" not in outcomes
    assert {"function", "adverse_events"} <= set(outcomes)


def test_a_tissue_the_disease_damages_is_no_cell_source(vocab):
    doc = pub(
        "Should painful discs with endplate changes be injected with mesenchymal stem cells?",
        ("", "Endplate changes are inflammatory lesions of the vertebral bone marrow next to "
             "degenerated discs. This review discusses intradiscal injection of mesenchymal "
             "stem cells for such discs."),
    )
    assert assess(doc, vocab).values("cell_source") == []


def test_a_tissue_listed_as_a_source_of_cells_still_tags(vocab):
    doc = pub(
        "Cell products for the disc: a review",
        ("", "Mesenchymal stem cells from bone marrow, adipose tissue, umbilical cord and "
             "synovium have been injected into discs."),
    )
    assert set(assess(doc, vocab).values("cell_source")) == {
        "adipose", "bone_marrow", "umbilical_cord", "synovium"}


@pytest.mark.parametrize(("text", "adverse"), [
    ("Ectopic calvarial stem cells were placed in vertebral defects of 20 rats.", False),
    ("Ectopic bone formed in 3 of 20 rats given the cells.", True),
])
def test_ectopic_is_an_adverse_event_only_for_what_grows(vocab, text, adverse):
    doc = pub("Calvarial stem cells for vertebral defects in osteoporotic rats", ("", text))
    assert ("adverse_events" in assess(doc, vocab).values("outcome")) is adverse


def test_cells_prepared_and_given_in_one_sitting_are_minimally_manipulated(vocab):
    doc = pub("Autologous bone marrow cells for acute spinal cord injury",
              ("METHODS", "Twenty patients received autologous marrow cells. Harvest, enrichment "
                          "and injection of the cells took one sitting of three hours."))
    assert assess(doc, vocab).values("processing") == ["minimally_manipulated"]


def test_the_reasons_after_were_excluded_for_are_no_conditions(vocab):
    doc = pub("Marrow concentrate for discogenic pain: a randomized trial",
              ("METHODS", "Of 210 patients with discogenic pain screened, 90 were excluded for "
                          "spinal stenosis, spondylolisthesis or a vertebral fracture."))
    assert assess(doc, vocab).values("condition") == ["disc_degeneration"]


def test_radioscopic_control_is_fluoroscopic_guidance(vocab):
    doc = pub("Micro-fragmented fat injected into the disc: a case report",
              ("METHODS", "Under radioscopic control the fat graft was injected into the disc of a "
                          "45-year-old man with discogenic pain."))
    assert assess(doc, vocab).values("guidance") == ["fluoroscopy"]


def test_a_burden_sentence_in_an_objective_names_no_outcome(vocab):
    doc = pub("Allogeneic precursor cells injected into degenerated ovine discs",
              ("OBJECTIVE", "Disc degeneration and the back pain it brings cause much suffering "
                            "and disability. We tested whether precursor cells slow degeneration "
                            "in sheep."),
              ("METHODS", "Degeneration was induced in 18 sheep; disc height was measured."))
    assert assess(doc, vocab).values("outcome") == ["imaging"]


def test_a_participants_own_marrow_is_autologous(vocab):
    doc = pub("Marrow concentrate in posterior lumbar fusion",
              ("METHODS", "Marrow was aspirated from the participant's own iliac crest and "
                          "concentrated."))
    assert assess(doc, vocab).values("donor") == ["autologous"]


@pytest.mark.parametrize(("title", "text", "facet", "values"), [
    ("Hypoxia-preconditioned bone mesenchymal stem cells in rat spinal cord injury",
     "Forty rats with a contusion received the cells.", "cell_source", ["bone_marrow"]),
    ("Autologous olfactory ensheathing cells for chronic spinal cord injury",
     "Four patients were treated with ensheathing cells grown from their olfactory mucosa.",
     "cell_source", ["other"]),
    # Schwann cells are differentiated glia, filed like ensheathing cells when they are the
    # product (three labelled sets of four that met them alone: AV, AX, Y; AE left them out)
    ("Autologous Schwann cells for chronic spinal cord injury",
     "Four patients were treated with Schwann cells grown from their sural nerve.",
     "cell_source", ["other"]),
    ("Fetal neural progenitor cells in cervical cord injury",
     "Ten patients received progenitors that had been grown as neurospheres.",
     "processing", ["culture_expanded"]),
])
def test_cell_products_named_as_their_makers_write(vocab, title, text, facet, values):
    assert assess(pub(title, ("", text)), vocab).values(facet) == values


@pytest.mark.parametrize(("text", "design"), [
    ("In this phase I/IIa clinical trial, 8 patients with chronic paraplegia received "
     "autologous cells; a control group of 8 matched patients had no surgery.",
     "non_randomized_controlled"),
    ("We retrospectively reviewed 30 patients given autologous cells; a control group of 28 "
     "matched patients had no surgery.", "cohort"),
])
def test_a_trial_with_a_control_group_is_a_controlled_trial(vocab, text, design):
    doc = pub("Autologous olfactory cells in chronic paraplegia", ("", text))
    assert assess(doc, vocab).design == design


@pytest.mark.parametrize("sentence", [
    "Nucleus pulposus cells taken from degenerate human discs were cultured with stromal cells.",
    "Chondrocyte-like cells from degenerated human lumbar intervertebral discs were grown in "
    "alginate with stromal cells.",
    "Stromal cells were cultured with cells from degenerate IVDs.",
    "Stromal cells were placed in the degenerate nucleus pulposus of ex vivo discs.",
])
def test_the_degenerate_disc_is_disc_degeneration_in_any_words(vocab, sentence):
    # British papers call the disc "degenerate"; place and species words may stand between the
    # adjective and the disc, and the disc may be its abbreviation
    doc = pub("Stromal cells and disc cells in culture", ("", sentence))
    assert assess(doc, vocab).values("condition") == ["disc_degeneration"]


@pytest.mark.parametrize("title, text", [
    # a title in title case, the text naming the product only by its abbreviation
    ("Intradiscal Bone Marrow Concentrate Versus Saline for Discogenic Back Pain",
     "Sixty adults were randomly assigned to intradiscal BMC or saline."),
    # the adjective opening a sentence
    ("Marrow cells for discogenic back pain",
     "Concentrated bone marrow aspirate was injected into the painful disc of 24 adults."),
])
def test_a_capitalised_concentrate_is_still_minimally_manipulated(vocab, title, text):
    a = assess(pub(title, ("", text)), vocab)
    assert "bmac" in a.values("cell_type")
    assert a.values("processing") == ["minimally_manipulated"]
