"""The bundled sample corpus (crawlers/sample_corpus) parses, is clearly sample data and its
labels resolve."""

import glob
import hashlib
import json
import os
import re
import xml.etree.ElementTree as ET

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CORPUS = os.path.join(ROOT, "crawlers", "sample_corpus")
SHARED = os.path.abspath(os.path.join(ROOT, "..", "shared"))
SENTENCE = "Sample record written for the stemspine demo; not a real study."

VOCAB = {
    "cell_type": [
        "msc",
        "hsc",
        "bmac",
        "svf",
        "disc_cells",
        "chondrocytes",
        "ipsc",
        "esc",
        "cell_free",
        "other_stem_cells",
    ],
    "cell_source": [
        "bone_marrow",
        "adipose",
        "umbilical_cord",
        "placenta",
        "disc",
        "synovium",
        "peripheral_blood",
        "dental_pulp",
        "other",
    ],
    "donor": ["autologous", "allogeneic", "xenogeneic"],
    "processing": ["culture_expanded", "minimally_manipulated"],
    "condition": [
        "disc_degeneration",
        "disc_herniation",
        "spinal_stenosis",
        "spinal_osteoarthritis",
        "low_back_pain",
        "spondylolisthesis",
        "spinal_fusion",
        "spinal_cord_injury",
        "vertebral_fracture",
        "other_spine",
    ],
    "delivery": [
        "intradiscal",
        "facet",
        "epidural",
        "intraosseous",
        "surgical_implant",
        "intrathecal",
        "intravenous",
    ],
    "guidance": ["fluoroscopy", "ct", "ultrasound", "mri"],
    "outcome": ["pain", "function", "imaging", "surgery", "adverse_events", "quality_of_life"],
}
DESIGNS = [
    "systematic_review",
    "rct",
    "non_randomized_controlled",
    "cohort",
    "case_control",
    "case_series",
    "case_report",
    "preclinical_animal",
    "in_vitro",
    "narrative_review",
    "protocol",
    "guideline",
    "editorial",
    "other",
]
POPULATIONS = ["human", "animal", "in_vitro", "unknown"]
RESULTS = ["benefit", "no_difference", "mixed", "harm", "safety_only", "not_reported"]
WITH_RESULT = ["rct", "non_randomized_controlled", "cohort", "case_control", "case_series",
               "case_report"]
KEYS = [
    "key",
    "title",
    "cell_type",
    "cell_source",
    "donor",
    "processing",
    "condition",
    "delivery",
    "guidance",
    "outcome",
    "design",
    "population",
    "evidence_level",
    "sample_size",
    "result",
    "followup_months",
    "retracted",
    "links",
    "real",
    "notes",
]

PMID_RE = re.compile(r"^999000(0[1-9]|[1-9]\d)$")  # 99900001-99900099
NCT_RE = re.compile(r"^NCT099900(0[1-9]|[1-9]\d)$")  # NCT09990001-NCT09990099
DOI_RE = re.compile(r"^10\.99998/sample\.\d+$")
PMC_RE = re.compile(r"^PMC99900\d{3}$")
PPR_RE = re.compile(r"^PPR99900\d{3}$")


def files(sub, ext):
    return sorted(glob.glob(os.path.join(CORPUS, sub, "*." + ext)))


def text(el):
    return "".join(el.itertext()) if el is not None else ""


def pubmed_articles():
    for path in files("pubmed", "xml"):
        for art in ET.parse(path).getroot().findall("PubmedArticle"):
            yield path, art


def epmc_results():
    for path in files("europepmc", "json"):
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        for r in data["resultList"]["result"] if "resultList" in data else [data]:
            yield path, r


def ct_studies():
    for path in files("clinicaltrials", "json"):
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        for s in data["studies"] if "studies" in data else [data]:
            yield path, s


