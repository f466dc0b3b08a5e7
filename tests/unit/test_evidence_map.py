"""The evidence map's counting and verdict rules (domain.md), with the rule read from its YAML."""

from __future__ import annotations

import json

import pytest
import yaml

from evidence.evidence_map import (
    CELL_TYPES,
    CONDITIONS,
    RULES_FILE,
    EvidenceRules,
    build_map,
)

CONFIG = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
RULES = EvidenceRules.from_config(CONFIG)
NO_STUDIES, REGISTERED_ONLY, PRECLINICAL_ONLY, REVIEWS_ONLY = (
    "no_studies", "registered_only", "preclinical_only", "reviews_only")
UNCONTROLLED_ONLY, NON_RANDOMIZED_ONLY, LIMITED_RANDOMIZED = (
    "uncontrolled_only", "non_randomized_only", "limited_randomized")
BENEFIT, NO_BENEFIT, MIXED = "randomized_benefit", "randomized_no_benefit", "randomized_mixed"


def rules_with(**thresholds) -> EvidenceRules:
    return EvidenceRules.from_config({**CONFIG, "thresholds": {**CONFIG["thresholds"],
                                                               **thresholds}})


def pub(study_id: str, level: int | None, population: str = "human", size: int | None = None,
        cell_types=("msc",), conditions=("disc_degeneration",), retracted: int = 0,
        design: str = "", result: str | None = "benefit", year: int = 2020) -> dict:
    return {"study_id": study_id, "kind": "publication", "cell_types": list(cell_types),
            "conditions": list(conditions), "design": design, "evidence_level": level,
            "population": population, "sample_size": size, "retracted": retracted,
            "status": None, "result": result, "year": year}


def reg(study_id: str, status: str, cell_types=("msc",), conditions=("disc_degeneration",),
        has_results: int = 0) -> dict:
    return {"study_id": study_id, "kind": "registration", "cell_types": list(cell_types),
            "conditions": list(conditions), "design": "rct", "evidence_level": None,
            "population": "human", "sample_size": 100, "retracted": 0, "status": status,
            "has_results": has_results}


def link(a: str, b: str, relation: str) -> dict:
    return {"study_id": a, "other_study_id": b, "relation": relation}


def msc_dd(studies, links=(), rules=None):
    return build_map(list(studies), list(links), rules or RULES).cell(
        "msc", "disc_degeneration")


def test_grid_covers_the_vocabulary_even_when_empty():
    evidence_map = build_map([], [], RULES)
    assert evidence_map.cell_types == list(CELL_TYPES)
    assert evidence_map.conditions == list(CONDITIONS)
    assert len(evidence_map.cells) == len(CELL_TYPES) * len(CONDITIONS)
    assert all(cell.verdict_key == NO_STUDIES for cell in evidence_map.cells.values())


def test_values_outside_the_vocabulary_get_their_own_row_after_it():
    evidence_map = build_map([pub("pmid:1", 4, cell_types=["zz_new"])], [], RULES)
    assert evidence_map.cell_types[-1] == "zz_new"
    assert evidence_map.cell("zz_new", "disc_degeneration").verdict_key == UNCONTROLLED_ONLY


def test_no_studies():
    cell = msc_dd([pub("pmid:1", 2, conditions=["disc_herniation"])])
    assert cell.verdict_key == NO_STUDIES
    assert cell.best_level is None


def test_registrations_alone_are_not_studies_but_are_counted():
    cell = msc_dd([reg("nct:NCT1", "RECRUITING"), reg("nct:NCT2", "COMPLETED")])
    assert cell.verdict_key == REGISTERED_ONLY
    assert cell.verdict == "no published studies: 2 registered"
    assert cell.registrations == 2
    assert cell.ongoing_trials == 1
    assert cell.unpublished_trials == 1


def test_preclinical_only():
    cell = msc_dd([pub("pmid:1", 5, population="animal"), pub("pmid:2", 5, "in_vitro")])
    assert cell.verdict_key == PRECLINICAL_ONLY
    assert cell.levels[5] == 2
    assert cell.best_level == 5


def test_an_animal_study_is_preclinical_whatever_its_design():
    cell = msc_dd([pub("pmid:1", 2, population="animal", size=40, design="rct")])
    assert cell.verdict_key == PRECLINICAL_ONLY
    assert cell.rcts == 0
    assert cell.levels[2] == 0 and cell.levels[5] == 1


def test_uncontrolled_only():
    cell = msc_dd([pub("pmid:1", 4), pub("pmid:2", 4), pub("pmid:3", 5, "animal")])
    assert cell.verdict_key == UNCONTROLLED_ONLY
    assert cell.best_level == 4
    assert cell.levels == {1: 0, 2: 0, 3: 0, 4: 2, 5: 1}


