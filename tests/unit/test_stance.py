"""Sentence stance (evidence/text.py): which sentences speak about this study, which about
background, other people's work or future work. Examples written for these tests."""

from __future__ import annotations

import pytest

from evidence.text import STANCES, scan_document
from tests.unit.evidence_docs import pub, registration


def stances(doc, vocab):
    """sentence text -> stance of its first part."""
    return {s.text: s.stance for s in scan_document(doc, vocab).sentences}


def test_sections_decide_when_no_cue_does(vocab):
    doc = pub("Allogeneic cells for facet pain",
              ("BACKGROUND", "Facet pain troubles many older adults."),
              ("METHODS", "Thirty adults had two facet injections."),
              ("RESULTS", "Scores fell by half."),
              ("CONCLUSIONS", "The injections were well tolerated."))
    got = stances(doc, vocab)
    assert got["Facet pain troubles many older adults."] == "background"
    assert got["Thirty adults had two facet injections."] == "study"
    assert got["Scores fell by half."] == "study"
    assert got["Allogeneic cells for facet pain"] == "study"  # a title is always the study's


def test_unlabelled_abstract_begins_with_its_background(vocab):
    doc = pub("Marrow cells for a worn disc", (
        "", "Worn discs stiffen the spine. Pain follows in many. "
            "We injected marrow cells into 12 discs. Stiffness eased."))
    got = stances(doc, vocab)
    assert got["Worn discs stiffen the spine."] == "background"
    assert got["Pain follows in many."] == "background"
    assert got["We injected marrow cells into 12 discs."] == "study"
    assert got["Stiffness eased."] == "study"  # after the first study sentence


@pytest.mark.parametrize("given", ["section", "abstract"])
def test_section_labels_inside_an_unlabelled_abstract_give_their_roles(vocab, given):
    text = ("Study design: A prospective series. Purpose: To assess the safety of intradiscal "
            "cells in back pain. Methods: Twelve adults had one injection. Results: Scores fell "
            "by half; back pain: none worse. Conclusion: The injections were well tolerated.")
    doc = pub("Allogeneic cells for disc pain", ("", text))
    if given == "abstract":  # no sections at all, only the abstract's text
        doc["abstract_sections"] = []
    scan = scan_document(doc, vocab)
    roles = {s.text: (s.role, s.field) for s in scan.sentences}
    assert roles["A prospective series."] == ("methods", "abstract:METHODS")
    assert roles["To assess the safety of intradiscal cells in back pain."][0] == "objective"
    assert roles["Twelve adults had one injection."][0] == "methods"
    # a colon inside a sentence is no label ("back pain" is no section)
    assert roles["Scores fell by half; back pain: none worse."][0] == "results"
    assert roles["The injections were well tolerated."][0] == "conclusions"
    # the objective is this study's aim, not background
    assert stances(doc, vocab)["To assess the safety of intradiscal cells in back pain."] == "study"


def test_run_in_labels_ended_by_a_full_stop_give_their_roles(vocab):
    # "Study Design. ... Objective. ...": labels as whole sentences, as some journals print them
    text = ("Study Design. A review of clinical series. Objective. To weigh marrow cells against "
            "cultured cells for disc pain. Summary of Background Data. No review has compared "
            "them. Methods. Four databases were searched. Results. Nine series qualified. "
            "Conclusion. Both products eased pain.")
    scan = scan_document(pub("Two cell products for disc pain", ("", text)), vocab)
    roles = {s.text: s.role for s in scan.sentences}
    assert roles["A review of clinical series."] == "methods"
    assert roles["No review has compared them."] == "background"
    assert roles["Nine series qualified."] == "results"
    assert roles["Both products eased pain."] == "conclusions"
    assert "Methods." not in roles  # a label is no sentence of the text
    # one sentence that happens to be a section name is not enough to cut a text
    lone = scan_document(pub("x", ("", "Results. We treated ten adults. Pain eased.")), vocab)
    assert {s.role for s in lone.sentences if s.role != "title"} == {"abstract"}


@pytest.mark.parametrize("aim", [
    "To compare two doses of marrow cells in adults with worn discs.",
    "Objective. To determine whether fat-derived cells relieve facet pain.",
])
def test_an_aim_told_by_an_opening_infinitive_is_the_study(vocab, aim):
    # in an unlabelled abstract the aim often comes first: it is the study's question, not its
    # background, even before any sentence that counts patients
    doc = pub("Cells for the spine", ("", f"{aim} Forty adults were treated. Pain eased."))
    got = stances(doc, vocab)
    assert got[aim.removeprefix("Objective. ")] == "study"
    # an infinitive later in a sentence is no aim ("trials are needed to compare ...")
    later = pub("Cells for the spine", ("", "Trials are needed to compare doses of marrow "
                                            "cells. Forty adults were treated."))
    assert stances(later, vocab)["Trials are needed to compare doses of marrow cells."] != "study"