def labels():
    with open(os.path.join(CORPUS, "labels.jsonl"), encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_layout_and_every_file_parses():
    assert os.path.isfile(os.path.join(CORPUS, "README.md"))
    assert files("pubmed", "xml") and files("europepmc", "json") and files("clinicaltrials", "json")
    for path in files("pubmed", "xml"):
        root = ET.parse(path).getroot()
        assert root.tag == "PubmedArticleSet"
        with open(path, encoding="utf-8") as fh:
            head = fh.read(400)
        assert (
            head.startswith("<?xml")
            and "<!DOCTYPE PubmedArticleSet" in head
            and "pubmed_250101.dtd" in head
        )
        assert root.findall("PubmedArticle")
    for path in files("europepmc", "json"):
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        assert data["request"]["resultType"] == "core" and data["resultList"]["result"]
    for path in files("clinicaltrials", "json"):
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        for s in data["studies"] if "studies" in data else [data]:
            assert {"protocolSection", "derivedSection", "hasResults"} <= set(s)


def test_every_abstract_and_summary_ends_with_the_sample_sentence():
    for path, art in pubmed_articles():
        abstract = art.find("MedlineCitation/Article/Abstract")
        if abstract is not None:
            parts = [text(a) for a in abstract.findall("AbstractText")]
            assert parts[-1].rstrip().endswith(SENTENCE), (
                path,
                art.findtext("MedlineCitation/PMID"),
            )
        journal = art.findtext("MedlineCitation/Article/Journal/Title")
        assert "stemspine sample data" in journal
    for path, r in epmc_results():
        assert r["abstractText"].rstrip().endswith(SENTENCE), (path, r["id"])
    for path, s in ct_studies():
        desc = s["protocolSection"]["descriptionModule"]
        assert desc["briefSummary"].rstrip().endswith(SENTENCE), path
        if "detailedDescription" in desc:
            assert desc["detailedDescription"].rstrip().endswith(SENTENCE), path


def all_ids():
    """Every identifier in the corpus files, as (kind, value)."""
    ids = []
    for _path, art in pubmed_articles():
        mc = art.find("MedlineCitation")
        ids.append(("pmid", mc.findtext("PMID")))
        ids += [("pmid", p.text) for p in mc.iter("PMID")]
        ids += [("nct", a.text) for a in mc.iter("AccessionNumber")]
        ids += [
            ("nct", n)
            for n in re.findall(r"NCT\d{8}", " ".join(text(a) for a in mc.iter("AbstractText")))
        ]
        kinds = {"pubmed": "pmid", "doi": "doi", "pmc": "pmcid"}
        ids += [(kinds[a.get("IdType")], a.text) for a in art.iter("ArticleId")]
        ids += [("doi", e.text) for e in mc.iter("ELocationID") if e.get("EIdType") == "doi"]
    for _path, r in epmc_results():
        for k, kind in (("pmid", "pmid"), ("doi", "doi"), ("pmcid", "pmcid")):
            if r.get(k):
                ids.append((kind, r[k]))
        ids.append(
            (
                "ppr" if r["source"] == "PPR" else "pmcid" if r["source"] == "PMC" else "pmid",
                r["id"],
            )
        )
    for _path, s in ct_studies():
        ps = s["protocolSection"]
        ids.append(("nct", ps["identificationModule"]["nctId"]))
        ids += [
            ("pmid", ref["pmid"])
            for ref in ps.get("referencesModule", {}).get("references", [])
            if ref.get("pmid")
        ]
    return ids


def test_every_identifier_is_in_the_sample_ranges():
    check = {"pmid": PMID_RE, "nct": NCT_RE, "doi": DOI_RE, "pmcid": PMC_RE, "ppr": PPR_RE}
    ids = all_ids()
    assert len(ids) > 50
    for kind, value in ids:
        v = value.lower() if kind == "doi" else value
        assert check[kind].match(v), (kind, value)


def test_labels_have_the_dev_corpus_keys_and_canonical_slugs():
    labs = labels()
    assert 30 <= len(labs) <= 60
    assert len({lab["key"] for lab in labs}) == len(labs)
    for lab in labs:
        keys = list(lab)
        if "result_note" in keys:  # optional, right after followup_months, never empty
            assert keys.index("result_note") == keys.index("followup_months") + 1, lab["key"]
            assert lab["result_note"].strip(), lab["key"]
            keys.remove("result_note")
        assert keys == KEYS, lab["key"]
        for facet, slugs in VOCAB.items():
            assert isinstance(lab[facet], list) and len(set(lab[facet])) == len(lab[facet]), (
                lab["key"],
                facet,
            )
            assert set(lab[facet]) <= set(slugs), (lab["key"], facet, lab[facet])
        assert lab["design"] in DESIGNS and lab["population"] in POPULATIONS
        assert lab["evidence_level"] in (None, 1, 2, 3, 4, 5)
        assert lab["real"] is False and isinstance(lab["retracted"], bool)
        assert lab["sample_size"] is None or isinstance(lab["sample_size"], int)
        if (
            lab["key"].startswith("nct:")
            or lab["design"] in ("protocol", "editorial")
            or lab["retracted"]
        ):
            assert lab["evidence_level"] is None, lab["key"]


def test_label_keys_resolve_to_records_and_links_are_symmetric():
    present = {(k, v.lower() if k == "doi" else v) for k, v in all_ids()}
    labs = labels()
    bykey = {lab["key"]: lab for lab in labs}
    for lab in labs:
        kind, _, value = lab["key"].partition(":")
        assert (kind, value) in present, lab["key"]
        for other in lab["links"]:
            assert other in bykey, (lab["key"], other)
            assert lab["key"] in bykey[other]["links"], (lab["key"], other)


def test_dedup_cases_are_present():
    epmc = [r for _, r in epmc_results()]
    pubmed_pmids = {art.findtext("MedlineCitation/PMID") for _, art in pubmed_articles()}
    assert any(r["source"] == "MED" and r["pmid"] in pubmed_pmids for r in epmc)
    assert any(r["source"] == "PMC" and not r.get("pmid") for r in epmc)
    assert sum(r["source"] == "PPR" for r in epmc) == 2
    retracted = [lab for lab in labels() if lab["retracted"]]
    assert len(retracted) == 1 and retracted[0]["links"]


def test_script_text_survives_parsing_as_literal_text():
    titles = [
        text(art.find("MedlineCitation/Article/ArticleTitle")) for _, art in pubmed_articles()
    ]
    assert any("<script>alert(1)</script>" in t for t in titles)


@pytest.mark.skipif(not os.path.isdir(SHARED), reason="no ../shared next to the repository")
def test_no_file_is_a_copy_of_a_shared_file():
    def sha(path):
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()

    shared = set()
    for dirpath, _, names in os.walk(SHARED):
        for n in names:
            p = os.path.join(dirpath, n)
            if os.path.isfile(p) and not os.path.islink(p):
                shared.add(sha(p))
    for dirpath, _, names in os.walk(CORPUS):
        for n in names:
            assert sha(os.path.join(dirpath, n)) not in shared, n


def test_result_labels_follow_the_rule_of_who_gets_a_result():
    """domain.md "What a study found": human primary studies and systematic reviews of human
    studies get a result; registrations and everything else get none."""
    labs = labels()
    for lab in labs:
        gets = (not lab["key"].startswith("nct:") and lab["population"] == "human"
                and lab["design"] in (*WITH_RESULT, "systematic_review"))
        if gets:
            assert lab["result"] in RESULTS, lab["key"]
        else:
            assert lab["result"] is None, lab["key"]
        months = lab["followup_months"]
        assert months is None or (isinstance(months, int) and months > 0), lab["key"]
        if lab["population"] in ("animal", "in_vitro") or lab["sample_size"] == 0:
            assert months is None, lab["key"]
    assert sum(lab["result"] is not None for lab in labs) >= 20