def test_non_randomized_controlled_only():
    cell = msc_dd([pub("pmid:1", 3, size=80), pub("pmid:2", 4)])
    assert cell.verdict_key == NON_RANDOMIZED_ONLY
    assert cell.randomized_participants == 0


def test_a_review_never_makes_the_verdict():
    cell = msc_dd([pub("pmid:1", 1, size=900), pub("pmid:2", 4)])
    assert cell.verdict_key == UNCONTROLLED_ONLY
    assert cell.best_level == 1 and cell.levels[1] == 1


def test_one_review_tagged_with_three_cell_types_colours_no_row():
    review = pub("pmid:1", 1, size=900, cell_types=["msc", "bmac", "svf"])
    evidence_map = build_map([review, pub("pmid:2", 4, cell_types=["bmac"])], [], RULES)
    assert evidence_map.cell("msc", "disc_degeneration").verdict_key == REVIEWS_ONLY
    assert evidence_map.cell("svf", "disc_degeneration").colour == "reviews"
    assert evidence_map.cell("bmac", "disc_degeneration").verdict_key == UNCONTROLLED_ONLY


def test_limited_randomized_one_rct():
    cell = msc_dd([pub("pmid:1", 2, size=1000)])
    assert cell.verdict_key == LIMITED_RANDOMIZED
    assert cell.rcts == 1 and cell.randomized_participants == 1000


def test_limited_randomized_two_small_rcts():
    cell = msc_dd([pub("pmid:1", 2, size=100), pub("pmid:2", 2, size=199)])
    assert cell.verdict_key == LIMITED_RANDOMIZED
    assert cell.randomized_participants == 299


def test_several_randomized_at_the_threshold():
    cell = msc_dd([pub("pmid:1", 2, size=100), pub("pmid:2", 2, size=200)])
    assert cell.verdict_key == BENEFIT
    assert cell.verdict == "randomized evidence: benefit shown"
    assert cell.colour == "benefit"


def test_two_negative_rcts_read_no_benefit_shown():
    cell = msc_dd([pub("pmid:1", 2, size=150, result="no_difference"),
                   pub("pmid:2", 2, size=200, result="no_difference"),
                   pub("pmid:3", 4, size=20, result="benefit")])
    assert cell.verdict_key == NO_BENEFIT
    assert cell.colour == "no_benefit"
    assert cell.rct_results == {"no_difference": 2}
    assert cell.uncontrolled_results == {"benefit": 1}


def test_rcts_pointing_both_ways_read_mixed():
    cell = msc_dd([pub("pmid:1", 2, size=150, result="benefit"),
                   pub("pmid:2", 2, size=200, result="no_difference")])
    assert cell.verdict_key == MIXED


def test_an_rct_without_a_result_does_not_block_benefit():
    cell = msc_dd([pub("pmid:1", 2, size=150, result="benefit"),
                   pub("pmid:2", 2, size=200, result="benefit"),
                   pub("pmid:3", 2, size=400, result="not_reported")])
    assert cell.verdict_key == BENEFIT


def test_benefit_shown_needs_min_rcts_that_found_benefit():
    # the audit's case: one small RCT found benefit, a large one concluded on safety only
    cell = msc_dd([pub("pmid:1", 2, size=20, result="benefit"),
                   pub("pmid:2", 2, size=400, result="safety_only")])
    assert cell.verdict_key == LIMITED_RANDOMIZED
    assert "benefit shown" not in cell.verdict and "several" not in cell.verdict
    one_with_no_result = msc_dd([pub("pmid:1", 2, size=150, result="benefit"),
                                 pub("pmid:2", 2, size=200, result="not_reported")])
    assert one_with_no_result.verdict_key == LIMITED_RANDOMIZED


def test_benefit_shown_needs_the_participants_in_the_rcts_that_found_benefit():
    cell = msc_dd([pub("pmid:1", 2, size=20, result="benefit"),
                   pub("pmid:2", 2, size=30, result="benefit"),
                   pub("pmid:3", 2, size=400, result="safety_only")])
    assert cell.randomized_participants == 450
    assert cell.metrics()["rcts_benefit_participants"] == 50
    assert cell.verdict_key == LIMITED_RANDOMIZED


@pytest.mark.parametrize("results", [(None, "safety_only"), ("safety_only", "safety_only"),
                                     ("not_reported", "not_reported"), (None, None),
                                     ("safety_only", "not_reported", None)])
def test_rcts_without_an_efficacy_result_never_read_no_benefit(results):
    cell = msc_dd([pub(f"pmid:{n}", 2, size=300, result=result)
                   for n, result in enumerate(results, 1)])
    assert cell.verdict_key == LIMITED_RANDOMIZED
    assert cell.colour == "limited"
    assert cell.metrics()["rcts_with_result"] == 0


