"""What publishers' text carries besides the abstract's words: typographic variants of hyphens,
spaces and letters, and the trial's own registration (each example written here for its rule)."""

from __future__ import annotations

import pytest

from evidence.assess import assess
from evidence.typography import plain_document, plain_text
from tests.unit.evidence_docs import pub, registration


def _tags(a) -> set[tuple[str, str]]:
    return {(t.facet, t.value) for t in a.tags}


# ---- typography -------------------------------------------------------------------------------
_SERIES = ("Intradiscal bone marrow-derived mesenchymal stem cells for discogenic back pain",
           ("METHODS", "Twenty-four patients with chronic low back pain received autologous "
                       "bone marrow-derived mesenchymal stem cells by intradiscal injection and "
                       "were followed for 12 months."),
           ("RESULTS", "Pain fell from 7.1 to 3.2 and no serious adverse events occurred; 3 of "
                       "24 patients (n = 3) had a flare of pain."))


def _variant(doc: dict, old: str, new: str) -> dict:
    secs = [dict(s, text=s["text"].replace(old, new)) for s in doc["abstract_sections"]]
    return dict(doc, title=doc["title"].replace(old, new), abstract_sections=secs,
                abstract="\n".join(s["text"] for s in secs))


@pytest.mark.parametrize("old, new", [
    ("-", "\u2010"),          # Wiley's hyphen: "Twenty\u2010four", "marrow\u2010derived"
    ("-", "\u2011"),          # a non-breaking hyphen
    (" ", "\u00a0"),          # no-break spaces
    ("n = 3", "n\u2009=\u20093"),  # thin spaces around "="
    ("mesenchymal", "mesen\u00adchymal"),  # a soft hyphen inside a word
    ("intradiscal", "intra\u200bdiscal"),  # a zero-width space inside a word
])
def test_typographic_variants_read_as_the_plain_characters(vocab, old, new):
    doc = pub(_SERIES[0], *_SERIES[1:])
    plain = assess(doc, vocab)
    varied = assess(_variant(doc, old, new), vocab)
    assert plain.sample_size == 24 and plain.followup_months == 12
    assert _tags(varied) == _tags(plain)
    assert (varied.sample_size, varied.followup_months, varied.design) == \
        (plain.sample_size, plain.followup_months, plain.design)


def test_ligatures_from_pdf_text_are_letters(vocab):
    doc = pub("Stromal vascular fraction for lumbar disc degeneration",
              ("", "Fifteen patients received intradiscal stromal vascular fraction. At the "
                   "\ufb01nal follow-up of 12 months, disability had \ufb02attened to a mean ODI "
                   "of 18."))
    a = assess(doc, vocab)
    assert a.followup_months == 12
    assert a.sample_size == 15
    assert ("cell_type", "svf") in _tags(a)


def test_plain_text_keeps_dashes_and_returns_clean_text_itself():
    text = "Twenty\u2010four patients (aged 25\u201340 years) \u2014 all with pain"
    assert plain_text(text) == "Twenty-four patients (aged 25\u201340 years) \u2014 all with pain"
    ascii_text = "nothing to change"
    assert plain_text(ascii_text) is ascii_text


def test_plain_document_copies_only_what_changes():
    doc = {"title": "Disc\u00a0cells", "abstract_sections": [{"label": "", "text": "plain"}],
           "registry": {"arm_groups": [{"label": "MSC\u2010arm"}]}, "mesh": []}
    out = plain_document(doc)
    assert out["title"] == "Disc cells"
    assert out["registry"]["arm_groups"][0]["label"] == "MSC-arm"
    assert out["abstract_sections"] is doc["abstract_sections"]  # nothing changed in it
    assert doc["title"] == "Disc\u00a0cells"  # the caller's document is not modified
    clean = {"title": "Disc cells", "mesh": []}
    assert plain_document(clean) is clean


# ---- the study's own registration --------------------------------------------------------------
_CASE = ("Paraplegia after intrathecal stem cell injection abroad: a case report",
         ("", "A 52-year-old man received intrathecal umbilical cord stem cells at an overseas "
              "clinic for chronic back pain. Three months later he developed progressive "
              "paraparesis, and a mass was removed from the thoracic spinal canal."))
