"""Some records carry an abstract cut short: the text stops mid-sentence in its results, before
any finding or conclusion ('Successful fusion, defined as grade A or'). The words that were
about to report a finding are not one. Each example is written here."""

from __future__ import annotations

from evidence.assess import assess
from evidence.result import extract_result
from evidence.text import scan_document
from tests.unit.evidence_docs import pub


def _result(vocab, *sections):
    scan = scan_document(pub("A viable-cell bone graft in lumbar fusion", *sections), vocab)
    decision = extract_result(scan, "case_series", "human", cell_study=True)
    return None if decision is None else decision.value


def test_a_results_section_cut_mid_sentence_reports_nothing(vocab):
    assert _result(
        vocab,
        ("METHODS", "We reviewed 80 patients fused with a cellular bone graft; radiographs were "
                    "read at the last visit."),
        ("RESULTS", "Patients had a mean of 2.3 levels fused. Solid fusion (bridging bone on "
                    "both sides or"),
    ) == "not_reported"


def test_the_same_section_ending_whole_reports_its_finding(vocab):
    assert _result(
        vocab,
        ("METHODS", "We reviewed 80 patients fused with a cellular bone graft; radiographs were "
                    "read at the last visit."),
        ("RESULTS", "Patients had a mean of 2.3 levels fused. Solid fusion was reached in 92% "
                    "of levels, and back pain improved significantly (p<0.001)."),
    ) == "benefit"


def test_a_conclusion_without_its_full_stop_still_concludes(vocab):
    assert _result(
        vocab,
        ("RESULTS", "Solid fusion was reached in 92% of levels."),
        ("CONCLUSIONS", "The graft gave high fusion rates and improved back pain significantly"),
    ) == "benefit"


def test_complications_before_the_cut_are_not_all_the_report_tells(vocab):
    sections = [("METHODS", "We reviewed 80 patients fused with a cellular bone graft."),
                ("RESULTS", "There were nine serious adverse events, among them two wound "
                            "infections and a pneumonia. Solid fusion (bridging bone on both "
                            "sides or")]
    assert _result(vocab, *sections) == "not_reported"
    # the same report ending whole: the complications are all it tells
    sections[1] = ("RESULTS", sections[1][1].rsplit(" Solid", 1)[0])
    assert _result(vocab, *sections) == "harm"


def test_a_finding_before_the_cut_sentence_s_last_comma_stands(vocab):
    assert _result(
        vocab,
        ("METHODS", "We reviewed 80 patients fused with a cellular bone graft."),
        ("RESULTS", "Fusion was graded on radiographs. Back pain improved significantly from "
                    "baseline (p<0.001), as did"),
    ) == "benefit"


def test_every_arm_improving_in_a_cut_abstract_is_not_reported(vocab):
    # the comparison that would judge the arms is lost with the end of the record; told whole,
    # every arm improving and nothing else is no difference
    results = ("Pain fell significantly in the cell group and in the saline group alike, up to "
               "12 months after injection (P")
    cut = pub("Intradiscal cells or saline", ("METHODS", "Patients were randomized."),
              ("RESULTS", results))
    assert assess(cut, vocab).result == "not_reported"
    whole = pub("Intradiscal cells or saline", ("METHODS", "Patients were randomized."),
                ("RESULTS", results.removesuffix(" (P") + "."))
    assert assess(whole, vocab).result == "no_difference"


def test_a_titles_aim_to_improve_is_no_finding_of_a_record_cut_before_its_results(vocab):
    for title in ("Giving G-CSF to improve neurological status in chronic spinal cord injury: "
                  "a randomized trial",
                  "Conditioned serum given epidurally for pain relief in lumbar disc disease: "
                  "a randomized trial"):
        doc = pub(title, ("METHODS", "One hundred patients were randomly assigned to the "
                                     "injections or to physiotherapy; scores were taken at 1, 3 "
                                     "and 6 months."))
        assert assess(doc, vocab).result in ("not_reported", None)


def test_a_title_that_states_an_improvement_still_reports_it(vocab):
    doc = pub("Intradiscal stromal cells improved pain for two years in a randomized trial",
              ("METHODS", "One hundred patients were randomly assigned to the cells or to "
                          "saline."))
    assert assess(doc, vocab).result == "benefit"