def test_no_benefit_counts_only_rcts_with_an_efficacy_result():
    # one negative RCT with a result and a large safety-only RCT: not enough for any verdict
    cell = msc_dd([pub("pmid:1", 2, size=100, result="no_difference"),
                   pub("pmid:2", 2, size=400, result="safety_only")])
    assert cell.verdict_key == LIMITED_RANDOMIZED
    # two negative RCTs, but too few participants in them (the safety-only one does not add)
    small = msc_dd([pub("pmid:1", 2, size=100, result="no_difference"),
                    pub("pmid:2", 2, size=100, result="harm"),
                    pub("pmid:3", 2, size=400, result="safety_only")])
    assert small.verdict_key == LIMITED_RANDOMIZED


@pytest.mark.parametrize("min_rcts", [1, 2, 3])
def test_verdicts_never_claim_several_trials(min_rcts):
    rules = rules_with(min_rcts=min_rcts, min_randomized_participants=10)
    for result in ("benefit", "no_difference"):
        cell = msc_dd([pub(f"pmid:{n}", 2, size=100, result=result)
                       for n in range(1, min_rcts + 1)], rules=rules)
        assert cell.verdict_key == (BENEFIT if result == "benefit" else NO_BENEFIT)
        assert "several" not in cell.verdict and "trials" not in cell.verdict
    for rule in rules.describe():
        assert "several" not in rule["verdict"]


def test_controlled_and_uncontrolled_results_are_counted_apart():
    cell = msc_dd([pub("pmid:1", 2, size=50, result="harm"),
                   pub("pmid:2", 3, size=60, result="mixed"),
                   pub("pmid:3", 4, result="benefit"), pub("pmid:4", 4, result="no_difference"),
                   pub("pmid:5", 1, result="benefit")])
    assert cell.controlled_results == {"harm": 1, "mixed": 1}
    assert cell.uncontrolled_results == {"benefit": 1, "no_difference": 1}
    assert cell.review_results == {"benefit": 1}
    assert cell.verdict_key == LIMITED_RANDOMIZED


def test_a_trial_speaks_with_its_most_informative_report():
    studies = [pub("pmid:1", 2, size=100, result="not_reported", year=2019),
               pub("pmid:2", 2, size=120, result="no_difference", year=2021),
               pub("pmid:3", 2, size=200, result="no_difference")]
    cell = msc_dd(studies, [link("pmid:1", "pmid:2", "same_trial")])
    assert cell.rct_results == {"no_difference": 2}
    assert sorted(cell.trials) == [["pmid:1", "pmid:2"], ["pmid:3"]]
    assert cell.randomized_participants == 320


def test_thresholds_are_configurable():
    studies = [pub("pmid:1", 2, size=100), pub("pmid:2", 2, size=200)]
    strict = rules_with(min_rcts=3)
    assert msc_dd(studies, rules=strict).verdict_key == LIMITED_RANDOMIZED
    lenient = rules_with(min_rcts=1, min_randomized_participants=50)
    assert msc_dd(studies[:1], rules=lenient).verdict_key == BENEFIT
    assert "1 or more RCTs found benefit, with 50 or more" in lenient.describe()[0]["explain"]


def test_bad_threshold_config_is_refused():
    with pytest.raises(ValueError, match="min_rcts"):
        rules_with(min_rcts="two")
    with pytest.raises(ValueError, match="unknown metric 'trials'"):
        EvidenceRules.from_config({"rules": [{"key": "a", "verdict": "a", "when": ["trials > 1"]},
                                             {"key": "b", "verdict": "b"}]})
    with pytest.raises(ValueError, match="cannot read condition"):
        EvidenceRules.from_config({"rules": [{"key": "a", "verdict": "a", "when": ["rcts"]},
                                             {"key": "b", "verdict": "b"}]})
    with pytest.raises(ValueError, match="fallback"):
        EvidenceRules.from_config({"rules": [{"key": "a", "verdict": "a", "when": ["rcts > 1"]}]})


def test_unknown_population_at_a_clinical_level_is_not_counted():
    cell = msc_dd([pub("pmid:1", 2, population="unknown", size=500)])
    assert cell.verdict_key == NO_STUDIES
    assert cell.publications == 1 and cell.not_counted == 1


def test_retracted_publications_never_count():
    studies = [pub("pmid:1", 2, size=200), pub("pmid:2", 2, size=400, retracted=1)]
    cell = msc_dd(studies)
    assert cell.verdict_key == LIMITED_RANDOMIZED
    assert cell.rcts == 1 and cell.randomized_participants == 200
    assert cell.retracted == 1 and cell.publications == 1
    only_retracted = msc_dd([pub("pmid:2", 2, size=400, retracted=1)])
    assert only_retracted.verdict_key == NO_STUDIES