_GOATS = ("Concentrated bone marrow cells in a goat disc model",
          ("METHODS", "Twelve goats underwent disc injury at L2/3 and received concentrated "
                      "autologous bone marrow cells into the disc; they were followed for 24 "
                      "weeks with MRI and histology."))


@pytest.mark.parametrize("statement", [
    "The study was registered in the Chinese Clinical Trial Registry (ChiCTR1800015487).",
    "Registered with the Australian New Zealand Clinical Trials Registry "
    "(ACTRN12616000785493).",
    "Trial registration: ChiCTR-IPR-15006578.",
    "The trial registration number is NCT01290367.",
])
@pytest.mark.parametrize("study, design", [(_CASE, "case_report"), (_GOATS, "preclinical_animal")])
def test_a_registration_statement_is_no_study_of_registrations(vocab, statement, study, design):
    title, (label, text) = study
    doc = pub(title, (label, f"{text} {statement}"),
              publication_types=["Journal Article", "Case Reports"] if design == "case_report"
              else ["Journal Article"])
    assert assess(doc, vocab).design == design


def test_a_labelled_registration_section_is_read_as_such(vocab):
    title, (label, text) = _GOATS
    doc = pub(title, (label, text), ("TRIAL REGISTRATION", "Trial registrations: none needed "
                                                           "for animal work."))
    assert vocab.section_role("TRIAL REGISTRATION", None) == "registration"
    assert assess(doc, vocab).design == "preclinical_animal"


def test_a_study_of_trial_registrations_is_still_research_on_research(vocab):
    doc = pub("Stem cell trials for back pain that never publish",
              ("METHODS", "We analysed the trial registrations of cell therapies for low back "
                          "pain listed on ClinicalTrials.gov up to 2024."),
              ("RESULTS", "Of the registered trials, most were phase 1 and few had published "
                          "results."))
    a = assess(doc, vocab)
    assert a.design == "other"
    assert a.evidence_level is None


# ---- journals' own section labels -------------------------------------------------------------
@pytest.mark.parametrize("label, role", [
    ("Subjects and methods", "methods"), ("Design, setting, and participants", "methods"),
    ("Evidence acquisition", "methods"),
    # a case report's course, told as one account: read as results (the case's outcome is
    # found there; PubMed files it under METHODS, and its category wins when given)
    ("Case presentation", "results"),
    ("Key results", "results"), ("Evidence synthesis", "results"),
    ("Conclusions and relevance", "conclusions"), ("Authors' conclusions", "conclusions"),
    ("Background and aims", "background"), ("Purpose of the study", "objective"),
    ("Summary of background data", "background"),  # listed: Spine's background section
    ("Summary", None), ("Funding", None),
])
def test_a_label_not_listed_takes_the_role_of_its_first_known_word(vocab, label, role):
    assert vocab.section_role(label, None) == role


def test_a_count_in_an_unlisted_methods_label_is_the_studys_own(vocab):
    # Europe PMC gives a journal's labels without a category
    doc = pub("Autologous bone marrow concentrate into the degenerate disc")
    doc["abstract_sections"] = [
        {"label": "Background and aims", "category": "",
         "text": "Earlier series treated 58 patients with disc cells."},
        {"label": "Subjects and methods", "category": "",
         "text": "We injected bone marrow concentrate into the discs of 80 patients with "
                 "chronic discogenic pain and followed them for 24 months."},
        {"label": "Key results", "category": "",
         "text": "Pain improved in 61 patients."},
    ]
    doc["abstract"] = "\n".join(s["text"] for s in doc["abstract_sections"])
    a = assess(doc, vocab)
    assert a.sample_size == 80
    assert a.followup_months == 24


def test_counts_are_read_in_the_sections_of_an_abstract_given_as_one_text(vocab):
    doc = pub("Epidural steroid or saline for chronic radiculopathy",
              ("", "OBJECTIVE: To compare caudal epidural steroid, epidural saline and a sham "
                   "injection in chronic radiculopathy. PARTICIPANTS: From 2005 to 2009, 461 "
                   "patients with radiculopathy were assessed for inclusion; of these, 328 were "
                   "excluded. RESULTS: Of 133 eligible patients, 17 were not allocated because "
                   "their symptoms had improved. No group differed at 52 weeks."))
    a = assess(doc, vocab)
    assert a.sample_size == 461  # as with the same sections labelled (not the results' 17)
    assert a.extra["sample_size_field"] == "abstract:METHODS"


