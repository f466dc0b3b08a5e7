"""The administered product: cell type, source, donor, processing and route describe what the
study gives or tests, not the tissue it is tested on, a graft without cells or a word that
only sounds like a preparation (issue 8, error classes 1, 5 and 9). Examples written for these
tests."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from tests.unit.evidence_docs import pub


def tags(doc, vocab, facet):
    return assess(doc, vocab).values(facet)


# ---- class 1: the tissue cells are tested on is not the therapy -------------------------------
def test_disc_cells_exposed_to_a_product_in_the_lab_are_its_target(vocab):
    doc = pub("Adipose stromal cells shield nucleus pulposus cells from inflammation",
              ("METHODS", "Nucleus pulposus cells from bovine tails were cultured in vitro with "
                          "conditioned medium of adipose-derived stem cells and stimulated "
                          "with interleukin-1 beta."),
              ("RESULTS", "Apoptosis of the nucleus pulposus cells fell by a third."))
    a = assess(doc, vocab)
    assert "disc_cells" not in a.values("cell_type")
    assert "disc" not in a.values("cell_source")


def test_stem_cells_named_by_the_disc_they_come_from_are_the_product(vocab):
    doc = pub("How hypoxia changes mesenchymal stem cells derived from the nucleus pulposus",
              ("METHODS", "Nucleus pulposus-derived mesenchymal stem cells from six donors "
                          "were kept at 2% oxygen in vitro for seven days."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["disc_cells"]
    assert a.values("cell_source") == ["disc"]


def test_vesicles_from_the_target_tissue_are_no_cell_free_product(vocab):
    doc = pub("Turning bone marrow stromal cells into disc-like cells: a review",
              ("", "Mesenchymal stem cells are candidates for disc repair. Vesicles "
                   "released by annulus fibrosus cells push mesenchymal stem cells "
                   "toward a disc phenotype. We review the growth factors that do so."))
    assert "cell_free" not in tags(doc, vocab, "cell_type")


def test_vesicles_among_the_signals_acting_on_stem_cells_are_no_product(vocab):
    doc = pub("How inflammation steers stem cells in the degenerating disc: a review",
              ("", "In the degenerate disc, MSCs answer to hypoxia, acidity, "
                   "interleukins and extracellular vesicles."))
    assert tags(doc, vocab, "cell_type") == ["msc"]


@pytest.mark.parametrize(
    "sentence",
    ["Twelve rabbits received exosomes secreted by umbilical cord MSCs.",
     "Twelve rabbits received MSC-derived exosomes.",
     "Twelve rabbits received MSCs and their exosomes."],
)
def test_vesicles_from_stem_cells_are_a_cell_free_product(vocab, sentence):
    doc = pub("Disc repair in rabbits", ("METHODS", sentence + " Discs were studied at 8 weeks."))
    assert tags(doc, vocab, "cell_type") == ["cell_free"]


def test_a_review_of_a_fraction_containing_stem_cells_reviews_the_fraction(vocab):
    doc = pub("Bone marrow concentrate in sports medicine: a narrative review",
              ("", "We review the clinical use of bone marrow concentrate, which contains "
                   "mesenchymal stem cells and platelets, in tendon and cartilage repair."),
              publication_types=["Journal Article", "Review"])
    assert tags(doc, vocab, "cell_type") == ["bmac"]


def test_a_review_listing_stem_cells_beside_a_concentrate_reviews_both(vocab):
    doc = pub("Orthobiologics for the painful disc: a narrative review",
              ("", "We review intradiscal mesenchymal stem cells, bone marrow concentrate and "
                   "platelet-rich plasma for disc degeneration."),
              publication_types=["Journal Article", "Review"])
    assert tags(doc, vocab, "cell_type") == ["bmac", "msc"]


# ---- class 5: a fusion without cells -----------------------------------------------------------
def test_fusion_with_bone_graft_and_bmp_but_no_cells_has_no_cell_tags(vocab):
    doc = pub("Recombinant BMP-7 against autologous bone graft in posterolateral lumbar fusion",
              ("METHODS", "Sixty patients having single-level posterolateral fusion were "
                          "randomly assigned to BMP-7 on a collagen carrier or to autologous "
                          "bone graft harvested from the iliac crest."),
              ("RESULTS", "Fusion rates at two years were 81% and 84%; Oswestry scores "
                          "improved equally."))
    a = assess(doc, vocab)
    for facet in ("cell_type", "cell_source", "donor", "processing"):
        assert a.values(facet) == [], facet
    assert "spinal_fusion" not in a.values("condition")  # a fusion is a condition with cells
    assert a.values("delivery") == ["surgical_implant"]  # the comparator's route stays
    assert "imaging" in a.values("outcome") and "function" in a.values("outcome")


def test_a_tissue_allograft_says_nothing_of_whose_cells(vocab):
    doc = pub("Cancellous allograft mixed with bone marrow aspirate concentrate in fusion",
              ("METHODS", "Allograft chips were soaked in concentrate prepared from the "
                          "patient's own marrow and laid on both sides of the fusion bed."))
    a = assess(doc, vocab)
    assert a.values("donor") == ["autologous"]
    assert a.values("cell_type") == ["bmac"]


def test_a_cellular_bone_allograft_is_an_allogeneic_cell_product(vocab):
    doc = pub("A cellular bone allograft in two-level lumbar arthrodesis",
              ("METHODS", "A cellular bone allograft with viable osteogenic cells was placed "
                          "in 40 patients."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["other_stem_cells"]
    assert a.values("donor") == ["allogeneic"]


# ---- class 9: processing and donor said in other words ------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "processing"),
    [
        ("The aspirate was spun down in a bedside centrifuge and the concentrate injected "
         "at once.", ["minimally_manipulated"]),
        ("Stromal vascular fraction was isolated at the point of care and given the same "
         "day.", ["minimally_manipulated"]),
        ("The cells were grown in culture for three weeks before injection.",
         ["culture_expanded"]),
        ("The product is more than minimally manipulated under the regulations.",
         ["culture_expanded"]),
    ],
)
def test_processing_said_in_other_words(vocab, sentence, processing):
    doc = pub("Stem cell therapy for a degenerated lumbar disc",
              ("METHODS", "Twenty patients were treated with autologous cells. " + sentence))
    assert tags(doc, vocab, "processing") == processing


def test_processing_words_about_other_things_tag_nothing(vocab):
    doc = pub("Bone marrow stem cells for discogenic pain: from bench to bedside",
              ("METHODS", "Twenty patients received intradiscal bone marrow stem cells under "
                          "an expanded access programme; the disc had expanded on MRI."))
    assert tags(doc, vocab, "processing") == []
    # (a marrow concentrate is minimally manipulated by what it is, not by these words:
    # test_concentrates_index_terms_and_recommendations.py)


@pytest.mark.parametrize(
    ("sentence", "donor"),
    [
        ("Marrow was harvested from the iliac crest of each patient and concentrated.",
         "autologous"),
        ("Each participant received cells grown from their own fat.", "autologous"),
        ("An off-the-shelf cell product from a master cell bank was thawed.", "allogeneic"),
        ("Donor-derived mesenchymal stromal cells were injected.", "allogeneic"),
        ("Bone marrow was drawn from each patient's own iliac crest.", "autologous"),
        ("The injected donor MSCs were thawed beside the bed.", "allogeneic"),
        ("The cells came from healthy donors aged 18 to 30.", "allogeneic"),
    ],
)
def test_donor_implied_by_the_text(vocab, sentence, donor):
    doc = pub("Mesenchymal stromal cells for chronic discogenic pain",
              ("METHODS", "Mesenchymal stromal cells were given to 24 patients. " + sentence))
    assert tags(doc, vocab, "donor") == [donor]


def test_unspecified_bone_marrow_stem_cells_are_not_called_msc(vocab):
    doc = pub("Bone marrow stem cells for chronic spinal cord injury in dogs",
              ("METHODS", "Bone marrow stem cells were given to nine dogs."))
    assert tags(doc, vocab, "cell_type") == ["other_stem_cells"]
    assert tags(doc, vocab, "cell_source") == ["bone_marrow"]


def test_a_product_named_only_as_future_work_is_not_given(vocab):
    doc = pub("A large animal model of lumbar disc injury",
              ("METHODS", "Twelve sheep had an annular incision at two lumbar levels."),
              ("CONCLUSIONS", "The model could serve to test mesenchymal stem cells in the "
                              "future."))
    assert tags(doc, vocab, "cell_type") == []


def test_marrow_mononuclear_fraction_named_apart_is_a_concentrate(vocab):
    doc = pub("Intrathecal autologous marrow cells in chronic paraplegia", (
        "METHODS", "Marrow was aspirated from the posterior iliac crest and its mononuclear cell "
                   "fraction separated on a density gradient; 12 patients received the cells "
                   "intrathecally. BMSCs were not expanded."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["bmac"]
    # peripheral blood mononuclear cells are not marrow
    blood = pub("Mononuclear cells in chronic paraplegia", (
        "METHODS", "Peripheral blood mononuclear cells were collected by apheresis after "
                   "mobilisation; 12 patients received them intrathecally."))
    assert "bmac" not in assess(blood, vocab).values("cell_type")


def test_a_lower_case_shortening_defined_in_the_text_is_followed(vocab):
    # "extracellular vesicles (vesic)": a lower-case abbreviation that truncates its word
    doc = pub("Vesicles from stromal cells in degenerating disc cells", (
        "METHODS", "Degenerating disc cells were cultured with exosomes (exos) or saline. "
                   "The exos came from umbilical cord stromal cells."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["cell_free"]
    assert [t.matched_text for t in a.tags if t.facet == "cell_type"] == ["exos"]
    # a lower-case word in parentheses that shortens nothing defines nothing
    other = pub("Stromal cells for disc degeneration", (
        "METHODS", "Twenty patients (mean age 41) received mesenchymal stromal cells (cells) "
                   "into the disc."))
    assert assess(other, vocab).values("cell_type") == ["msc"]


def test_stem_cells_named_by_an_abbreviated_disc_tissue_are_disc_cells(vocab):
    doc = pub("NP-derived stem cells in a hydrogel for rabbit disc degeneration", (
        "", "We injected NP-derived mesenchymal stem cells in a hydrogel into punctured rabbit "
            "discs."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["disc_cells"]
    assert a.values("cell_source") == ["disc"]


def test_what_stem_cells_differentiate_into_is_a_lineage_not_a_product(vocab):
    doc = pub("Umbilical cord stromal cells: characterisation for disc repair", (
        "RESULTS", "The umbilical cord stromal cells differentiated into osteoblasts, "
                   "adipocytes and chondrocytes, and showed trilineage potential."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["msc"]
    # chondrocytes given as the product still tag
    given = pub("Chondrocytes for disc repair", (
        "METHODS", "Autologous chondrocytes were injected into the disc of twelve patients."))
    assert assess(given, vocab).values("cell_type") == ["chondrocytes"]


def test_adipose_regenerative_cells_are_the_fat_product(vocab):
    doc = pub("Adipose-derived regenerative cells for lumbar facet pain", (
        "METHODS", "Unmodified adipose-derived regenerative cells (ADRCs) were recovered from "
                   "lipoaspirate in the operating room and injected around the facet joints of "
                   "20 patients."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["svf"]
    assert a.values("processing") == ["minimally_manipulated"]


def test_isolating_and_culturing_the_cells_is_culture_expansion(vocab):
    doc = pub("Marrow stromal cells in amyotrophic lateral sclerosis", (
        "METHODS", "Marrow was aspirated from each patient for isolating and culturing the "
                   "stromal cells, which were then injected intrathecally."))
    assert assess(doc, vocab).values("processing") == ["culture_expanded"]


@pytest.mark.parametrize(("product", "cell_type", "source"), [
    ("Wharton's jelly-derived cells", "msc", "umbilical_cord"),
    ("amniotic membrane cells", "other_stem_cells", "placenta"),
    ("placenta-derived cells", "other_stem_cells", "placenta"),
    ("Muse cells", "other_stem_cells", None),
    ("olfactory mucosal grafts", "other_stem_cells", "other"),
])
def test_cell_products_written_out(vocab, product, cell_type, source):
    doc = pub("Cells for disc degeneration", (
        "METHODS", f"Twenty patients with disc degeneration received intradiscal {product}."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == [cell_type]
    assert a.values("cell_source") == ([source] if source else [])


@pytest.mark.parametrize("product", [
    "autologous bone marrow cells",
    "bone marrow-derived mononuclear stem cells",
])
def test_unselected_marrow_cells_are_a_concentrate(vocab, product):
    doc = pub("Marrow cells in acute spinal cord injury", (
        "METHODS", f"Fourteen patients with acute paraplegia received {product} "
                   "intrathecally."))
    assert assess(doc, vocab).values("cell_type") == ["bmac"]


def test_a_vocabulary_abbreviation_spelled_by_words_without_a_phrase_keeps_its_meaning(vocab):
    # "bone marrow aspirated ... (BMA)": no phrase of the vocabulary ends before "(", but the
    # words spell the abbreviation, so BMA keeps its vocabulary meaning
    doc = pub("Local bone graft with or without marrow in lumbar fusion", (
        "METHODS", "Bone marrow aspirated from the iliac crest (BMA) was mixed with the graft in "
                   "40 patients. BMA-treated levels fused more often."))
    assert assess(doc, vocab).values("cell_type") == ["bmac"]
    # an abbreviation defined by words that do not spell it still means nothing else
    other = pub("Local bone graft in lumbar fusion", (
        "METHODS", "A ceramic granule substitute (BMA) was mixed with the graft in 40 patients."))
    assert assess(other, vocab).values("cell_type") == []


def test_marrow_named_without_bone_is_the_source(vocab):
    doc = pub("Tissue-engineered bone for lumbar fusion", (
        "METHODS", "Marrow fluid was drawn from each patient and the marrow mesenchymal cells "
                   "were cultured on a ceramic block before fusion."))
    assert assess(doc, vocab).values("cell_source") == ["bone_marrow"]


def test_the_discs_own_stem_cells_beside_another_product_in_lab_work_are_a_product(vocab):
    # disc cells beside another product in lab work are usually the target tissue; the disc's
    # stem or progenitor cells are a candidate therapy of their own
    doc = pub("Low oxygen and disc-derived stem cells: a culture study",
              ("METHODS", "We compared goat intervertebral disc-derived stem cells "
                          "(IVDSCs) with bone marrow MSCs under low oxygen."),
              ("RESULTS", "IVDSCs grew fastest at 2% oxygen."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["disc_cells", "msc"]
    assert a.values("cell_source") == ["bone_marrow", "disc"]


def test_disc_cells_come_from_the_disc_without_a_source_word(vocab):
    doc = pub("Preconditioned nucleus pulposus mesenchymal stem cells in a rat disc model",
              ("METHODS", "Rat nucleus pulposus mesenchymal stem cells were preconditioned "
                          "and injected into punctured rat discs."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["disc_cells"]
    assert a.values("cell_source") == ["disc"]
    assert any(t.facet == "cell_source" and "disc cells" in t.matched_text for t in a.tags)


def test_progenitor_cells_of_the_abbreviated_disc_are_disc_cells(vocab):
    doc = pub("Resident repair of the worn disc",
              ("", "Degeneration of the intervertebral disc (IVD) causes back pain. We review "
                   "treating the degenerate IVD with IVD progenitor cells."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["disc_cells"]
    assert a.values("cell_source") == ["disc"]


def test_nanovesicles_from_stem_cells_are_a_cell_free_product(vocab):
    doc = pub("Fat stem cell vesicles calm nucleus pulposus cells in culture",
              ("", "We cultured human nucleus pulposus cells with extracellular nanovesicles "
                   "isolated from adipose-derived stem cells (ADSCs). Proliferation rose."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["cell_free"]
    assert a.values("cell_source") == ["adipose"]


def test_a_review_of_vesicles_does_not_review_the_cells_that_make_them(vocab):
    doc = pub("Marrow stem cell-derived exosomes after spinal cord injury: a systematic review",
              ("METHODS", "We searched PubMed and Embase for studies giving exosomes derived "
                          "from bone marrow mesenchymal stem cells to injured animals."),
              publication_types=["Systematic Review"])
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["cell_free"]
    assert a.values("cell_source") == ["bone_marrow"]


def test_a_review_of_vesicles_that_discusses_the_cells_reviews_both(vocab):
    doc = pub("Exosomes from mesenchymal stem cells for the worn disc",
              ("", "Mesenchymal stem cells (MSCs) have drawn interest for treating disc "
                   "degeneration. We review how exosomes derived from MSCs slow it."),
              publication_types=["Review"])
    assert tags(doc, vocab, "cell_type") == ["cell_free", "msc"]


def test_vesicles_abbreviated_after_their_cells_are_the_cell_free_product(vocab):
    doc = pub("Marrow stem cell exosomes after cord injury: a systematic review",
              ("METHODS", "We pooled studies giving exosomes of bone marrow stem cells "
                          "(BMSC-Exos) to injured animals."),
              ("RESULTS", "BMSC-Exos raised locomotor scores."),
              publication_types=["Systematic Review"])
    assert tags(doc, vocab, "cell_type") == ["cell_free"]


def test_a_vesicle_product_has_no_processing_and_its_donor_cells_are_its_makers(vocab):
    doc = pub("Stem cell vesicles for the worn disc",
              ("", "Vesicles shed by stem cells (SC-EVs) calm inflammation in the disc. Their "
                   "yield rises with well-chosen donor cells and with better cell culture "
                   "conditions. We give an overview of SC-EVs in disc degeneration."),
              publication_types=["Review"])
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["cell_free"]
    assert a.values("processing") == []
    assert a.values("donor") == []


def test_the_terms_a_review_searched_for_are_not_its_product(vocab):
    doc = pub("Bone graft choices in lumbar fusion: a review",
              ("BACKGROUND", "Iliac crest autograft is the standard for lumbar arthrodesis. This "
                             "review describes the alternatives and their complications."),
              ("METHODS", "PubMed was searched with these terms: spinal fusion, allograft, "
                          "demineralized bone matrix, bone marrow aspirate, ceramics and "
                          "scoliosis."),
              publication_types=["Review"])
    a = assess(doc, vocab)
    assert a.values("cell_type") == []
    assert a.values("cell_source") == []
    assert "other_spine" not in a.values("condition")


@pytest.mark.parametrize(
    "sentence",
    ["We isolated mesenchymal stem cells from the nucleus pulposus of ten donors.",
     "Stem cells derived from the degenerated human disc endplate were grown for a week."],
)
def test_stem_cells_said_to_come_from_the_disc_are_disc_cells(vocab, sentence):
    doc = pub("Stem cells of the worn disc in culture",
              ("METHODS", sentence + " Their growth was measured in vitro."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["disc_cells"]
    assert a.values("cell_source") == ["disc"]


def test_stem_cells_given_in_the_disc_stay_what_they_are(vocab):
    doc = pub("Stromal cells for disc pain",
              ("METHODS", "Twenty patients received MSCs in the disc under fluoroscopy."))
    assert tags(doc, vocab, "cell_type") == ["msc"]


@pytest.mark.parametrize("name", ["Cancer stem cells", "Tumour stem cells",
                                  "Glioma stem cells", "Leukemic stem cells"])
def test_cancer_stem_cells_are_a_tumour_not_a_therapy(vocab, name):
    doc = pub(f"{name} and relapse after radiotherapy",
              ("", f"{name} resist radiation. We sorted them from two cell lines and grew "
                   "them as spheres in vitro."))
    assert tags(doc, vocab, "cell_type") == []


def test_human_disc_cells_a_product_was_tested_on_make_no_xenogeneic_donor(vocab):
    doc = pub("Stromal cell exosomes protect the disc in vivo",
              ("METHODS", "Exosomes of marrow MSCs were tested on human NP cells exposed to "
                          "IL-1 beta, and injected into punctured discs of 20 rats."))
    assert tags(doc, vocab, "donor") == []
    doc = pub("Human cord stromal cells in punctured rat discs",
              ("METHODS", "Human umbilical cord MSCs were injected into punctured discs of 20 "
                          "rats."))
    assert tags(doc, vocab, "donor") == ["xenogeneic"]


def test_an_autologous_bone_graft_beside_an_allogeneic_cell_product_is_no_donor(vocab):
    # the patient's own bone, named as the graft a cell allograft replaces, is tissue: the
    # cells given are the donor's
    doc = pub("A stem-cell allograft for lumbar fusion",
              ("", "Autogenous bone graft is used less and less in fusion. The allograft holds "
                   "allogeneic mesenchymal stem cells. In this retrospective study, 40 "
                   "consecutive patients underwent lumbar fusion with the allograft."))
    assert tags(doc, vocab, "donor") == ["allogeneic"]


@pytest.mark.parametrize("title", [
    "Cell-laden allograft compared with autograft for posterolateral lumbar fusion",
    "Stem cell allograft vs. autograft in single-level cervical fusion",
])
def test_the_comparators_autograft_is_no_donor_of_the_cells(vocab, title):
    # (both donors told only by graft words: the product's is the allograft's)
    doc = pub(title, ("METHODS", "Thirty patients received the cellular allograft and thirty "
                                 "served as controls."))
    assert tags(doc, vocab, "donor") == ["allogeneic"]


@pytest.mark.parametrize("title", [
    "Human spinal cord-derived neural stem cells for chronic cord injury",
    "Human central nervous system stem cells for chronic cord injury",
])
def test_neural_stem_cells_from_nervous_tissue_have_source_other(vocab, title):
    doc = pub(title, ("", "Four patients with chronic thoracic cord injury received the cells "
                          "in a phase 1 study."))
    assert tags(doc, vocab, "cell_type") == ["other_stem_cells"]
    assert tags(doc, vocab, "cell_source") == ["other"]


@pytest.mark.parametrize("pathology", [
    "dysfunction and loss of nucleus pulposus (NP) cells",
    "nucleus pulposus cell apoptosis",
    "the death of nucleus pulposus cells",
])
def test_disc_cells_that_degeneration_harms_are_no_product(vocab, pathology):
    doc = pub("An exosome-based strategy to ease disc degeneration",
              ("", f"Disc degeneration follows matrix breakdown, inflammation and {pathology}. "
                   "Exosomes are vesicles released by many cell types, stem cells among them."))
    assert tags(doc, vocab, "cell_type") == ["cell_free"]


def test_wharton_jelly_without_the_apostrophe_is_umbilical_cord(vocab):
    doc = pub("Wharton Jelly derived mesenchymal stem cells for cord injury",
              ("", "Ten patients received the cells into the spinal cord."))
    assert tags(doc, vocab, "cell_source") == ["umbilical_cord"]


# ---- a fourteenth look ---------------------------------------------------------------------------
def test_a_fusion_set_against_injected_cells_is_no_studied_condition(vocab):
    # injected cells are no graft adjunct: the fusion is the comparator (or the operation spared)
    doc = pub("Intradiscal marrow cells or lumbar fusion for painful disc degeneration", (
        "", "Fifty adults with painful disc degeneration chose an intradiscal injection of "
            "marrow cells or lumbar fusion. Pain fell in both groups."))
    assert tags(doc, vocab, "condition") == ["disc_degeneration"]
    # cells placed in the fusion bed keep the condition
    grafted = pub("Marrow cells in lumbar fusion for disc degeneration", (
        "", "Fifty adults with disc degeneration underwent lumbar fusion with a ceramic carrier "
            "loaded with marrow cells."))
    assert "spinal_fusion" in tags(grafted, vocab, "condition")


def test_an_injection_for_facet_joint_pain_goes_into_the_facet_joints(vocab):
    doc = pub("Adipose stromal cells for lumbar facet joint pain", (
        "", "Twenty adults with lumbar facet joint pain were injected with autologous adipose "
            "stromal vascular fraction under fluoroscopy. Pain improved at six months."))
    assert tags(doc, vocab, "delivery") == ["facet"]


def test_chondrocytes_named_after_disc_chondrocytes_are_the_same_cells(vocab):
    doc = pub("Autologous disc chondrocytes after discectomy", (
        "", "Thirty patients received autologous disc chondrocytes three months after "
            "discectomy. The chondrocytes were expanded from the removed nucleus."))
    assert tags(doc, vocab, "cell_type") == ["disc_cells"]
    # chondrocytes of another tissue are another product
    both = pub("Disc chondrocytes or costal chondrocytes for the degenerated disc", (
        "", "Sheep discs received autologous disc chondrocytes or costal chondrocytes."))
    assert tags(both, vocab, "cell_type") == ["chondrocytes", "disc_cells"]
    # in an animal model too: the disc chondrocytes are the product, not the target tissue
    dogs = pub("Disc chondrocyte transplantation in a canine model", (
        "", "Chondrocytes keep the capacity to make matrix. Disc chondrocytes were harvested, "
            "expanded in culture and returned into the injured discs of the same dogs."))
    assert tags(dogs, vocab, "cell_type") == ["disc_cells"]
    assert tags(dogs, vocab, "processing") == ["culture_expanded"]


def test_cord_blood_cells_given_whole_are_unspecified_stem_cells(vocab):
    doc = pub("Cord blood cells for chronic cord injury", (
        "", "Twelve adults with chronic cord injury received intrathecal allogeneic umbilical "
            "cord blood mononuclear cells."))
    assert tags(doc, vocab, "cell_type") == ["other_stem_cells"]
    assert tags(doc, vocab, "cell_source") == ["umbilical_cord"]


def test_a_concentrate_named_by_what_it_was_made_from_is_marrow_concentrate(vocab):
    doc = pub("Intradiscal injection for discogenic back pain", (
        "", "Thirty patients received an intradiscal autologous concentrate prepared from iliac "
            "crest bone marrow. Pain fell at six months."))
    assert tags(doc, vocab, "cell_type") == ["bmac"]
    assert tags(doc, vocab, "cell_source") == ["bone_marrow"]


@pytest.mark.parametrize("told", [
    "Bone marrow was aspirated from the iliac crest and then concentrated by centrifugation",
    "The marrow aspirate was concentrated in a point-of-care device",
])
def test_marrow_said_to_have_been_concentrated_is_marrow_concentrate(vocab, told):
    doc = pub("Intradiscal cell therapy for discogenic back pain", (
        "", f"{told} before intradiscal injection in 24 patients. Pain fell at six months."))
    assert tags(doc, vocab, "cell_type") == ["bmac"]
    assert tags(doc, vocab, "processing") == ["minimally_manipulated"]


def test_with_or_without_the_cells_names_two_arms_not_a_negation(vocab):
    doc = pub("Teriparatide and stromal cells for vertebral fractures", (
        "", "Thirty women were randomized to teriparatide with or without one intravenous "
            "infusion of allogeneic umbilical cord mesenchymal stromal cells."))
    assert tags(doc, vocab, "donor") == ["allogeneic"]
    assert tags(doc, vocab, "delivery") == ["intravenous"]


def test_stem_cells_a_study_of_conditioned_medium_also_injects_are_a_product(vocab):
    doc = pub("Fat-derived stem cells slow disc degeneration in mice",
              ("", "Forty mice had tail discs punctured. Adipose-derived stem cells (ADSCs) were "
                   "injected into the punctured discs of twenty. In vitro, ADSC-conditioned "
                   "medium reduced apoptosis of nucleus pulposus cells."))
    assert tags(doc, vocab, "cell_type") == ["cell_free", "msc"]
    # stem cells named only as the makers of the injected vesicles are not
    made = pub("Fat stem cell exosomes slow disc degeneration in mice",
               ("", "Forty mice had tail discs punctured. Exosomes derived from adipose-derived "
                    "stem cells were injected into the punctured discs of twenty."))
    assert tags(made, vocab, "cell_type") == ["cell_free"]


def test_a_pressure_measured_in_the_disc_is_no_route(vocab):
    doc = pub("Intravenous stromal cells for disc pain",
              ("METHODS", "Twelve adults with disc pain received intravenous stromal cells; "
                          "intradiscal pressure was measured at discography before and after."))
    assert tags(doc, vocab, "delivery") == ["intravenous"]


@pytest.mark.parametrize(("title", "told", "line"), [
    ("Human iPSC-derived neural progenitor cells in rats with cord injury",
     "Neural progenitor cells derived from human induced pluripotent stem cells were "
     "transplanted into the injured cord of 20 rats.", "ipsc"),
    ("Cell therapy in cervical cord injury",
     "Twenty-five patients received oligodendrocyte progenitor cells derived from human "
     "embryonic stem cells, injected into the lesion.", "esc"),
])
def test_progenitors_made_from_a_pluripotent_line_are_its_product(vocab, title, told, line):
    doc = pub(title, ("METHODS", told))
    assert tags(doc, vocab, "cell_type") == [line]


def test_a_pluripotent_line_named_beside_other_stem_cells_leaves_both(vocab):
    doc = pub("Neural stem cells and iPSCs for spinal cord injury: a review",
              ("", "Neural stem cells from fetal tissue and induced pluripotent stem cells are "
                   "both tried in spinal cord injury."))
    assert tags(doc, vocab, "cell_type") == ["ipsc", "other_stem_cells"]


def test_stem_cells_given_by_a_named_route_beside_conditioned_medium_are_a_product(vocab):
    doc = pub("Cord stromal cells help rats recover after cord injury",
              ("METHODS", "Forty-eight rats underwent T10 contusion and received intravenous "
                          "human umbilical cord MSCs or PBS. In vitro, MSC-conditioned medium "
                          "was applied to stimulated microglia."))
    assert tags(doc, vocab, "cell_type") == ["cell_free", "msc"]
    # the cells named as the makers of what was infused are not given themselves
    made = pub("Conditioned medium of stromal cells for dogs with cord injury",
               ("METHODS", "Conditioned medium from canine marrow mesenchymal stem cells "
                           "(BMMSC CM) was tested. Each dog received four intravenous infusions "
                           "of BMMSC CM within one month."))
    assert tags(made, vocab, "cell_type") == ["cell_free"]


# ---- viable-cell bone grafts, and the graft they replace ---------------------------------------
def test_a_cellular_bone_matrix_is_a_cell_product_and_its_comparator_graft_no_donor(vocab):
    doc = pub("A cellular bone matrix from donors in place of autograft for cervical fusion",
              ("METHODS", "Forty patients had an anterior cervical fusion with the allograft "
                          "cellular bone matrix packed inside the cage."))
    assert tags(doc, vocab, "cell_type") == ["other_stem_cells"]
    # "in place of autograft": the bone the product replaces is not whose cells it holds
    assert "autologous" not in tags(doc, vocab, "donor")


@pytest.mark.parametrize("words", ["cell therapy", "cell-based therapy"])
def test_cell_therapy_alone_names_no_cell_type(vocab, words):
    doc = pub(f"Repairing the intervertebral disc with {words}: obstacles to translation",
              ("", f"In this review we discuss {words} for disc degeneration, the lack of "
                   "agreement on which cells are tested, and the design of future trials."))
    assert assess(doc, vocab).values("cell_type") == []


def test_stem_cell_therapy_still_names_unspecified_stem_cells(vocab):
    doc = pub("Stem cell therapy for disc degeneration: a review",
              ("", "In this review we discuss stem cell therapy for disc degeneration."))
    assert assess(doc, vocab).values("cell_type") == ["other_stem_cells"]


def test_ensheathing_glia_listed_beside_stem_cells_are_no_stem_cells(vocab):
    # a review of several therapies: the glia are one of them, not a stem-cell product
    doc = pub("Stem cells for spinal cord injury: a review",
              ("", "In this review we compare bone marrow mesenchymal stem cells, embryonic stem "
                   "cell derivatives and olfactory ensheathing cells, a kind of glial cell taken "
                   "from the olfactory bulb, in spinal cord injury."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["esc", "msc"]
    assert a.values("cell_source") == ["bone_marrow"]


def test_ensheathing_cells_given_alone_are_the_product(vocab):
    doc = pub("Olfactory ensheathing cells for chronic spinal cord injury: a phase I study",
              ("METHODS", "Six patients received olfactory ensheathing cells from their own "
                          "olfactory mucosa into the injured cord."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["other_stem_cells"]
    assert a.values("cell_source") == ["other"]


def test_schwann_cells_given_alone_are_the_product(vocab):
    # glia of peripheral nerve, filed like ensheathing cells (held-out sets AV, AX, Y)
    doc = pub("Autologous Schwann cells for chronic spinal cord injury: a phase I study",
              ("METHODS", "Schwann cells were grown from each patient's sural nerve and "
                          "implanted into the injured cord of eight patients."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["other_stem_cells"]
    assert a.values("cell_source") == ["other"]


def test_schwann_cells_named_by_their_abbreviation_beside_stem_cells_are_not_the_product(vocab):
    doc = pub("Marrow stromal cells for spinal cord injury",
              ("METHODS", "Twenty patients received intrathecal bone marrow mesenchymal stem "
                          "cells; Schwann cells (SCs) had been tried in an earlier series. SCs "
                          "were not given here."))
    assert assess(doc, vocab).values("cell_type") == ["msc"]


def test_a_marker_named_after_a_cell_type_is_no_product(vocab):
    doc = pub("Cord blood stromal cells in the contused rat cord",
              ("", "Rats received human umbilical cord blood mesenchymal stem cells after a "
                   "contusion. More new cells expressed nestin, a neural stem/progenitor cell "
                   "marker, after the graft."))
    assert assess(doc, vocab).values("cell_type") == ["msc"]


def test_adherent_marrow_cells_are_stromal_cells(vocab):
    # kept for sticking to plastic: the stromal fraction by definition, not a concentrate
    doc = pub("Intrathecal autologous adherent bone marrow cells in chronic spinal cord injury",
              ("METHODS", "Seventy patients received physical therapy with or without "
                          "intrathecal adherent bone marrow cells."))
    assert assess(doc, vocab).values("cell_type") == ["msc"]


def test_human_cells_named_in_the_aim_of_an_animal_study_are_xenogeneic(vocab):
    doc = pub("Transfected stromal cells regenerate the degenerated disc",
              ("OBJECTIVE", "To find out whether transcription factors push human umbilical cord "
                            "MSCs towards cartilage, and how well such cells regenerate the "
                            "disc."),
              ("METHODS", "The differentiated MSCs were implanted into a rat disc degeneration "
                          "model."))
    assert assess(doc, vocab).values("donor") == ["xenogeneic"]


def test_cells_autotransplanted_are_autologous(vocab):
    doc = pub("Marrow mononuclear cells in paraplegic dogs after disc herniation",
              ("METHODS", "Thirty dogs had marrow mononuclear cells autotransplanted to the cord "
                          "after decompression."))
    assert assess(doc, vocab).values("donor") == ["autologous"]