def test_reports_sharing_a_registration_count_as_one_trial():
    studies = [pub("pmid:1", 2, size=150), pub("pmid:2", 2, size=180), pub("pmid:3", 2, size=100),
               reg("nct:NCT9", "COMPLETED")]
    links = [link("pmid:1", "nct:NCT9", "registered_as"),
             link("pmid:2", "nct:NCT9", "registered_as")]
    cell = msc_dd(studies, links)
    assert cell.rcts == 2  # pmid:1 + pmid:2 are one trial
    assert cell.randomized_participants == 180 + 100  # the larger report of the shared trial
    assert cell.verdict_key == LIMITED_RANDOMIZED
    assert cell.unpublished_trials == 0  # it has published reports


def test_same_trial_links_take_the_best_level_and_max_participants():
    studies = [pub("pmid:1", 3, size=320), pub("doi:10.1/x", 2, size=300),
               pub("pmid:5", 2, size=20)]
    links = [link("pmid:1", "doi:10.1/x", "same_trial"), link("doi:10.1/x", "pmid:1", "same_trial")]
    cell = msc_dd(studies, links)
    assert cell.levels == {1: 0, 2: 2, 3: 0, 4: 0, 5: 0}
    assert cell.randomized_participants == 320 + 20
    assert cell.verdict_key == BENEFIT


def test_dedup_is_transitive_through_registration_of_links():
    studies = [pub("pmid:1", 2, size=200), pub("pmid:2", 2, size=200), pub("pmid:3", 2, size=200)]
    links = [link("nct:NCT1", "pmid:1", "registration_of"),
             link("pmid:2", "nct:NCT1", "same_trial"), link("pmid:3", "pmid:2", "same_trial")]
    cell = msc_dd(studies, links)
    assert cell.rcts == 1 and cell.verdict_key == LIMITED_RANDOMIZED


def test_other_relations_do_not_merge_trials():
    studies = [pub("pmid:1", 1, size=500), pub("pmid:2", 2, size=200), pub("pmid:3", 2, size=200)]
    links = [link("pmid:1", "pmid:2", "includes"), link("pmid:1", "pmid:3", "includes")]
    cell = msc_dd(studies, links)
    assert cell.rcts == 2 and cell.levels[1] == 1
    assert cell.verdict_key == BENEFIT


def test_ongoing_and_unpublished_registrations():
    studies = [reg("nct:NCT1", "RECRUITING"), reg("nct:NCT2", "NOT_YET_RECRUITING"),
               reg("nct:NCT3", "ACTIVE_NOT_RECRUITING"), reg("nct:NCT4", "ENROLLING_BY_INVITATION"),
               reg("nct:NCT5", "COMPLETED"), reg("nct:NCT6", "COMPLETED"),
               reg("nct:NCT7", "TERMINATED"), reg("nct:NCT8", "WITHDRAWN"),
               reg("nct:NCT9", "TERMINATED", has_results=1), reg("nct:NCT10", "SUSPENDED"),
               reg("nct:NCT11", "COMPLETED", has_results=1), reg("nct:NCT12", "WITHDRAWN"),
               pub("pmid:1", 4), pub("pmid:2", 4)]
    cell = msc_dd(studies, [link("nct:NCT6", "pmid:1", "registration_of"),
                            link("pmid:2", "nct:NCT12", "registered_as")])
    assert cell.ongoing_trials == 4
    # completed, terminated or withdrawn with neither a publication nor posted results
    assert cell.unpublished_ids == ["nct:NCT5", "nct:NCT7", "nct:NCT8"]
    assert cell.unpublished_trials == 3
    assert cell.registrations == 12
    assert cell.verdict_key == UNCONTROLLED_ONLY


def test_a_study_counts_in_every_pair_it_is_tagged_with_and_json_text_is_read():
    study = pub("pmid:1", 2, size=120)
    study["cell_types"] = json.dumps(["msc", "bmac"])
    study["conditions"] = json.dumps(["disc_degeneration", "low_back_pain"])
    evidence_map = build_map([study], [], RULES)
    for key in [("msc", "disc_degeneration"), ("msc", "low_back_pain"),
                ("bmac", "disc_degeneration"), ("bmac", "low_back_pain")]:
        assert evidence_map.cells[key].rcts == 1
    assert evidence_map.cell("hsc", "low_back_pain").verdict_key == NO_STUDIES


def test_as_dict_is_json_ready():
    data = build_map([pub("pmid:1", 2, size=10)], [], RULES).as_dict()
    text = json.dumps(data)
    assert '"min_rcts": 2' in text
    assert data["rules"][-1]["verdict"] == "no studies"
    first = data["cells"][0]
    assert first["cell_type"] == "msc" and first["condition"] == "disc_degeneration"
    assert first["levels"]["2"] == 1