@pytest.mark.parametrize("label", ["CASE PRESENTATIONS", "Case Presentations"])
def test_an_unknown_label_ends_the_section_before_it(vocab, label):
    doc = pub("Stromal vascular fraction for an arthritic facet joint",
              ("", f"INTRODUCTION: Facet arthritis is common and hard to treat. {label}: Two "
                   "patients received autologous stromal vascular fraction into the facet "
                   "joints; at 12 months their Oswestry disability scores had fallen by half."))
    a = assess(doc, vocab)
    assert ("outcome", "function") in _tags(a)
    assert a.followup_months == 12


# ---- unstructured abstracts of experiments ---------------------------------------------------
def test_an_experiments_aim_opens_its_own_study_in_an_unstructured_abstract(vocab):
    doc = pub("Can disc-like cells from cord stroma repair the degenerate disc?",
              ("", "Disc degeneration causes much back pain, and nothing cures it. To find out, "
                   "in a rabbit model of disc degeneration, whether disc-like cells derived from "
                   "umbilical cord mesenchymal stem cells restore the disc, the cells were "
                   "labelled with a dye and placed into degenerated discs of rabbits (n = 8 per "
                   "group). Eight weeks later the treated discs held more water and matrix."))
    a = assess(doc, vocab)
    assert a.design == "preclinical_animal"
    assert a.population == "animal"


def test_an_animal_model_made_for_the_study_is_its_own_work(vocab):
    doc = pub("Vesicles from cord stem cells improve disc degeneration",
              ("", "Disc degeneration is a main cause of back pain; vesicles released by "
                   "mesenchymal stem cells are promising cell-free agents. A rat model of disc "
                   "degeneration was created by puncturing three tail discs with a needle. We "
                   "then implanted the cells or their vesicles to test how well each repaired "
                   "the discs. Vesicles preserved disc height best."))
    a = assess(doc, vocab)
    assert a.design == "preclinical_animal"
    assert a.population == "animal"


def test_an_essay_that_sets_out_to_review_still_reads_as_a_review(vocab):
    doc = pub("Stem cells for the painful disc",
              ("", "To summarise what is known, this article reviews how mesenchymal stem cells "
                   "from bone marrow have been injected into the discs of rabbits, dogs and "
                   "patients, and what remains to be shown."),
              publication_types=["Journal Article", "Review"])
    assert assess(doc, vocab).design == "narrative_review"


def test_how_long_a_practice_has_gone_on_is_no_follow_up(vocab):
    doc = pub("Transforaminal steroid or saline for radicular pain",
              ("", "A prospective study compared transforaminal steroid with saline trigger-point "
                   "injections in 48 patients. Radicular pain has been managed with epidural "
                   "steroids for over fifty years. Patients were followed for a mean of 16 "
                   "months; 84% of the steroid group and 48% of the saline group improved."))
    assert assess(doc, vocab).followup_months == 16


def test_named_groups_of_an_unstructured_abstract_make_a_comparison(vocab):
    doc = pub("Three months of teriparatide after an osteoporotic vertebral fracture",
              ("", "We reviewed 25 patients with osteoporotic compression fractures. They were "
                   "split into 2 groups by teriparatide use: 14 had daily injections (group I) "
                   "and 11 had none (group II). Pain improved in both groups, and collapse did "
                   "not differ between the 2 groups at one year."))
    a = assess(doc, vocab)
    assert a.design == "cohort"
    assert a.evidence_level == 3


def test_an_essays_comparison_of_therapies_is_still_no_group(vocab):
    doc = pub("Cells or surgery for the degenerate disc?",
              ("", "Compared with surgery, cell injections are less invasive. Both groups of "
                   "therapies seek pain relief, and each group has its own risks."),
              publication_types=["Journal Article"])
    assert assess(doc, vocab).design not in ("cohort", "non_randomized_controlled", "rct")


# ---- what was measured is no finding ----------------------------------------------------------
def test_an_outcome_defined_in_an_unstructured_abstract_is_no_finding(vocab):
    doc = pub("Intradiscal stromal cells or sham for discogenic pain: a randomized trial",
              ("", "Forty patients with discogenic pain were randomly assigned to intradiscal "
                   "bone marrow stromal cells or a sham injection. The main outcome was how much "
                   "the pain score fell by 12 months, and a fall of 2 points defined relief. "
                   "Secondary outcomes were the disability index and patient satisfaction. At 12 "
                   "months pain did not differ between the groups (P = 0.71)."))
    assert assess(doc, vocab).result == "no_difference"


