"""The evidence map's counting and verdict rules (domain.md)."""

from __future__ import annotations

import json

import pytest

from evidence.evidence_map import (
    CELL_TYPES,
    CONDITIONS,
    LIMITED_RANDOMIZED,
    NO_STUDIES,
    NON_RANDOMIZED_ONLY,
    PRECLINICAL_ONLY,
    SEVERAL_RANDOMIZED,
    UNCONTROLLED_ONLY,
    EvidenceRules,
    build_map,
)


def pub(study_id: str, level: int | None, population: str = "human", size: int | None = None,
        cell_types=("msc",), conditions=("disc_degeneration",), retracted: int = 0,
        design: str = "") -> dict:
    return {"study_id": study_id, "kind": "publication", "cell_types": list(cell_types),
            "conditions": list(conditions), "design": design, "evidence_level": level,
            "population": population, "sample_size": size, "retracted": retracted,
            "status": None}


def reg(study_id: str, status: str, cell_types=("msc",), conditions=("disc_degeneration",)) -> dict:
    return {"study_id": study_id, "kind": "registration", "cell_types": list(cell_types),
            "conditions": list(conditions), "design": "rct", "evidence_level": None,
            "population": "human", "sample_size": 100, "retracted": 0, "status": status}


def link(a: str, b: str, relation: str) -> dict:
    return {"study_id": a, "other_study_id": b, "relation": relation}


def msc_dd(studies, links=(), rules=None):
    return build_map(list(studies), list(links), rules or EvidenceRules()).cell(
        "msc", "disc_degeneration")


def test_grid_covers_the_vocabulary_even_when_empty():
    evidence_map = build_map([], [], EvidenceRules())
    assert evidence_map.cell_types == list(CELL_TYPES)
    assert evidence_map.conditions == list(CONDITIONS)
    assert len(evidence_map.cells) == len(CELL_TYPES) * len(CONDITIONS)
    assert all(cell.verdict == NO_STUDIES for cell in evidence_map.cells.values())


def test_values_outside_the_vocabulary_get_their_own_row_after_it():
    evidence_map = build_map([pub("pmid:1", 4, cell_types=["zz_new"])], [], EvidenceRules())
    assert evidence_map.cell_types[-1] == "zz_new"
    assert evidence_map.cell("zz_new", "disc_degeneration").verdict == UNCONTROLLED_ONLY


def test_no_studies():
    cell = msc_dd([pub("pmid:1", 2, conditions=["disc_herniation"])])
    assert cell.verdict == NO_STUDIES
    assert cell.best_level is None


def test_registrations_alone_are_not_studies_but_are_counted():
    cell = msc_dd([reg("nct:NCT1", "RECRUITING"), reg("nct:NCT2", "COMPLETED")])
    assert cell.verdict == NO_STUDIES
    assert cell.registrations == 2
    assert cell.ongoing_trials == 1
    assert cell.completed_unpublished == 1


def test_preclinical_only():
    cell = msc_dd([pub("pmid:1", 5, population="animal"), pub("pmid:2", 5, "in_vitro")])
    assert cell.verdict == PRECLINICAL_ONLY
    assert cell.levels[5] == 2
    assert cell.best_level == 5


def test_an_animal_study_is_preclinical_whatever_its_design():
    cell = msc_dd([pub("pmid:1", 2, population="animal", size=40, design="rct")])
    assert cell.verdict == PRECLINICAL_ONLY
    assert cell.rcts == 0
    assert cell.levels[2] == 0 and cell.levels[5] == 1


def test_uncontrolled_only():
    cell = msc_dd([pub("pmid:1", 4), pub("pmid:2", 4), pub("pmid:3", 5, "animal")])
    assert cell.verdict == UNCONTROLLED_ONLY
    assert cell.best_level == 4
    assert cell.levels == {1: 0, 2: 0, 3: 0, 4: 2, 5: 1}


def test_non_randomized_controlled_only():
    cell = msc_dd([pub("pmid:1", 3, size=80), pub("pmid:2", 4)])
    assert cell.verdict == NON_RANDOMIZED_ONLY
    assert cell.randomized_participants == 0


def test_systematic_review_without_rct_is_not_randomized_evidence():
    cell = msc_dd([pub("pmid:1", 1, size=900), pub("pmid:2", 4)])
    assert cell.verdict == NON_RANDOMIZED_ONLY
    assert cell.best_level == 1


def test_limited_randomized_one_rct():
    cell = msc_dd([pub("pmid:1", 2, size=1000)])
    assert cell.verdict == LIMITED_RANDOMIZED
    assert cell.rcts == 1 and cell.randomized_participants == 1000


def test_limited_randomized_two_small_rcts():
    cell = msc_dd([pub("pmid:1", 2, size=100), pub("pmid:2", 2, size=199)])
    assert cell.verdict == LIMITED_RANDOMIZED
    assert cell.randomized_participants == 299


def test_several_randomized_at_the_threshold():
    cell = msc_dd([pub("pmid:1", 2, size=100), pub("pmid:2", 2, size=200)])
    assert cell.verdict == SEVERAL_RANDOMIZED


def test_thresholds_are_configurable():
    studies = [pub("pmid:1", 2, size=100), pub("pmid:2", 2, size=200)]
    strict = EvidenceRules(min_rcts=3, min_randomized_participants=300)
    assert msc_dd(studies, rules=strict).verdict == LIMITED_RANDOMIZED
    lenient = EvidenceRules.from_config({"min_rcts": 1, "min_randomized_participants": 50})
    assert msc_dd(studies[:1], rules=lenient).verdict == SEVERAL_RANDOMIZED


