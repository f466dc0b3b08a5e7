"""Tagger: negation and contrast, sections, abbreviations, donor, conventions, corpus floors."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from evidence.evaluation import evaluate
from tests.unit.evidence_docs import pub, registration


def tags(doc, vocab, facet):
    return assess(doc, vocab).values(facet)


@pytest.mark.parametrize(
    "sentence",
    [
        "No stem cells were used in this trial.",
        "Unlike MSC therapy, PRP is prepared from blood.",
        "This result was compared with bone marrow concentrate in a previous study.",
        "Platelet-rich plasma contains no stem or progenitor cells.",
    ],
)
def test_negated_and_contrasted_cell_mentions_do_not_tag(vocab, sentence):
    doc = pub(
        "Platelet-rich plasma injection for discogenic low back pain",
        ("METHODS", "Forty patients received intradiscal platelet-rich plasma. " + sentence),
    )
    assert tags(doc, vocab, "cell_type") == []
    assert "disc_degeneration" in tags(doc, vocab, "condition")


def test_the_affirmed_mention_still_tags(vocab):
    doc = pub("Bone marrow concentrate for discogenic pain",
              ("METHODS", "Unlike MSC therapy, BMAC was injected intradiscally."))
    assert tags(doc, vocab, "cell_type") == ["bmac"]


def test_negated_processing_does_not_tag(vocab):
    doc = pub("Autologous bone marrow concentrate for disc degeneration",
              ("METHODS", "The cells were not cultured. CD34+ cells were selected without "
                          "expansion."))
    assert "culture_expanded" not in tags(doc, vocab, "processing")


def test_abbreviation_defined_in_the_text_is_followed(vocab):
    doc = pub("A new therapy for degenerated discs",
              ("METHODS", "Nucleus pulposus cells (NPCs) were isolated from donors."),
              ("RESULTS", "The NPCs survived in the disc."))
    assessment = assess(doc, vocab)
    assert "disc_cells" in assessment.values("cell_type")
    tagged = [t for t in assessment.tags if t.facet == "cell_type"]
    assert tagged[0].field.startswith("abstract:")


def test_unknown_abbreviation_meaning_overrides_the_vocabulary(vocab):
    doc = pub("Inflammasome signalling in disc degeneration",
              ("METHODS", "Apoptosis-associated speck-like protein (ASC) levels were measured "
                          "in ASC knockout tissue in vitro."))
    assert "msc" not in tags(doc, vocab, "cell_type")


@pytest.mark.parametrize(
    ("sentence", "donor"),
    [
        ("Mesenchymal stem cells from healthy donors were injected into the disc.", "allogeneic"),
        ("Bone marrow concentrate was prepared from the patient's own marrow.", "autologous"),
    ],
)
def test_donor_implied(vocab, sentence, donor):
    doc = pub("Cell therapy for low back pain", ("METHODS", sentence))
    assert tags(doc, vocab, "donor") == [donor]


def test_not_arisen_from_patients_own_cells_is_not_autologous(vocab):
    doc = pub("Stem cell injection and spinal cord injury: a case report",
              ("", "A mass formed after intrathecal stem cell injection; genetic testing showed "
                   "it had not arisen from the patient's own cells."))
    assert tags(doc, vocab, "donor") == []


def test_human_cells_in_an_animal_model_are_xenogeneic(vocab):
    doc = pub("Human placenta-derived mesenchymal stem cells in an ovine disc model",
              ("METHODS", "Twelve sheep received intradiscal human placenta-derived MSCs."))
    assert tags(doc, vocab, "donor") == ["xenogeneic"]


@pytest.mark.parametrize("cells", ["hUC-MSCs", "hBMSCs", "hiPSC-derived neural cells"])
def test_h_prefixed_cells_in_an_animal_model_are_xenogeneic(vocab, cells):
    # the lower-case "h" of cell-biology abbreviations names human cells
    doc = pub("Cell transplantation in a rat model of spinal cord injury",
              ("METHODS", f"Thirty rats with a contusion injury were transplanted with {cells} "
                          "or given vehicle."))
    assert tags(doc, vocab, "donor") == ["xenogeneic"]


def test_cells_named_without_h_in_an_animal_model_have_no_donor(vocab):
    doc = pub("Cell transplantation in a rat model of spinal cord injury",
              ("METHODS", "Thirty rats with a contusion injury were transplanted with BMSCs or "
                          "given vehicle."))
    assert tags(doc, vocab, "donor") == []


@pytest.mark.parametrize("verb", ["can turn into", "transform into", "mature into"])
def test_what_cells_turn_into_is_a_lineage_not_a_product_or_source(vocab, verb):
    doc = pub("Mesenchymal stem cells for the degenerating disc: a review",
              ("", f"MSCs {verb} nucleus pulposus cells and dampen inflammation; we review "
                   "their use for disc degeneration."), publication_types=["Review"])
    assert tags(doc, vocab, "cell_type") == ["msc"]
    assert tags(doc, vocab, "cell_source") == []


def test_bone_marrow_concentrate_beats_msc(vocab):
    doc = pub("Bone marrow concentrate for discogenic back pain",
              ("METHODS", "BMAC, which contains mesenchymal stem cells, was prepared at the "
                          "point of care and injected intradiscally."),
              keywords=["Mesenchymal stem cells"])
    assert tags(doc, vocab, "cell_type") == ["bmac"]
    assert tags(doc, vocab, "processing") == ["minimally_manipulated"]
    assert tags(doc, vocab, "cell_source") == ["bone_marrow"]


def test_culture_expanded_msc_with_bmac_keeps_both(vocab):
    doc = pub("Bone marrow concentrate versus culture-expanded MSCs: a review",
              ("", "We review bone marrow concentrate and culture-expanded mesenchymal stem "
                   "cells for disc degeneration."), publication_types=["Review"])
    assert tags(doc, vocab, "cell_type") == ["bmac", "msc"]


def test_cell_free_product_is_cell_free_only_with_source(vocab):
    doc = pub("Exosomes from bone marrow mesenchymal stem cells slow disc degeneration in rats",
              ("METHODS", "Exosomes isolated from rat bone marrow MSCs were injected into the "
                          "discs of 40 rats."))
    assert tags(doc, vocab, "cell_type") == ["cell_free"]
    assert tags(doc, vocab, "cell_source") == ["bone_marrow"]


def test_guidance_versus_imaging_outcome(vocab):
    doc = pub("CT-guided intradiscal injection of bone marrow concentrate",
              ("METHODS", "Injections were CT-guided. Disc height was measured on MRI at 12 "
                          "months."))
    a = assess(doc, vocab)
    assert a.values("guidance") == ["ct"]
    assert "imaging" in a.values("outcome")


def test_ct_measured_fusion_is_not_guidance(vocab):
    doc = pub("Mesenchymal stem cells as a fusion adjunct",
              ("METHODS", "Fusion was assessed on CT at 12 months."))
    a = assess(doc, vocab)
    assert a.values("guidance") == []
    assert "imaging" in a.values("outcome")


def test_fluoroscopy_replaced_by_mri_is_not_guidance(vocab):
    doc = pub("MRI-guided intradiscal injection of synovial MSCs in minipigs",
              ("METHODS", "Real-time MRI guidance replaced fluoroscopy for needle placement."))
    assert tags(doc, vocab, "guidance") == ["mri"]


def test_background_only_cell_mention_does_not_tag(vocab):
    doc = pub("Adipose-derived stem cells for discogenic pain",
              ("BACKGROUND", "Bone marrow concentrate has been injected into discs before."),
              ("METHODS", "Ten patients received intradiscal adipose-derived stem cells."))
    assert tags(doc, vocab, "cell_type") == ["msc"]


def test_background_mention_tags_when_it_is_the_only_one(vocab):
    doc = pub("Outcomes after intradiscal injection",
              ("BACKGROUND", "Bone marrow concentrate is used for disc pain."),
              ("METHODS", "Ten patients were followed."))
    assert tags(doc, vocab, "cell_type") == ["bmac"]


def test_adverse_event_fracture_is_not_a_condition(vocab):
    doc = pub("Allogeneic hematopoietic stem cell transplantation for acute myeloid leukaemia",
              ("RESULTS", "One patient developed a vertebral compression fracture."))
    assert tags(doc, vocab, "condition") == []


def test_neck_pain_and_disc_bulge_and_modic(vocab):
    doc = pub("MSCs for chronic neck pain with a posterior disc bulge and Modic changes")
    assert tags(doc, vocab, "condition") == ["disc_herniation", "low_back_pain", "other_spine"]


def test_registration_tagged_from_structured_fields(vocab):
    doc = registration(
        "Cells for the spine",
        conditions=["Degenerative Disc Disease", "Facet Joint Arthropathy"],
        interventions=[{"type": "BIOLOGICAL", "name": "Allogeneic BM-MSC",
                        "description": "Culture-expanded cells", "other_names": []}],
        allocation="RANDOMIZED", intervention_model="PARALLEL", masking="TRIPLE",
        phases=["PHASE2"], enrollment=40,
        primary_outcomes=[{"measure": "Change in NRS pain", "time_frame": "6 months",
                           "description": ""}],
    )
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["msc"]
    assert a.values("condition") == ["disc_degeneration", "spinal_osteoarthritis"]
    assert a.values("donor") == ["allogeneic"]
    assert a.values("processing") == ["culture_expanded"]
    assert a.design == "rct" and a.evidence_level is None and a.sample_size == 40
    design_tag = next(t for t in a.tags if t.facet == "design")
    assert design_tag.field == "registry:allocation"
    cond = next(t for t in a.tags if t.value == "disc_degeneration")
    assert cond.field == "registry:conditions"


def test_every_tag_explains_itself(vocab):
    doc = pub("Intradiscal autologous BMAC for discogenic low back pain: a randomized trial",
              ("METHODS", "Sixty patients were randomly assigned to BMAC or saline under "
                          "fluoroscopic guidance. VAS and ODI were recorded."),
              publication_types=["Randomized Controlled Trial"])
    a = assess(doc, vocab)
    assert {"cell_type", "design", "population", "evidence_level"} <= {t.facet for t in a.tags}
    for t in a.tags:
        assert t.field and t.matched_text, t


def test_assess_rejects_non_dict(vocab):
    with pytest.raises(ValueError):
        assess("not a doc", vocab)  # type: ignore[arg-type]


def test_corpus_floors(vocab, corpus_dir):
    from tests.unit.corpus_docs import label_rows, labelled_documents

    docs = labelled_documents(corpus_dir)
    labels = label_rows(corpus_dir)
    predicted = {key: assess(doc, vocab).as_labels() for key, doc in docs.items()}
    report = evaluate(predicted, labels)
    assert report.missing == []
    for facet in ("cell_type", "condition"):
        assert report.f1(facet) >= 0.95, (facet, report.format())
    for facet in ("cell_source", "donor", "delivery", "outcome"):
        assert report.f1(facet) >= 0.9, (facet, report.format())
    for facet in ("design", "population", "evidence_level"):
        assert report.accuracy[facet] >= 0.9, (facet, report.format())


# issue 8: on real literature, micro-F1 >= 0.92 for cell type and condition and >= 0.88 for the
# other tag facets; the dev corpus and the sample keep (within 0.01) what they had before
_REAL_FLOORS = {"cell_type": 0.92, "condition": 0.92, "cell_source": 0.88, "donor": 0.88,
                "processing": 0.88, "delivery": 0.88, "guidance": 0.88, "outcome": 0.88}
_DEV_FLOORS = {"cell_type": 0.96, "cell_source": 0.969, "donor": 0.946, "processing": 0.968,
               "condition": 0.965, "delivery": 0.99, "guidance": 0.972, "outcome": 0.951}
_SAMPLE_FLOORS = {"cell_type": 0.928, "cell_source": 0.96, "donor": 0.948, "processing": 0.958,
                  "condition": 0.957, "delivery": 0.933, "guidance": 0.942, "outcome": 0.953}


@pytest.mark.parametrize(
    ("where", "floors"),
    [("shared/corpus-real", _REAL_FLOORS), ("shared/corpus", _DEV_FLOORS),
     ("sample", _SAMPLE_FLOORS)],
)
def test_tag_facet_floors_on_every_labelled_set(vocab, where, floors):
    from tests.conftest import CORPUS, SAMPLE_CORPUS, SHARED
    from tests.unit.corpus_docs import label_rows, labelled_documents

    path = {"shared/corpus-real": SHARED / "corpus-real", "shared/corpus": CORPUS,
            "sample": SAMPLE_CORPUS}[where]
    if not path.exists():
        pytest.skip(f"{path} is absent: the labelled sets live beside the checkout in ../shared")
    docs = labelled_documents(path)
    report = evaluate({k: assess(d, vocab).as_labels() for k, d in docs.items()}, label_rows(path))
    assert report.missing == []
    for facet, floor in floors.items():
        assert report.f1(facet) >= floor, (facet, report.format())


def test_disc_cells_as_lab_target_tissue_are_not_the_product(vocab):
    doc = pub("Bone marrow MSCs protect nucleus pulposus cells in vitro",
              ("METHODS", "In vitro, human NP cells were co-cultured with bone marrow MSCs."))
    a = assess(doc, vocab)
    assert a.values("cell_type") == ["msc"]
    assert a.values("cell_source") == ["bone_marrow"]


@pytest.mark.parametrize("phrase", [
    "a prolapsed lumbar intervertebral disc",
    "lumbar radiculopathy of discogenic origin",
    "discogenic radicular pain",
])
def test_nerve_root_pain_from_a_displaced_disc_is_a_herniation(vocab, phrase):
    doc = pub("Transforaminal injections", (
        "METHODS", f"Forty adults with {phrase} received one transforaminal injection."))
    assert assess(doc, vocab).values("condition") == ["disc_herniation"]


@pytest.mark.parametrize("sentence", [
    "Stem cell therapy is not part of this trial.",
    "Mesenchymal stem cells are not involved in either arm.",
    "Bone marrow concentrate will not be offered.",
])
def test_a_product_negated_after_it_does_not_tag(vocab, sentence):
    doc = registration("Ozone for lumbar disc herniation", conditions=["Disc Herniation"],
                       brief_summary=f"Ozone is compared with steroid. {sentence}")
    assert tags(doc, vocab, "cell_type") == []


@pytest.mark.parametrize(("written", "value"), [
    ("cervical spondylotic myelopathy", "other_spine"),
    ("spinal tuberculosis", "other_spine"),
    ("lumbar segmental instability", "other_spine"),
    ("adjacent segment disease after fusion", "other_spine"),
    ("osteoporotic fractures of the spine", "vertebral_fracture"),
])
def test_spine_conditions_written_out(vocab, written, value):
    doc = pub("Cells in the spine", ("METHODS", f"Ten patients with {written} received cells."))
    assert value in tags(doc, vocab, "condition")


def test_a_vertebroplasty_is_an_intraosseous_route_unless_another_is_named(vocab):
    series = pub("Balloon kyphoplasty for painful osteoporotic collapse: a two-centre series",
                 ("METHODS", "Eighty patients underwent kyphoplasty at one or two levels."))
    assert tags(series, vocab, "delivery") == ["intraosseous"]
    beside = pub("Vertebroplasty with marrow stromal cells for osteoporotic collapse",
                 ("METHODS", "All patients had vertebroplasty and then received an intravenous "
                             "infusion of marrow stromal cells."))
    assert tags(beside, vocab, "delivery") == ["intravenous"]
    review = pub("Cell therapy for fragility fractures of the spine",
                 ("", "Although kyphoplasty is widely used, it does not rebuild bone. This review "
                      "summarizes what mesenchymal stem cells may offer."),
                 publication_types=["Journal Article", "Review"])
    assert tags(review, vocab, "delivery") == []


def test_tissue_the_cells_were_isolated_from_is_their_source_not_the_product(vocab):
    doc = pub("Adipose stem cells for chronic cord injury",
              ("METHODS", "Mesenchymal stem cells were isolated from lipoaspirate of the abdomen "
                          "and given by lumbar puncture to eight patients."))
    assert tags(doc, vocab, "cell_type") == ["msc"]
    assert tags(doc, vocab, "cell_source") == ["adipose"]
    given = pub("Fat grafting for discogenic pain",
                ("METHODS", "Lipoaspirate harvested from the abdomen was injected into the disc."))
    assert tags(given, vocab, "cell_type") == ["svf"]


def test_fetal_nervous_tissue_is_an_other_cell_source(vocab):
    doc = pub("Neural progenitor grafts in thoracic cord injury",
              ("METHODS", "Neural stem cells from the fetal forebrain were grafted into the cord "
                          "of six patients."))
    assert tags(doc, vocab, "cell_source") == ["other"]


def test_a_scan_that_decides_who_counts_as_injured_is_no_outcome(vocab):
    doc = pub("Scaffold-borne cord cells in acute injury",
              ("", "Three patients were judged to have complete injury on MRI and nerve "
                   "conduction. Umbilical cord MSCs on a scaffold were implanted. No adverse "
                   "symptoms were seen, and motor scores rose in all three."))
    found = tags(doc, vocab, "outcome")
    assert "imaging" not in found
    assert "adverse_events" in found


def test_cement_leakage_is_an_adverse_event(vocab):
    doc = pub("Vertebroplasty series",
              ("RESULTS", "Pain scores fell, and cement leakage occurred at four levels."))
    assert "adverse_events" in tags(doc, vocab, "outcome")


def test_a_capacity_for_expansion_is_no_processing_step(vocab):
    doc = pub("Adipose stem cells in cord injury: a review",
              ("", "Adipose-derived stem cells, with their large capacity for expansion, have been "
                   "injected in cord injury. This review discusses their use."),
              publication_types=["Journal Article", "Review"])
    assert tags(doc, vocab, "processing") == []


def test_cells_put_into_the_space_inside_the_dura_are_intrathecal(vocab):
    doc = pub("Marrow stromal cells in chronic cord injury",
              ("METHODS", "Autologous marrow stromal cells were placed into the intradural space "
                          "at the injured level in nine patients."))
    assert tags(doc, vocab, "delivery") == ["intrathecal"]


def test_american_disk_spellings_fold_to_disc(vocab):
    doc = pub("Intradiskal marrow cells for diskogenic pain",
              ("METHODS", "Adults with symptomatic degenerative intervertebral disks confirmed "
                          "by diskography received marrow cells after microdiskectomy."))
    assert tags(doc, vocab, "condition") == ["disc_degeneration"]
    assert tags(doc, vocab, "delivery") == ["intradiscal"]