def test_a_primary_outcome_that_was_the_same_is_still_a_finding(vocab):
    doc = pub("Intradiscal stromal cells or sham for discogenic pain: a randomized trial",
              ("", "Forty patients with discogenic pain were randomly assigned to intradiscal "
                   "bone marrow stromal cells or a sham injection. The primary outcome was the "
                   "same in both groups at 12 months, while disability improved significantly "
                   "more after cells (P = 0.01)."))
    assert assess(doc, vocab).result == "mixed"


# ---- how an unstructured abstract ends ----------------------------------------------------------
_PILOT = ("Autologous stromal cells for chronic cervical spinal cord injury: a pilot study",
          "Stromal cells have improved function in injured animals, and this study asked whether "
          "giving them to patients is feasible and safe, and possibly effective. Seven patients "
          "with complete cervical injury received intrathecal autologous bone marrow stromal "
          "cells. The procedures were well tolerated, with no serious adverse effects. After "
          "treatment, sensation improved slightly below the lesion in five patients.")


def test_an_unstructured_abstracts_closing_sentence_is_its_conclusion(vocab):
    doc = pub(_PILOT[0], ("", _PILOT[1] + " Giving autologous stromal cells in chronic cervical "
                                          "injury is safe and feasible; whether it works must "
                                          "be confirmed in controlled trials."))
    assert assess(doc, vocab).result == "safety_only"


def test_a_last_sentence_in_the_past_tense_is_still_a_result(vocab):
    doc = pub(_PILOT[0], ("", _PILOT[1] + " Motor scores also rose in four of them."))
    assert assess(doc, vocab).result == "benefit"


def test_the_clauses_of_an_indirect_question_claim_nothing(vocab):
    doc = pub("Stromal cells for chronic cord injury",
              ("", "We asked whether intrathecal stromal cells are safe, and possibly effective, "
                   "in chronic cord injury. Twelve patients received the cells. Three had "
                   "headaches after the injection."))
    a = assess(doc, vocab)
    assert a.result != "benefit"


# ---- animals and their cells --------------------------------------------------------------------
def test_marrow_derived_stromal_cells_are_msc(vocab):
    doc = pub("Bone marrow derived stromal cells for a dog's chronic cord injury",
              ("", "Autologous bone marrow derived stromal cells were injected intrathecally."))
    tags = _tags(assess(doc, vocab))
    assert ("cell_type", "msc") in tags and ("cell_source", "bone_marrow") in tags


def test_two_species_counted_side_by_side_are_summed(vocab):
    doc = pub("Stromal cells for chronic cord injury in companion animals",
              ("METHODS", "Autologous marrow stromal cells were injected into five dogs and "
                          "three cats with chronic cord injury from disc protrusion."))
    assert assess(doc, vocab).sample_size == 8


def test_more_animals_added_to_a_counted_group_are_summed(vocab):
    doc = pub("An annular puncture model in the rabbit",
              ("METHODS", "In 9 rabbits one lumbar disc was punctured with a needle. Three more "
                          "rabbits were punctured and received intradiscal disc cells."))
    assert assess(doc, vocab).sample_size == 12


def test_a_sentence_before_a_colon_is_no_section_label(vocab):
    doc = pub("Amniotic stem cells for chronic disc disease in dogs",
              ("", "Introduction: Disc disease paralyses many dogs. Methods: We treated dogs "
                   "with amniotic membrane stem cells. Eight animals finished the experiment: "
                   "four received cells alone (n = 4), two surgery and cells (n = 2) and two "
                   "surgery and saline (n = 2)."))
    assert assess(doc, vocab).sample_size == 8


def test_cells_named_after_their_species_are_no_animal_subjects(vocab):
    doc = pub("Lentiviral GDF5 and the differentiation of disc stem cells",
              ("OBJECTIVE", "To study how GDF5 affects nucleus pulposus mesenchymal stem cells "
                            "(NPMSCs)."),
              ("METHODS", "Rabbit NPMSCs were established as a culture model, divided into "
                          "three groups and transfected with a lentivirus carrying GDF5; gene "
                          "expression was measured by PCR and western blot."))
    a = assess(doc, vocab)
    assert a.design == "in_vitro"
    assert a.population == "in_vitro"