def test_bad_threshold_config_is_refused():
    with pytest.raises(ValueError, match="min_rcts"):
        EvidenceRules.from_config({"min_rcts": "two"})


def test_unknown_population_at_a_clinical_level_is_not_counted():
    cell = msc_dd([pub("pmid:1", 2, population="unknown", size=500)])
    assert cell.verdict == NO_STUDIES
    assert cell.publications == 1 and cell.not_counted == 1


def test_retracted_publications_never_count():
    studies = [pub("pmid:1", 2, size=200), pub("pmid:2", 2, size=400, retracted=1)]
    cell = msc_dd(studies)
    assert cell.verdict == LIMITED_RANDOMIZED
    assert cell.rcts == 1 and cell.randomized_participants == 200
    assert cell.retracted == 1 and cell.publications == 1
    only_retracted = msc_dd([pub("pmid:2", 2, size=400, retracted=1)])
    assert only_retracted.verdict == NO_STUDIES


def test_reports_sharing_a_registration_count_as_one_trial():
    studies = [pub("pmid:1", 2, size=150), pub("pmid:2", 2, size=180), pub("pmid:3", 2, size=100),
               reg("nct:NCT9", "COMPLETED")]
    links = [link("pmid:1", "nct:NCT9", "registered_as"),
             link("pmid:2", "nct:NCT9", "registered_as")]
    cell = msc_dd(studies, links)
    assert cell.rcts == 2  # pmid:1 + pmid:2 are one trial
    assert cell.randomized_participants == 180 + 100  # the larger report of the shared trial
    assert cell.verdict == LIMITED_RANDOMIZED
    assert cell.completed_unpublished == 0  # it has published reports


def test_same_trial_links_take_the_best_level_and_max_participants():
    studies = [pub("pmid:1", 3, size=320), pub("doi:10.1/x", 2, size=300),
               pub("pmid:5", 2, size=20)]
    links = [link("pmid:1", "doi:10.1/x", "same_trial"), link("doi:10.1/x", "pmid:1", "same_trial")]
    cell = msc_dd(studies, links)
    assert cell.levels == {1: 0, 2: 2, 3: 0, 4: 0, 5: 0}
    assert cell.randomized_participants == 320 + 20
    assert cell.verdict == SEVERAL_RANDOMIZED


def test_dedup_is_transitive_through_registration_of_links():
    studies = [pub("pmid:1", 2, size=200), pub("pmid:2", 2, size=200), pub("pmid:3", 2, size=200)]
    links = [link("nct:NCT1", "pmid:1", "registration_of"),
             link("pmid:2", "nct:NCT1", "same_trial"), link("pmid:3", "pmid:2", "same_trial")]
    cell = msc_dd(studies, links)
    assert cell.rcts == 1 and cell.verdict == LIMITED_RANDOMIZED


def test_other_relations_do_not_merge_trials():
    studies = [pub("pmid:1", 1, size=500), pub("pmid:2", 2, size=200), pub("pmid:3", 2, size=200)]
    links = [link("pmid:1", "pmid:2", "includes"), link("pmid:1", "pmid:3", "includes")]
    cell = msc_dd(studies, links)
    assert cell.rcts == 2 and cell.levels[1] == 1
    assert cell.verdict == SEVERAL_RANDOMIZED


def test_ongoing_and_unpublished_registrations():
    studies = [reg("nct:NCT1", "RECRUITING"), reg("nct:NCT2", "NOT_YET_RECRUITING"),
               reg("nct:NCT3", "ACTIVE_NOT_RECRUITING"), reg("nct:NCT4", "ENROLLING_BY_INVITATION"),
               reg("nct:NCT5", "COMPLETED"), reg("nct:NCT6", "COMPLETED"),
               reg("nct:NCT7", "TERMINATED"), reg("nct:NCT8", "WITHDRAWN"),
               pub("pmid:1", 4)]
    cell = msc_dd(studies, [link("nct:NCT6", "pmid:1", "registration_of")])
    assert cell.ongoing_trials == 4
    assert cell.completed_unpublished == 1
    assert cell.registrations == 8
    assert cell.verdict == UNCONTROLLED_ONLY


def test_a_study_counts_in_every_pair_it_is_tagged_with_and_json_text_is_read():
    study = pub("pmid:1", 2, size=120)
    study["cell_types"] = json.dumps(["msc", "bmac"])
    study["conditions"] = json.dumps(["disc_degeneration", "low_back_pain"])
    evidence_map = build_map([study], [], EvidenceRules())
    for key in [("msc", "disc_degeneration"), ("msc", "low_back_pain"),
                ("bmac", "disc_degeneration"), ("bmac", "low_back_pain")]:
        assert evidence_map.cells[key].rcts == 1
    assert evidence_map.cell("hsc", "low_back_pain").verdict == NO_STUDIES


def test_as_dict_is_json_ready():
    data = build_map([pub("pmid:1", 2, size=10)], [], EvidenceRules()).as_dict()
    text = json.dumps(data)
    assert '"min_rcts": 2' in text
    first = data["cells"][0]
    assert first["cell_type"] == "msc" and first["condition"] == "disc_degeneration"
    assert first["levels"]["2"] == 1
