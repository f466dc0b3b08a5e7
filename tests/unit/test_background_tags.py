"""Background, prior-work, contrast and future-work sentences do not tag: a condition is the
studied population, not the motivation, an exclusion or a complication; a product named as
someone else's or as what may come is not this study's (issue 8, error class 4). Examples
written for these tests."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def test_low_back_pain_as_the_motivation_is_not_the_population(vocab):
    doc = pub("Umbilical cord stromal cells for a degenerated cervical disc", (
        "", "Low back pain is a leading cause of years lived with disability. "
            "Disc degeneration is a frequent source of neck symptoms. "
            "We injected umbilical cord stromal cells into the degenerated cervical discs of "
            "eight patients. Neck Disability Index scores fell by a third."))
    a = assess(doc, vocab)
    assert a.values("condition") == ["disc_degeneration"]
    assert "pain" not in a.values("outcome")  # "back pain" of the motivation is no measure
    assert a.values("outcome") == ["function"]


def test_fusion_as_the_gold_standard_is_not_the_studied_condition(vocab):
    doc = pub("Intradiscal marrow concentrate for discogenic pain",
              ("BACKGROUND", "Spinal fusion remains the gold standard when conservative care "
                             "fails, at a high cost."),
              ("METHODS", "Forty patients with discogenic pain received bone marrow "
                          "concentrate into the painful disc."))
    a = assess(doc, vocab)
    assert "spinal_fusion" not in a.values("condition")
    assert "disc_degeneration" in a.values("condition")


def test_future_cell_free_approaches_are_not_the_product(vocab):
    doc = pub("Allogeneic stromal cells for lumbar disc degeneration: a pilot trial",
              ("METHODS", "Ten patients received intradiscal allogeneic mesenchymal stromal "
                          "cells."),
              ("CONCLUSIONS", "Future cell-free approaches based on exosomes may offer the "
                              "same effect without cells."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["msc"]


def test_loss_of_np_cells_in_the_background_is_not_a_disc_cell_therapy(vocab):
    doc = pub("Intradiscal adipose-derived stem cells in chronic discogenic pain",
              ("BACKGROUND", "Degeneration begins with a loss of nucleus pulposus cells and of "
                             "the matrix they make."),
              ("METHODS", "Fifteen patients received adipose-derived stem cells into one "
                          "lumbar disc."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["msc"]
    assert "disc" not in a.values("cell_source")


def test_another_products_route_in_other_trials_is_not_this_studys(vocab):
    doc = pub("Intravenous mesenchymal stromal cells after acute spinal cord injury", (
        "", "In other trials, intradiscal injections of steroid did not lead to lasting "
            "relief. We gave mesenchymal stromal cells intravenously to 16 patients with "
            "acute spinal cord injury. Motor scores improved."))
    a = assess(doc, vocab)
    assert a.values("delivery") == ["intravenous"]


def test_conditions_named_as_exclusions_do_not_tag(vocab):
    doc = pub("Bone marrow concentrate for discogenic low back pain",
              ("METHODS", "Adults with discogenic low back pain were enrolled. We excluded "
                          "patients with spinal stenosis, spondylolisthesis, vertebral "
                          "fracture or facet arthropathy."))
    a = assess(doc, vocab)
    assert a.values("condition") == ["disc_degeneration", "low_back_pain"]


def test_a_complication_is_not_the_studied_condition(vocab):
    doc = pub("Intradiscal stromal vascular fraction for degenerative disc disease",
              ("METHODS", "Thirty patients with degenerative disc disease received stromal "
                          "vascular fraction into one disc."),
              ("RESULTS", "One patient developed discitis; another had a transient radicular "
                          "flare."))
    a = assess(doc, vocab)
    assert a.values("condition") == ["disc_degeneration"]


def test_an_operation_beside_a_named_condition_is_not_a_herniation(vocab):
    doc = pub("Stromal cells to repair the annulus in a sheep model",
              ("METHODS", "Disc degeneration was induced in 18 sheep by annulotomy and partial "
                          "discectomy; the discs then received mesenchymal stromal cells."))
    a = assess(doc, vocab)
    assert a.values("condition") == ["disc_degeneration"]


def test_motivation_without_a_study_condition_still_tags(vocab):
    doc = pub("Marrow cells for chronic back pain", (
        "", "Chronic low back pain is common and costly. We treated 22 patients with "
            "marrow cells and recorded their pain scores."))
    assert assess(doc, vocab).values("condition") == ["low_back_pain"]


def test_back_pain_scored_as_an_outcome_is_not_the_population(vocab):
    doc = pub("Autologous disc chondrocytes after discectomy for a herniated lumbar disc",
              ("METHODS", "Outcomes were back pain on the VAS and the Oswestry Disability "
                          "Index."),
              ("RESULTS", "Back pain and ODI were lower in the cell group at two years."))
    a = assess(doc, vocab)
    assert a.values("condition") == ["disc_herniation"]
    assert a.values("outcome") == ["function", "pain"]


def test_back_pain_the_participants_have_is_the_population(vocab):
    doc = pub("Autologous marrow cells in the lumbar spine",
              ("METHODS", "Forty adults with chronic low back pain were scored on the VAS and "
                          "the ODI."))
    assert assess(doc, vocab).values("condition") == ["low_back_pain"]


def test_back_pain_a_treatment_is_for_is_the_population_a_scale_for_it_a_measure(vocab):
    # "an injection for low back pain" names what is treated, even beside the pain scale; "the
    # VAS for low back pain" names what is measured
    treated = pub("Marrow cells in the lumbar spine",
                  ("METHODS", "To test whether marrow cells injected into the facets work for "
                              "low back pain, we scored 30 adults on the numeric pain rating "
                              "scale."))
    assert assess(treated, vocab).values("condition") == ["low_back_pain"]
    measured = pub("Marrow cells for a herniated disc",
                   ("METHODS", "Thirty adults with a herniated disc were scored on the numeric "
                               "pain rating scale for low back pain."))
    assert assess(measured, vocab).values("condition") == ["disc_herniation"]


def test_an_exclusion_after_a_semicolon_excludes_only_what_follows(vocab):
    doc = pub("Marrow concentrate for disc degeneration",
              ("METHODS", "Thirty patients had lumbar disc degeneration; we excluded those with "
                          "a vertebral fracture."))
    assert assess(doc, vocab).values("condition") == ["disc_degeneration"]


@pytest.mark.parametrize("closing", [
    "These results support clinical trials in patients with chronic low back pain.",
    "The findings warrant testing in people with chronic low back pain.",
    "Safety in larger animals is the next step towards patients with chronic low back pain.",
])
def test_an_animal_study_pointing_to_patients_is_not_about_them(vocab, closing):
    # translational outlook ("support clinical trials in ...") is future work: the human
    # condition it names is not the studied population of a model study
    doc = pub("Allogeneic precursor cells in a sheep model of disc degeneration",
              ("", "Disc degeneration was induced by annular injury in 18 sheep, which then "
                   "received intradiscal allogeneic precursor cells or saline. Treated discs "
                   f"kept more height at six months. {closing}"))
    a = assess(doc, vocab)
    assert a.design == "preclinical_animal"
    assert a.values("condition") == ["disc_degeneration"]


def test_cells_in_the_background_of_a_study_of_another_therapy_do_not_tag(vocab):
    doc = pub("Ozone versus steroid injection for lumbar disc herniation", (
        "BACKGROUND", "Ozone, platelet-rich plasma and mesenchymal stem cells have been proposed "
                      "as alternatives to steroids."), (
        "METHODS", "Sixty patients were randomised to intradiscal ozone or epidural steroid."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == []
    assert a.values("condition") == ["disc_herniation"]
    # the same background in a study whose own sentences give the cells keeps them
    doc["abstract_sections"][1]["text"] = ("Sixty patients were randomised to intradiscal "
                                           "mesenchymal stem cells or epidural steroid.")
    assert assess(doc, vocab).values("cell_type") == ["msc"]


def test_lab_work_models_its_disease_not_its_tissue_donors_condition(vocab):
    doc = pub("Stromal cell secretome protects degenerating nucleus pulposus cells", (
        "METHODS", "Nucleus pulposus cells were isolated from patients undergoing surgery for "
                   "lumbar spinal stenosis and exposed to inflammatory cytokines with or without "
                   "the secretome of umbilical cord stromal cells."), (
        "CONCLUSIONS", "The secretome slowed disc degeneration in vitro."))
    a = assess(doc, vocab)
    assert a.population == "in_vitro"
    assert a.values("condition") == ["disc_degeneration"]


def test_cells_given_to_the_comparator_arm_of_another_therapy_do_not_tag(vocab):
    doc = pub("Intradiscal ozone for discogenic pain: a pooled analysis", (
        "", "Trials of intradiscal ozone were pooled; their control groups received saline, "
            "lidocaine or stromal vascular fraction. Ozone did not reduce pain more than control."),
              publication_types=["Journal Article", "Meta-Analysis"])
    a = assess(doc, vocab)
    assert a.values("cell_type") == []
    assert a.result == "no_difference"


def test_the_other_groups_of_a_comparison_are_not_other_research_groups(vocab):
    # "than in the other groups" compares this study's arms; "other groups have shown" cites
    doc = pub("Stromal cells in a rat model of disc degeneration", (
        "", "We injected stromal cells into punctured rat discs. At eight weeks the disc "
            "height index was higher in the cell group than in the other groups."))
    assert assess(doc, vocab).values("outcome") == ["imaging"]
    cited = pub("Stromal cells in a rat model of disc degeneration", (
        "", "We injected stromal cells into punctured rat discs. Other groups have shown a "
            "higher disc height index after cells."))
    assert assess(cited, vocab).values("outcome") == []


def test_a_model_study_motivated_by_back_pain_models_the_disc_condition(vocab):
    doc = pub("Cell-seeded disc implants in the goat lumbar spine", (
        "", "Back pain caused by degenerative disc disease is the most common reason for "
            "visits to a physician. We implanted cell-seeded disc constructs after discectomy "
            "in 12 goats; implanted levels kept their height."))
    a = assess(doc, vocab)
    assert a.population == "animal"
    assert a.values("condition") == ["disc_degeneration"]


def test_a_route_and_condition_of_earlier_work_are_not_this_studys(vocab):
    # issue 8 class 4: "intradiscal injections of X did not lead to ..." about other work
    doc = pub("Adipose stromal cells for lumbosacral stenosis in a dog", (
        "", "A dog with lumbosacral stenosis received its own adipose stromal cells beside the "
            "nerve root. In disc degeneration of dogs described earlier, intradiscal injections "
            "of stromal cells did not help. The dog walked normally after one year."))
    a = assess(doc, vocab)
    assert a.values("delivery") == []
    assert a.values("condition") == ["spinal_stenosis"]


def test_a_purpose_in_the_hope_of_an_effect_is_not_future_work(vocab):
    doc = pub("Umbilical cord stromal cells in chronic spinal cord injury", (
        "METHODS", "Twelve patients received the cells intrathecally and intravenously, in the "
                   "hope of a combined effect."))
    a = assess(doc, vocab)
    assert a.values("delivery") == ["intrathecal", "intravenous"]


@pytest.mark.parametrize("source", [
    "nucleus pulposus cells from patients with lumbar disc herniation",
    "annulus tissue from 14 donors with cervical spondylotic myelopathy",
])
def test_lab_work_with_cells_or_tissue_from_patients_keeps_its_own_disease(vocab, source):
    doc = pub("Marrow stromal cells in a co-culture model", (
        "", f"Human marrow stromal cells were co-cultured with {source}. Co-culture raised "
            "matrix synthesis, which may help repair disc degeneration."))
    a = assess(doc, vocab)
    assert a.population == "in_vitro"
    assert a.values("condition") == ["disc_degeneration"]


@pytest.mark.parametrize("who", [
    "who had failed conservative care and were candidates for lumbar fusion",
    "who would otherwise have undergone spinal fusion",
])
def test_the_operation_participants_were_candidates_for_is_not_their_condition(vocab, who):
    doc = pub("Intradiscal stromal cells for discogenic pain", (
        "METHODS", f"Twenty adults with discogenic low back pain {who} received intradiscal "
                   "autologous stromal cells."), ("RESULTS", "Pain fell by half at one year."))
    assert "spinal_fusion" not in assess(doc, vocab).values("condition")


def test_participants_scheduled_for_a_fusion_have_it(vocab):
    doc = pub("Marrow stromal cells on the graft", (
        "METHODS", "Forty adults scheduled for lumbar fusion received marrow stromal cells on "
                   "the graft."))
    assert "spinal_fusion" in assess(doc, vocab).values("condition")


@pytest.mark.parametrize("operation", [
    "anterior decompression and fusion", "instrumented posterior fusion", "a spondylodesis",
])
def test_a_fusion_named_by_its_approach_is_the_studied_condition(vocab, operation):
    doc = pub("Stromal cells in the graft", (
        "METHODS", f"Twelve adults with cervical myelopathy underwent {operation} with a graft "
                   "seeded with their own marrow stromal cells."))
    assert "spinal_fusion" in assess(doc, vocab).values("condition")


def test_a_condition_a_change_word_acted_on_is_a_measure_not_the_population(vocab):
    doc = pub("Intradiscal stromal cells for degenerative disc disease", (
        "RESULTS", "Pain fell by half, and MRI showed a reduction in disc bulge size in 17 of "
                   "20 adults."))
    assert assess(doc, vocab).values("condition") == ["disc_degeneration"]


@pytest.mark.parametrize("comparison", [
    "is more convenient than autologous cells",
    "proved safer than autologous marrow",
])
def test_the_object_of_a_comparative_is_the_comparator_not_the_product(vocab, comparison):
    doc = pub("Allogeneic mesenchymal stromal cells for disc degeneration", (
        "CONCLUSIONS", f"An off-the-shelf allogeneic product {comparison}."))
    assert assess(doc, vocab).values("donor") == ["allogeneic"]


def test_a_reviews_stem_cell_therapy_stays_beside_a_product_named_only_as_future_work(vocab):
    # the review's subject is named generically; the specific product is only where the field
    # may go next: the subject is tagged, the future product is not
    doc = pub("Stem cell therapy for disc degeneration: a systematic review",
              ("METHODS", "This systematic review appraises stem cell-based approaches to disc "
                          "regeneration in 14 trials."),
              ("RESULTS", "Trials report modest gains in pain."),
              ("CONCLUSIONS", "Further progress will probably come from cell-free exosome "
                              "approaches and biological scaffolds."),
              publication_types=["Systematic Review"])
    assert assess(doc, vocab).values("cell_type") == ["other_stem_cells"]


@pytest.mark.parametrize("motivation", [
    "Chronic neck pain is still hard to treat and harder still to cure.",
    "Today's treatments for neck pain relieve symptoms but leave the cause untouched.",
    "Disc degeneration is a major pathological process behind chronic neck pain.",
])
def test_how_hard_a_condition_is_to_treat_is_the_motivation(vocab, motivation):
    # an essay-like review with no "we" or "this review": only the sentence's own words say it
    # is the motivation
    doc = pub("Regenerating the intervertebral disc with mesenchymal stromal cells",
              ("", motivation + " Cell-based approaches to the degenerated disc try to slow or "
                   "reverse the degenerative cascade. Mesenchymal stromal cells home to injured "
                   "tissue and may repair the disc."))
    assert "low_back_pain" not in assess(doc, vocab).values("condition")


def test_a_keyword_names_a_topic_a_review_touches_not_its_scope(vocab):
    doc = pub("Stem cell therapy for degenerative disc disease: a review of the clinical "
              "evidence",
              ("", "Low back pain is a leading cause of disability. In this review we summarise "
                   "the clinical trials of stem cells injected into degenerated discs."),
              keywords=["Low back pain", "Mesenchymal stem cells", "Disc degeneration"])
    assert assess(doc, vocab).values("condition") == ["disc_degeneration"]


@pytest.mark.parametrize("opening", [
    "Degenerative disc disease is a chronic process that can show itself as low back pain, "
    "radiculopathy, disc herniation or spinal stenosis.",
    "Disc degeneration gives rise to many symptoms, among them low back pain and sciatica from "
    "a herniated disc.",
    "Degenerative disc disease is a condition of the disc that has been linked to chronic back "
    "pain.",
])
def test_what_a_defined_disease_leads_to_is_not_the_studied_condition(vocab, opening):
    # (a review that never speaks of itself: no sentence of its is background by position)
    doc = pub("Regenerating the degenerated disc: cells, scaffolds and growth factors", (
        "", opening + " Nucleus pulposus cells lose their matrix with age. Stromal cells, "
                      "biomaterials and growth factors may restore the matrix of the "
                      "degenerated disc."), publication_types=["Review"])
    assert assess(doc, vocab).values("condition") == ["disc_degeneration"]


def test_a_consequence_named_again_as_the_studys_own_still_tags(vocab):
    doc = pub("Marrow stromal cells injected into degenerated discs", (
        "", "Disc degeneration is a process that leads to low back pain. We injected marrow "
            "stromal cells into the discs of 15 patients with chronic low back pain."))
    assert assess(doc, vocab).values("condition") == ["disc_degeneration", "low_back_pain"]


def test_a_second_clause_with_its_own_subject_is_not_the_defined_diseases_course(vocab):
    doc = pub("Nucleus pulposus progenitors in three-dimensional culture", (
        "", "Low back pain is a concern worldwide, and mounting evidence points to disc "
            "degeneration as a major contributor. We cultured nucleus pulposus progenitor "
            "cells in vitro."))
    assert "disc_degeneration" in assess(doc, vocab).values("condition")