def test_unlabelled_abstract_without_a_study_sentence_stays_the_study(vocab):
    doc = pub("Notes on disc repair", ("", "Disc cells age. Their matrix thins."))
    assert set(stances(doc, vocab).values()) == {"study"}


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("Earlier studies injected fat-derived cells into sheep discs.", "prior"),
        ("Other trials of steroid injections reported brief relief.", "prior"),
        ("Spinal fusion remains the gold standard for this disease.", "background"),
        ("Back pain is a leading cause of lost working days.", "background"),
        ("Cell-free products may become an option in the future.", "future"),
        ("Larger controlled trials are needed.", "future"),
        ("Further progress will probably come from gene editing of the disc.", "future"),
        ("Longer follow-up may be needed before the cells are used widely.", "future"),
        ("In this study, 20 patients received the cells.", "study"),
    ],
)
def test_cues_decide_in_an_objective_or_unlabelled_sentence(vocab, sentence, stance):
    doc = pub("A disc study", ("OBJECTIVE", sentence))
    assert stances(doc, vocab)[sentence] == stance


def test_background_cues_do_not_move_a_results_sentence(vocab):
    sentence = "No serious adverse events have been reported so far."
    doc = pub("A disc study", ("RESULTS", sentence))
    assert stances(doc, vocab)[sentence] == "study"


def test_a_sentence_turns_at_but_and_semicolons(vocab):
    doc = pub("A disc study", ("CONCLUSIONS",
                               "The injections were safe; controlled trials are needed."))
    scan = scan_document(doc, vocab)
    sentence = scan.sentences[-1]
    safe = sentence.tokens.norms.index("safe")
    needed = sentence.tokens.norms.index("needed")
    assert sentence.stance_at(safe) == "study"
    assert sentence.stance_at(needed) == "future"


def test_a_prior_work_cue_under_a_contrast_does_not_count(vocab):
    sentence = "Unlike previous studies, we injected the cells under imaging."
    doc = pub("A disc study", ("", sentence))
    assert stances(doc, vocab)[sentence] == "study"


def test_registry_fields_are_the_study_and_mentions_read_their_stance(vocab):
    doc = registration("Cells for disc pain", conditions=["Degenerative Disc Disease"],
                       brief_summary="Disc pain is a common burden. This trial tests cells.")
    scan = scan_document(doc, vocab)
    for m in scan.mentions:
        assert scan.stance(m) in STANCES
    cond = next(m for m in scan.tags("condition") if m.field == "registry:conditions")
    assert scan.stance(cond) == "study"


def test_an_uncued_sentence_that_counts_its_subjects_is_the_study(vocab):
    doc = pub("Marrow cells for a worn disc", (
        "", "Thirty-two adults with a worn lumbar disc had two injections of marrow cells. "
            "We followed them for a year."))
    got = stances(doc, vocab)
    assert got["Thirty-two adults with a worn lumbar disc had two injections of marrow cells."] \
        == "study"


def test_molecules_that_take_part_in_a_process_are_background(vocab):
    # "take part" is the study's only when people take part in it
    doc = pub("Disc cells under low oxygen", (
        "BACKGROUND", "Several cytokines take part in the migration of stromal cells. "
                      "Forty volunteers will take part in the trial."))
    got = stances(doc, vocab)
    assert got["Several cytokines take part in the migration of stromal cells."] == "background"
    assert got["Forty volunteers will take part in the trial."] == "study"


@pytest.mark.parametrize(("sentence", "stance"), [
    # what this study's participants reported, counted
    ("Serious adverse events were reported in 0.3%.", "study"),
    ("Relief was reported by 12 patients at one year.", "study"),
    ("Outcomes were reported for 40 of the 44 patients.", "study"),
    # what others reported
    ("Similar gains have been reported in the literature.", "prior"),
    ("As reported by others, discs lose water with age.", "prior"),
])
def test_reported_in_a_count_is_this_studys_finding(vocab, sentence, stance):
    doc = pub("Marrow concentrate for disc pain in a registry",
              ("METHODS", "We analysed 612 patients who received intradiscal marrow concentrate."),
              ("RESULTS", sentence))
    assert stances(doc, vocab)[sentence] == stance