def test_in_vivo_in_a_title_is_where_the_work_was_done(vocab):
    doc = pub("Exosomes from stem cells shield disc cells from death and lessen disc "
              "degeneration in vivo",
              ("METHODS", "The effects of the exosomes were tested in human nucleus pulposus "
                          "cells under stress, and apoptosis was measured by flow cytometry."))
    a = assess(doc, vocab)
    assert a.design == "preclinical_animal"


@pytest.mark.parametrize("route, value", [("intra-thecal", "intrathecal"),
                                          ("intra-venous", "intravenous")])
def test_a_route_written_with_a_hyphenated_prefix(vocab, route, value):
    doc = pub("Stromal cells for chronic cord injury",
              ("", f"Twelve patients received autologous marrow stromal cells by {route} "
                   "injection."))
    assert ("delivery", value) in _tags(assess(doc, vocab))


def test_pts_counts_patients(vocab):
    doc = pub("Intradiscal marrow concentrate: a case series",
              ("", "25 pts with discogenic pain received intradiscal bone marrow concentrate and "
                   "were followed for 12 months."))
    assert assess(doc, vocab).sample_size == 25


# ---- registrations that record no allocation --------------------------------------------------
def _bare_registration(summary: str) -> dict:
    return registration("Umbilical cord stem cells for lumbar discogenic pain",
                        brief_summary=summary, study_type="INTERVENTIONAL", allocation=None,
                        intervention_model=None, conditions=["Lumbar Discogenic Pain"])


def test_a_registration_without_allocation_told_to_have_a_control_group(vocab):
    a = assess(_bare_registration("Umbilical cord mesenchymal stem cells are injected into the "
                                  "disc, with participants split into a treatment group and a "
                                  "control group."), vocab)
    assert a.design == "non_randomized_controlled"


def test_a_registration_without_allocation_told_to_randomize(vocab):
    a = assess(_bare_registration("Participants are randomly assigned to umbilical cord "
                                  "mesenchymal stem cells or saline injected into the disc."),
               vocab)
    assert a.design == "rct"


def test_a_registration_without_allocation_or_groups_is_one_group(vocab):
    a = assess(_bare_registration("Umbilical cord mesenchymal stem cells are injected into the "
                                  "disc and patients are followed for a year."), vocab)
    assert a.design == "case_series"


def test_lumbar_discogenic_pain_is_disc_degeneration_and_back_pain(vocab):
    tags = _tags(assess(pub("Stem cells for lumbar discogenic pain"), vocab))
    assert {("condition", "disc_degeneration"), ("condition", "low_back_pain")} <= tags


# ---- a registration's prose is read once ---------------------------------------------------------
def test_a_registrations_summary_is_read_once_as_its_registry_field(vocab):
    """The parser copies the summary and description into abstract sections (flattened, markdown
    escapes undone) for the abstract column; the tagger reads them once, as registry fields."""
    from evidence.text import segments

    summary = "Patients aged \\>18 receive autologous bone marrow concentrate.\n\nPain is scored."
    doc = registration("A study of discogenic pain", brief_summary=summary,
                       detailed_description="The injection is intradiscal.")
    doc["abstract_sections"] = [
        {"label": "Brief Summary", "category": "",
         "text": "Patients aged >18 receive autologous bone marrow concentrate. Pain is scored."},
        {"label": "Detailed Description", "category": "", "text": "The injection is intradiscal."},
    ]
    fields = [f for f, _, _ in segments(doc, vocab)]
    assert fields.count("registry:brief_summary") == 1
    assert fields.count("registry:detailed_description") == 1
    assert not any(f.startswith("abstract") for f in fields)
    a = assess(doc, vocab)
    assert {t.field for t in a.tags if t.facet == "cell_type"} == {"registry:brief_summary"}


def test_a_registrations_abstract_sections_of_other_text_are_still_read(vocab):
    from evidence.text import segments

    doc = registration("Marrow concentrate for disc pain", brief_summary="Pain is scored.")
    doc["abstract_sections"] = [{"label": "Results", "category": "RESULTS",
                                 "text": "Pain fell in all ten patients."}]
    assert "abstract:RESULTS" in [f for f, _, _ in segments(doc, vocab)]
