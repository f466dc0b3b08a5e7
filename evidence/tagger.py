"""Multi-valued facet tags from a scanned document, with the rules that make them honest.

A tag describes **the administered product** (cell type, source, donor, processing, route,
guidance: what the study gives or tests, or the therapy a review reviews), **the studied
population** (condition) and **what the study measured for its participants** (outcome).
Rules (beyond "negated and contrasted mentions do not tag", done in ``evidence.text``):

- a record's own statements are the sentences about this study (``DocScan.stance``), and for a
  review also the prior work it reviews, for a guideline also what it recommends. A value of a
  product facet or a condition named only elsewhere (background, prior or future work) is
  dropped when the record's own statements name another value of the facet; a product named only
  as future work ("a model for testing MSCs") never tags. Outcomes come only from own statements;
- generic phrases ("stem cells", "discectomy", "infusion") count only when no specific value of
  the facet matched; tissue-graft words ("allograft") and "iliac crest" say whose or where cells
  come from only in a clause that names cells, and processing words only in a sentence part
  (split at ";", "but", ...) that does;
- a condition in the sentence part that reports an adverse event is not the studied condition,
  nor is a fusion in a study that grafts no cells, nor one named in a registration's outcome
  measures ("change in back and leg pain"); told in the results as what happened to
  participants ("one patient developed discitis"), it is an adverse-events outcome, unless it
  is the studied condition's own course ("recurrent herniation occurred in two"); what a
  patient presented with after the treatment ("three years later she presented with back
  pain") is such an event too;
- pain that names the studied condition ("adults with chronic low back pain") is not a pain
  outcome; imaging that guides a needle or confirms a diagnosis or eligibility, pain or imaging
  reported as an adverse event, a bare word among the keywords and an operation named outside
  the results are not outcomes; a narrative review's outcomes are what the studies it reviews
  found (a finding or prior-work sentence; an outcome word alone, "and complications: a
  review", is a topic, not a finding);
- imaging modalities listed with a guidance word ("guided by fluoroscopy, CT or ultrasound")
  are guidance;
- bone marrow concentrate and SVF are the product, not MSCs/HSCs, unless expansion is stated;
- in a review, MSCs said to be inside a concentrate or fraction ("SVF containing ASCs") are
  that product, while MSCs listed beside it are a product of their own;
- a cell-free product (exosomes, EVs, secretome) is ``cell_free`` only, outside reviews (stem
  cells a primary study also injects are a product of their own); exosomes
  named beside other cells are a product only where stem cells are their source ("exosomes
  derived from MSCs"), not where they come from the target tissue or act on the stem cells;
- "intramedullary" cells in a vertebral-fracture study (not a cord study) are intraosseous;
- a scan that shows who was included ("patients with stenosis on MRI") is not an outcome;
- human cells in an animal study are xenogeneic;
- in vitro work has no donor, processing, delivery, guidance or clinical outcome;
- editorials and notices measure nothing: no outcome tags;
- a primary study's cell injection into a disc condition with no route named is intradiscal,
  and whatever a fusion study tests without another route is a surgical implant;
- disc cells beside another product in animal or in vitro work are the target tissue, and the
  disc is a cell source only for disc-cell products;
- cells named only in the background or for the comparator arm of a study whose title names
  another therapy ("PRP versus steroid") are not its product, and cell types listed after
  "differentiated into" are lineages, not products;
- a route or guidance named only for prior work is not a primary study's own;
- lab work's conditions are not those of its tissue donors ("cells from patients undergoing
  discectomy for herniation"), and a model motivated by back pain does not study back pain;
- a fusion that is a later-surgery outcome is not the studied condition, and a bare operation
  word is an outcome only when told as an event among participants (a count, a rate, "later");
- the disc's own stem or progenitor cells ("NP-derived stem cells", "MSCs isolated from the
  nucleus pulposus") are disc cells and a product, also in lab work; disc cells come from the disc;
- a review's stem cells named only as the makers of its vesicles ("MSC-derived exosomes") are
  not a product it reviews, nor, in a review titled on vesicles alone, any cells named in a
  sentence with them; a vesicle-only product has no processing and no "donor cells";
- a processing word followed by "on" is attention ("researchers have concentrated on ..."),
  not processing;
- the terms a review searched for ("searched with these terms: ...") tag nothing, and a weak
  route word just before the cells it delivers ("epidural MSCs") is a route;
- a processing word after a bare "be" in the background ("MSCs can be cultured") is what cells
  can undergo, not this study's product (nor laboratory work: ``evidence.design``);
- a carrier word in the clause of an injection ("discs were injected with the gel seeded with
  MSCs") names an injected carrier, not an implant; guidance in the sentence that made an animal
  model ("discs punctured under fluoroscopic guidance") guided no product; a function word
  inside an imaging phrase ("functional radiographs") names the image; cells listed beside their
  vesicles ("implanted hUC-MSCs or EVs") are given too;
- a tissue inside a cell product's name ("the injectate was bone marrow concentrate") is its
  source; a donor word on a cell-free blood product ("autologous platelet-rich plasma") is not
  the cells' donor; subjects told as healthy ("healthy adult Beagle dogs") have no condition
  from the background.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Final

from evidence.sample_size import TENS_WORDS, words_to_int
from evidence.text import DocScan, Mention, Sentence
from evidence.vocabulary import TAG_FACETS

_ROLE_RANK: Final = {
    "title": 0,
    "registry": 1,
    "methods": 2,
    "objective": 3,
    "abstract": 4,
    "results": 5,
    "conclusions": 6,
    "keywords": 7,
    "mesh": 8,
    "background": 9,
}
_BACKGROUND_RULE: Final = (
    "cell_type", "cell_source", "donor", "processing", "condition", "delivery", "guidance"
)
_PRODUCT: Final = ("cell_type", "cell_source", "donor", "processing", "delivery", "guidance")
_REVIEWS: Final = ("systematic_review", "narrative_review", "guideline", "editorial", "other")
_HARM_SEEN_REACH: Final = 5  # words from a harm to the scan that showed it
_INDEX_TERMS: Final = ("mesh", "keywords", "registry:keywords")
_REGISTRY_PROSE: Final = ("registry:brief_summary", "registry:detailed_description")
_DISCUSSES_PRODUCTS: Final = ("narrative_review", "guideline", "editorial", "other")
_CONCENTRATE: Final = re.compile(r"(?i:concentrat)|\bBMAC\b")  # ("Bone Marrow Concentrate")
_GLIA: Final = ("ensheathing", "schwann")  # glial cells (see _without_listed_glia)
_GLIA_TISSUES: Final = ("olfactory", "sural", "nerve")  # the tissues they are taken from
_GLIA_ABBR_RE: Final = re.compile(r"(?i:schwann|ensheathing)\s+cells?\s*\(([A-Za-z]{2,6})\)")
_ENSHEATHING_ABBR: Final = frozenset(("OEC", "OECs"))
_MANUFACTURE_RULES: Final = re.compile(r"\bGMP\b|good manufacturing practice", re.IGNORECASE)
# designs whose subject is other people's work: what prior studies did is what they report
_REVIEWED_WORK: Final = ("systematic_review", "narrative_review", "guideline")
_FIXED_FIELDS: Final = ("title", "registry", "mesh", "keywords")
_CELL_WORDS: Final = frozenset(("cell", "cellular"))
# how far a donor word may stand before the bone graft it describes ("autologous iliac bone
# grafting"), and the words between them that make it a cell product instead ("autologous marrow
# cells on bone graft")
_GRAFT_REACH: Final = 2
_RECRUIT_REACH: Final = 2  # "recruits the host's own cells": the verb, an article, the donor word
_BONE_REACH: Final = 6  # "bone taken from the patient's own": the bone a donor word says whose
_TAKEN: Final = frozenset(("taken", "harvested", "obtained", "removed", "collected"))
_GRAFT_CELL_WORDS: Final = _CELL_WORDS | {"cells", "marrow", "aspirate", "concentrate", "stem"}
_CARRIED_ON: Final = frozenset(("on", "onto", "in", "into", "within"))  # cells "on" a graft
# what joins a cell product to the bone graft packed with it ("BMAC & allograft", "cells plus
# autograft"), and the verbs of a graft carrying the cells ("allograft infused with adult stem
# cells", at most _CO_GRAFT_REACH words on)
_CO_GRAFT_JOINS: Final = frozenset(("&", "+", "and", "with", "plus", "combined", "mixed", "on",
                                     "onto"))
_PACKED_IN: Final = frozenset(("soaked", "infused", "loaded", "seeded", "mixed", "combined",
                               "impregnated", "enriched", "augmented", "hydrated"))
_CO_GRAFT_REACH: Final = 4
# what a graft word names when one of these follows it ("allograft scaffolds", "autograft bone")
_GRAFT_MATERIALS: Final = frozenset((
    "bone", "chip", "chips", "scaffold", "scaffolds", "extender", "extenders", "material",
    "materials", "carrier", "carriers", "matrix", "matrices", "strut", "struts", "block",
    "blocks", "ring", "rings", "spacer", "spacers", "substitute", "substitutes"))
_WORD_RE: Final = re.compile(r"[a-z]+")
_CSF: Final = frozenset(("csf", "cerebrospinal"))
# words that name a cell product in a sentence about how it was prepared
_PRODUCT_WORDS: Final = _CELL_WORDS | {
    "aspirate", "concentrate", "lipoaspirate", "marrow", "fat", "preparation", "product",
    "graft", "suspension",
}
# tokens that may stand between the items of a list ("fluoroscopy, CT or ultrasound guidance")
_LIST_GLUE: Final = frozenset(
    ("and", "or", "under", "by", "with", "using", "either", "both", "image", "imaging")
)
_RESULT_ROLES: Final = ("results", "conclusions", "abstract")
_NARRATIVE: Final = ("narrative_review",)
# cues of evidence/result_cues.yaml that report a finding ("improved", "reduced")
_FINDING_CUES: Final = ("_finding", "_direction")
_TREATED_FOR_REACH: Final = 2  # "treatment for (lumbar) degenerative disc disease"
_CANDIDATE_REACH: Final = 3  # "candidates for (posterior lumbar) fusion"
_LINEAGE_REACH: Final = 6  # tokens after "differentiated into" that may list a lineage
# within _OPERATION_REACH tokens before a bare operation word: it happened to participants
_OPERATION_REACH: Final = 6
_EVENT_WORDS: Final = frozenset((
    "later", "subsequently", "eventually", "ultimately", "required", "requiring", "needed",
    "avoided", "rate", "no", "none", "any", "proportion", "percentage", "fewer", "more",
))
# adverse-context words that tell something happened to a participant ("developed discitis"),
# not that participants had it when included ("had sustained a spinal cord injury")
_EVENT_VERBS: Final = frozenset(("developed", "experienced", "occurred"))
# words that tell how an animal model was made ("discs were punctured", "degeneration induced")
_MODEL_WORDS: Final = frozenset(("puncture", "punctured", "puncturing", "induced", "induce",
                                 "induction", "created", "model", "injured", "injure", "injuring",
                                 "lesioned", "nucleotomy", "stabbed", "incised"))
_AGE_WORDS: Final = frozenset(("year", "month", "week", "day", "hour"))  # "a 40-year-old"
_POPULATION_WORDS: Final = frozenset(
    ("with", "for", "from", "of", "had", "has", "have", "having", "suffering", "experiencing",
     "whose")
)


def facet_mentions(
    scan: DocScan, design: str, population: str, *, measures_nothing: bool = False
) -> dict[str, list[Mention]]:
    """facet -> the mentions that support a tag, after every rule above.

    ``measures_nothing``: the record is an editorial, a notice or another non-study (no outcomes).
    """
    # what counts as this record's own statement: a review's is what prior studies did, a
    # guideline's also what should be done
    review = design in _REVIEWED_WORK
    own = {"study"} | ({"prior"} if review else set()) | (
        {"future"} if design == "guideline" else set()
    )
    sentences, single = scan.sentences, scan.sentence_stances

    def foreground(m: Mention) -> bool:
        k = m.sentence
        if k < 0:
            return True
        found = single[k]
        return (found if found is not None else sentences[k].stance_at(m.i)) in own

    adverse_cues = scan.cues("_adverse_context")
    adverse_parts = {
        (m.sentence, sentences[m.sentence].part(m.i))
        for m in adverse_cues if m.sentence >= 0 and m.role not in _FIXED_FIELDS
    } | {
        (m.sentence, sentences[m.sentence].part(m.i))
        for m in scan.cues("_results_event") if m.sentence >= 0 and m.role == "results"
        and not (m.i and sentences[m.sentence].tokens.norms[m.i - 1] in TENS_WORDS)
    }  # ("fifty-two patients" are not "two patients")
    by_facet: dict[str, list[Mention]] = {}
    values: dict[str, set[str]] = {}
    events: list[Mention] = []  # conditions told as what happened to participants
    listed = _search_terms(scan)
    for facet in TAG_FACETS:
        mentions = scan.tags(facet)
        if listed and mentions:
            mentions = [m for m in mentions if not m.i > listed.get(m.sentence, m.i)]
        if not mentions and facet != "guidance":
            by_facet[facet], values[facet] = mentions, set()
            continue
        if facet == "condition":
            # a registration's outcome measures say what is measured ("change in back and leg
            # pain"), not who is studied
            mentions = [m for m in mentions if m.field != "registry:outcomes"]
            if review:
                mentions = _beyond_index_terms(mentions, foreground)
            if adverse_parts:
                # "one patient developed a vertebral fracture": an event, not the population
                studied_ones = []
                treated_for = scan.cues("_treated_for")
                for m in mentions:
                    if m.sentence < 0 or (
                            (m.sentence, sentences[m.sentence].part(m.i)) not in adverse_parts
                    ) or any(c.sentence == m.sentence and c.j <= m.i <= c.j + _TREATED_FOR_REACH
                             for c in treated_for):
                        # (what the treatment was given for is the studied condition, even in
                        # the clause that tells what it then caused)
                        studied_ones.append(m)
                    else:
                        events.append(m)
                mentions = studied_ones
            mentions = _without_measured_pain(scan, mentions)
            mentions = _without_consequences(scan, mentions)
            # "mean ALP and LDH both rose": a laboratory value's letters, not a condition's
            mentions = [m for m in mentions if not _a_lab_value(scan, m)]
            if any(m.value == "disc_herniation" for m in mentions):
                # "thoracolumbar disk disease ... from a disc herniation": the umbrella word
                # names the herniation, not a degeneration besides it
                mentions = [m for m in mentions if not (
                    m.value == "disc_degeneration" and m.sentence >= 0 and tuple(
                        sentences[m.sentence].tokens.norms[m.i : m.j]) in _UMBRELLA_DISC)]
            changes = scan.cues("_direction")
            if changes:
                # "a reduction in disc bulge size": what changed is measured, not who was studied
                mentions = [m for m in mentions if not _changed_measure(scan, m, changes)]
            if any(m.value == "vertebral_fracture" for m in mentions) and any(
                    m.value == "spinal_cord_injury" for m in mentions):
                # "paraplegic since 1991 after a T4 vertebral fracture": how the cord was
                # injured, not a condition studied beside the injury
                mentions = [m for m in mentions if not (
                    m.value == "vertebral_fracture" and _injury_cause(scan, m, mentions))]
            candidate = scan.cues("_candidate")
            if candidate:
                # "candidates for lumbar fusion": the operation the product is tried instead of
                mentions = [m for m in mentions if not (m.value == "spinal_fusion" and any(
                    c.sentence == m.sentence and c.j <= m.i <= c.j + _CANDIDATE_REACH
                    for c in candidate))]
            if population == "in_vitro":
                mentions = _without_tissue_donors(scan, mentions)
        elif facet in ("donor", "cell_source"):
            mentions = [m for m in mentions if not m.generic or _clause_names_cells(scan, m)]
            if facet == "donor":
                # a graft word ("allografts") only in the record's own statements: "how
                # cell-based allografts work is not yet clear" names an open question
                mentions = [m for m in mentions if not m.generic or foreground(m)]
            if facet == "donor" and mentions:
                # "cellular allograft versus autograft": the comparator's graft is not whose
                # cells the product holds
                compared = scan.cues("_contrast", "comparison")
                if compared:
                    mentions = [m for m in mentions
                                if not (m.generic and _graft_compared(scan, m, compared))]
            if facet == "donor" and mentions:
                # "marrow concentrate & allograft", "allograft soaked in the concentrate": a
                # bone graft packed with the cells, not whose cells they are
                mentions = [m for m in mentions if not (m.generic and _co_graft(scan, m))]
            if facet == "cell_source" and mentions:
                # (not the tissue of what cells turn into: "MSCs can turn into nucleus
                # pulposus cells")
                mentions = _sources_of_cells(scan, _without_lineages(scan, mentions))
            if facet == "donor" and mentions:
                grafts = [c for c in scan.cues("_tissue_graft") if c.sentence >= 0]
                if grafts:
                    mentions = [m for m in mentions if not _on_tissue_graft(scan, m, grafts)]
            if facet == "donor" and mentions:
                drawn = scan.cues("_recruiting")
                if drawn:
                    mentions = [m for m in mentions if not _recruited(scan, m, drawn)]
        elif facet == "processing":
            # "MSCs can be cultured" in the background: what cells can undergo, not this
            # study's product
            mentions = [m for m in mentions if (not m.generic or (
                            _part_names_cells(scan, m) and not _figurative_preparation(scan, m)))
                        and not (scan.stance(m) == "background" and scan.after_bare_be(m))]
            if not review:
                # "preclinical work has shown that ASCs expanded ex vivo can be used": how
                # others prepared cells, not how this study's were (a background sentence that
                # presents the study's own product, "MPCs, a culture-expanded population", says
                # how it is made)
                products = {m.sentence for m in by_facet["cell_type"]}
                mentions = [m for m in mentions if foreground(m) or m.sentence in products]
        elif facet == "delivery":
            # a weak route word ("vertebroplasty", "infusion") counts only in the record's own
            # statements: "although vertebroplasty is widely used" is no route of this study
            mentions = [m for m in mentions if not m.generic or foreground(m)]
            if review:
                # "tissue engineering with scaffolds and cells": what a review surveys (a fusion
                # review still gets its route from the fusion bed, below)
                topics = _spans(scan.cues("_review_topic"))
                mentions = [m for m in mentions if m.role == "title" or not _overlaps(m, topics)]
            drugs = scan.cues("_co_therapy")
            if drugs and values.get("cell_type"):
                # "intravenous methylprednisolone" in a cell study: the route of another drug
                # given beside the cells (in a study of that drug, its route is the study's)
                mentions = [m for m in mentions if not any(
                    d.sentence == m.sentence and m.j <= d.i <= m.j + 1 for d in drugs)]
            # an injectable carrier, or a carrier word in the clause of an injection ("discs
            # were injected with the hydrogel seeded with MSCs")
            injectable = scan.cues("_injectable") + [
                c for c in scan.cues("_injection") if c.matched_text.lower() in _BY_NEEDLE]
            if injectable and any(_injected_carrier(scan, m, injectable) for m in mentions):
                # the study's carrier is injected: its scaffold words elsewhere name it too
                mentions = [m for m in mentions if not (
                    m.value == "surgical_implant" and m.matched_text.lower() in _CARRIERS)]
            if any(m.generic for m in mentions):
                # "a resolving epidural hematoma", "epidural fibrosis": a place, not a route
                mentions = [m for m in mentions if not (m.generic and _names_a_place(scan, m))]
                mentions = _routes_of_cells(scan, mentions)
                adverse = _adverse_starts(scan)
                if adverse:
                    # "one patient developed an epidural abscess": where a complication was
                    mentions = [m for m in mentions
                                if not (m.generic and _in_adverse_part(scan, m, adverse))]
            mentions = [m for m in mentions if not _lineage_target(scan, m)]
            if any(m.value == "intrathecal" for m in mentions) and scan.cues("_fluid_sampled"):
                mentions = [m for m in mentions if not _fluid_taken(scan, m)]
            cord = {c.sentence for c in scan.cues("_cord_target") if c.sentence >= 0}
            if cord:
                # "implanted at surgery into the injured cord": cells put into the cord at an
                # operation are no graft or scaffold placed during surgery
                mentions = [m for m in mentions if not (
                    m.value == "surgical_implant" and m.sentence in cord
                    and any(w in m.matched_text.lower() for w in _AT_OPERATION))]
        elif facet == "guidance":
            mentions += _listed_guidance(scan)
            if population == "animal":
                # "discs were punctured under fluoroscopic guidance": the model was made so, not
                # the product given
                mentions = [m for m in mentions if not _makes_the_model(scan, m)]
        elif facet == "cell_type":
            mentions = [m for m in _without_lineages(scan, mentions)
                        if not _a_word_named(scan, m) and not scan.a_likeness(m)
                        and not _a_marker_listed(scan, m)]
            if any(m.value in _DISC_RESIDENT for m in mentions):
                mentions = _disc_resident(scan, mentions)
            if any(m.value == "disc_cells" for m in mentions) and scan.cues("_cell_harm"):
                mentions = _without_suffering_cells(scan, mentions, review)
            if any(m.value in _CONCENTRATES for m in mentions):
                mentions = _without_harvested_tissue(scan, mentions)
            if any(m.value == "cell_free" for m in mentions):
                mentions = _cell_free_products(scan, mentions)
            if any(m.value in _PLURIPOTENT for m in mentions):
                mentions = _without_derived_progenitors(scan, mentions)
        # generic outcome and processing words are weighed by their sentence instead
        if facet not in ("outcome", "processing"):
            specific = [m for m in mentions if not m.generic]
            if specific and facet == "cell_type" and all(
                    m.value == "cell_free" for m in specific):
                # vesicles are no more specific name of "stem cells": cells listed beside them
                # are a product of their own ("stem cells and exosomes")
                specific = specific + [m for m in mentions
                                       if m.generic and _listed_with(scan, m, specific)]
            if not (specific and facet == "cell_type" and scan.has_future
                    and all(scan.stance(m) == "future" for m in specific)):
                # (a review's "stem cell therapy" stays beside a product it names only as
                # future work: "progress will come from cell-free exosome approaches")
                mentions = specific or mentions
        if facet in _BACKGROUND_RULE and mentions:
            # a product named only as future work is none of this study's (a review's, yes)
            if scan.has_future and facet in _PRODUCT and not review:
                mentions = [m for m in mentions if scan.stance(m) != "future"]
            if facet in ("delivery", "guidance") and not review:
                # a route or guidance named only for other people's work is theirs ("earlier,
                # intradiscal injections of MSCs did not help")
                mentions = [m for m in mentions if m.sentence < 0 or scan.stance(m) != "prior"]
        if facet == "cell_type" and mentions and any(
                m.role == "title" for m in scan.cues("_co_therapy")):
            # cells named only in the background or as the comparator of a study whose title
            # names another therapy ("PRP versus steroid ...": "stem cells are emerging
            # alternatives"; "control arms received saline or marrow concentrate") are not its
            # product
            arms = [c for c in scan.cues("_comparison", "arms") if c.role != "title"]
            if not any(foreground(m) and not _after_arm(m, arms) for m in mentions):
                mentions = []
        if facet == "condition" and mentions and not any(foreground(m) for m in mentions) and any(
                foreground(c) for c in scan.cues("_healthy_subjects")):
            # "eight healthy adult Beagle dogs": the disease of the background is not theirs
            mentions = []
        found = {m.value for m in mentions}
        if facet in _BACKGROUND_RULE and len(found) > 1:
            # a value named only outside the record's own statements yields to those it named
            named = {m.value for m in mentions if foreground(m)}
            if named and named != found:
                mentions = [m for m in mentions if m.value in named]
                found = named
        by_facet[facet], values[facet] = mentions, found

    if not by_facet["cell_type"] and population != "in_vitro":
        # a product known only by its code, told as cells made from a tissue ("BRTX-100 (40 x
        # 10^6 cells) prepared from the subject's bone marrow harvest"): cells of no named type
        made = [m for m in scan.cues("_unnamed_cells") if foreground(m)]
        if made:
            m = made[0]
            by_facet["cell_type"] = [Mention("cell_type", "other_stem_cells", m.field, m.role,
                                             m.matched_text, m.sentence, m.i, m.j)]
            values["cell_type"] = {"other_stem_cells"}

    by_facet["outcome"] = _outcomes(scan, by_facet, foreground, narrative=design in _NARRATIVE,
                                    case_report=design == "case_report")
    if scan.kind == "registration":
        by_facet["outcome"] = _registered_measures(scan, by_facet["outcome"])
    if events and population != "in_vitro" and not any(
            m.value == "adverse_events" for m in by_facet["outcome"]):
        # (a course of the studied condition, "recurrent herniation occurred in two", is an
        # outcome of the disease, not a harm)
        studied = {m.value for m in by_facet["condition"]}
        reported = _reported_event(
            scan, [m for m in events if foreground(m) and m.value not in studied])
        if reported is not None:
            by_facet["outcome"].append(reported)
    later = [m for m in by_facet["outcome"] if m.value == "surgery"]
    if later and by_facet["condition"]:
        # "three patients later underwent fusion surgery": an outcome, not the studied condition
        by_facet["condition"] = [m for m in by_facet["condition"] if not (
            m.value == "spinal_fusion" and any(
                o.sentence == m.sentence and o.i < m.j and m.i < o.j for o in later))]
    if ("spinal_fusion" in values["condition"] and len(values["condition"]) > 1
            and values["delivery"] and "surgical_implant" not in values["delivery"]):
        # cells injected (into a disc, a joint, the spinal fluid) are no graft adjunct: a fusion
        # named beside them is the operation they are set against ("intradiscal cells compared
        # with lumbar fusion") or hoped to spare
        _drop(by_facet, "condition", {"spinal_fusion"})
    if "spinal_fusion" in values["condition"] and len(values["condition"]) > 1:
        # "the control group had decompression and fusion surgery alone": the comparator's
        # operation, not the studied condition, when every fusion named is the controls'
        controls = [c for c in scan.cues("_comparison", "arms")
                    if c.role != "title" and "control" in c.matched_text.lower()]
        fused = [m for m in by_facet["condition"] if m.value == "spinal_fusion"]
        if controls and all(_after_arm(m, controls) for m in fused):
            _drop(by_facet, "condition", {"spinal_fusion"})
    if {"chondrocytes", "disc_cells"} <= values["cell_type"] and any(
            "chondrocyte" in m.matched_text.lower() for m in by_facet["cell_type"]
            if m.value == "disc_cells") and all(
            m.matched_text.lower().rstrip("s") == "chondrocyte" for m in by_facet["cell_type"]
            if m.value == "chondrocytes"):
        # "disc chondrocytes", then "the chondrocytes" (or MeSH "Chondrocytes"): the same cells
        _drop(by_facet, "cell_type", {"chondrocytes"})
        values["cell_type"] = {m.value for m in by_facet["cell_type"]}
    generic = [m for m in by_facet["cell_type"] if m.value == "other_stem_cells"]
    if generic and all(m.field in _INDEX_TERMS for m in generic) and any(
            m.value != "other_stem_cells" and m.field not in _INDEX_TERMS
            for m in by_facet["cell_type"]):
        # an index term ("Cord Blood Stem Cell", "Stem Cells") files the cells the text names
        # more precisely under a broader heading; it adds no product of its own
        _drop(by_facet, "cell_type", {"other_stem_cells"})
        values["cell_type"] = {m.value for m in by_facet["cell_type"]}
    if _without_listed_glia(scan, by_facet, primary=design not in _REVIEWS):
        values["cell_type"] = {m.value for m in by_facet["cell_type"]}
        values["cell_source"] = {m.value for m in by_facet["cell_source"]}
    cells = values["cell_type"]
    expanded = [m for m in by_facet["processing"] if m.value == "culture_expanded"]
    if cells and cells <= _CONCENTRATES and expanded and all(
            _MANUFACTURE_RULES.search(m.matched_text) for m in expanded):
        # "mononuclear cells separated in a GMP facility": the rules a product was made under,
        # not a culture step, for cells that are concentrated, never grown
        _drop(by_facet, "processing", {"culture_expanded"})
        values["processing"] = {m.value for m in by_facet["processing"]}
    if (cells & {"bmac", "svf"}) and "culture_expanded" not in values["processing"]:
        if not review:
            _drop(by_facet, "cell_type", {"msc", "hsc", "other_stem_cells"})
        elif not any(_separate_product(scan, m) for m in by_facet["cell_type"]
                     if m.value in ("msc", "hsc", "other_stem_cells")):
            # a review of "SVF containing ASCs" reviews SVF; one that lists MSCs beside
            # BMAC and SVF reviews all three
            _drop(by_facet, "cell_type", {"msc", "hsc", "other_stem_cells"})
    if (not review and {m.value for m in by_facet["cell_type"]} == {"msc"}
            and "bone_marrow" in values["cell_source"]
            and "culture_expanded" not in values["processing"]
            and any("concentrat" in m.matched_text.lower() for m in by_facet["processing"])):
        # marrow "concentrated at the point of care" is a concentrate, whatever its cells are
        # called ("bone marrow-derived MSCs")
        by_facet["cell_type"] = [Mention("cell_type", "bmac", m.field, m.role,
                                         f"{m.matched_text} (concentrated marrow)", m.sentence,
                                         m.i, m.j) for m in by_facet["cell_type"]]
    if population in ("animal", "in_vitro") and len(values["cell_type"]) > 1:
        # NP / disc cells beside another product in lab work are the target tissue, not a
        # therapy; the disc's own stem or progenitor cells are a candidate product
        by_facet["cell_type"] = [m for m in by_facet["cell_type"]
                                 if m.value != "disc_cells" or _disc_stem_cells(m)]
    if "cell_free" in values["cell_type"]:
        if design not in _REVIEWS:
            _drop(by_facet, "cell_type", values["cell_type"] - {"cell_free"}
                  - _administered_cells(scan, by_facet["cell_type"]))
        else:
            by_facet["cell_type"] = _only_producers(scan, by_facet["cell_type"])
    if {m.value for m in by_facet["cell_type"]} == {"cell_free"}:
        # vesicles are neither expanded nor minimally manipulated cells: "optimising cell
        # culture" makes the vesicles; their "donor cells" are the cells that release them
        by_facet["processing"] = []
        by_facet["donor"] = [m for m in by_facet["donor"]
                             if "donor cell" not in m.matched_text.lower()]
    if population == "animal" and by_facet["cell_type"]:
        # (not "human NP cells" the product was tested on: a target tissue, dropped above, is
        # no source of the product either)
        kept = {(m.sentence, m.i) for m in by_facet["cell_type"]}
        targets = {(m.sentence, m.i) for m in scan.tags("cell_type")
                   if m.value == "disc_cells"} - kept
        sources = [m for m in by_facet["cell_source"] if (m.sentence, m.i) not in targets]
        xeno = _human_cells(scan, by_facet["cell_type"] + sources)
        if xeno is not None:
            by_facet["donor"] = [m for m in by_facet["donor"] if m.value == "xenogeneic"]
            if not by_facet["donor"]:
                by_facet["donor"].append(xeno)
    if (population == "human" and design not in _REVIEWS and by_facet["cell_type"]
            and not by_facet["donor"]):
        by_facet["donor"] = _own_harvest(scan, foreground)
    if population in ("animal", "in_vitro") and len(values["condition"]) > 1:
        # back pain is what patients report: in a model it is the motivation, the disc
        # condition modelled is the study's
        _drop(by_facet, "condition", {"low_back_pain"})
    elif len(values["condition"]) > 1 and _pain_only_as_motivation(scan, by_facet["condition"]):
        # "a major contributor to chronic low back pain, disc degeneration ...": the pain is
        # why the disease matters, the disease is the topic
        _drop(by_facet, "condition", {"low_back_pain"})
    if population == "in_vitro":
        whole_disc = any(foreground(c) for c in scan.cues("_whole_disc"))
        for facet in ("donor", "processing", "delivery", "guidance", "outcome"):
            by_facet[facet] = [m for m in by_facet[facet] if whole_disc and m.value == "intradiscal"
                               and foreground(m)]
    if measures_nothing:
        by_facet["outcome"] = []
    if (population != "in_vitro" and design not in _DISCUSSES_PRODUCTS and not any(
            m.value == "minimally_manipulated" for m in by_facet["processing"])):
        # a marrow concentrate is minimally manipulated by definition (spun down at the point
        # of care) when a study gives it or pools studies that gave it; a narrative review
        # discusses it among other products without saying how any was made
        concentrate = next((m for m in by_facet["cell_type"] if m.value == "bmac"
                            and _CONCENTRATE.search(m.matched_text)), None)
        if concentrate is not None:
            by_facet["processing"].append(Mention(
                "processing", "minimally_manipulated", concentrate.field, concentrate.role,
                f"{concentrate.matched_text} (a concentrate)", concentrate.sentence,
                concentrate.i, concentrate.j))
    disc_cells = [m for m in by_facet["cell_type"] if m.value == "disc_cells"] + _disc_makers(
        scan, [m for m in by_facet["cell_type"] if m.value == "cell_free"])
    if not disc_cells:
        _drop(by_facet, "cell_source", {"disc"})  # the disc is a source only of disc-cell products
    elif not any(m.value == "disc" for m in by_facet["cell_source"]):
        # disc cells come from the disc whether or not a source word says so ("NPMSCs")
        m = disc_cells[0]
        by_facet["cell_source"].append(Mention(
            "cell_source", "disc", m.field, m.role, f"{m.matched_text} (disc cells)",
            m.sentence, m.i, m.j))
    fusion = [m for m in by_facet["condition"] if m.value == "spinal_fusion" and foreground(m)]
    if not by_facet["cell_type"]:
        for facet in ("donor", "processing"):
            by_facet[facet] = []
        by_facet["cell_source"] = [
            m for m in by_facet["cell_source"] if m.value in _TISSUE_PRODUCT_SOURCES
            and m.field in _PRODUCT_NAMES and not m.negated and foreground(m)]
        if "spinal_fusion" in values["condition"] and not _names_cells(scan):
            _drop(by_facet, "condition", {"spinal_fusion"})  # a fusion without grafted cells
    if population != "in_vitro" and not by_facet["delivery"]:
        by_facet["delivery"] = _implied_route(
            scan, by_facet, fusion, primary=not review and not measures_nothing,
            foreground=foreground,
        )
    if population != "in_vitro" and by_facet["cell_type"]:
        by_facet["delivery"] += _into_bone_marrow(scan, by_facet, foreground)
    return by_facet


# birth tissues are given as products in their own right (amniotic membrane or fluid,
# umbilical cord particulate, cord blood) without naming cells: their source still tags
# when the title or the registered intervention names them
_TISSUE_PRODUCT_SOURCES: Final = frozenset({"placenta", "umbilical_cord"})
_PRODUCT_NAMES: Final = frozenset({"title", "registry:official_title", "registry:interventions"})

_STEM_WORDS: Final = ("stem", "progenitor", "mesenchymal", "stromal")


def _disc_stem_cells(m: Mention) -> bool:
    """A disc-cell mention that names the disc's stem or progenitor cells ("NP-derived stem
    cells", "IVD progenitor cells"), a candidate product rather than the tissue tested on."""
    text = m.matched_text.lower()
    return any(w in text for w in _STEM_WORDS) or "SC" in m.matched_text


_SEARCHED: Final = frozenset(("searched", "search", "searching", "queried"))
_TERM_WORDS: Final = frozenset(("term", "terms", "keyword", "keywords"))


def _search_terms(scan: DocScan) -> dict[int, int]:
    """sentence -> the token after which it lists search terms ("PubMed was searched with these
    terms: TLIF, allograft, bone marrow aspirate ..."): words a review looked for, not its
    product, condition or route."""
    out: dict[int, int] = {}
    for m in scan.cues("_search"):
        if m.sentence < 0 or m.sentence in out:
            continue
        norms = scan.sentences[m.sentence].tokens.norms
        if _SEARCHED.isdisjoint(norms):
            continue
        for k, w in enumerate(norms):
            if w in _TERM_WORDS:
                out[m.sentence] = k
                break
    return out


# stem cells that may be said to come from the disc ("MSCs isolated from the nucleus pulposus")
# carrier words that name a surgical implant unless the carrier is injectable (`_injectable`)
_CARRIERS: Final = frozenset((
    "scaffold", "scaffolds", "hydrogel scaffold", "seeded", "seeded on", "seeded onto",
    "gelatin sponge", "collagen sponge",
))
# the surgical_implant terms that say when, not on what ("implanted at surgery")
_AT_OPERATION: Final = ("surg", "operati")
# the injection words that put a carrier into the body by needle (not "implanted")
_BY_NEEDLE: Final = frozenset(("injected", "injection", "injections", "inject", "injecting"))
_CARRIER_REACH: Final = 12  # words from "injectable" to the carrier word it describes
_DISC_RESIDENT: Final = frozenset(("msc", "other_stem_cells"))
_DISC_TISSUE: Final = frozenset(
    ("disc", "disk", "discs", "disks", "pulposus", "fibrosus", "endplate", "endplates", "ivd",
     "cep", "np", "af")  # (the abbreviations: "stem cells derived from the NP")
)
# words between the cells and their tissue: "stem cells (that were) derived from the human
# degenerated intervertebral disc cartilage endplate", "MSCs present in the CEP"
_FROM_WORDS: Final = frozenset(
    ("derived", "isolated", "obtained", "harvested", "taken", "extracted", "present", "residing",
     "resident", "that", "which", "were", "was", "are", "from", "in", "within", "of")
)
_TISSUE_WORDS: Final = frozenset(
    ("the", "a", "human", "rat", "rabbit", "bovine", "porcine", "canine", "degenerated",
     "degenerative", "degenerate", "healthy", "normal", "intervertebral", "lumbar", "cervical",
     "cartilage", "cartilaginous", "nucleus", "annulus", "vertebral")
)


_RESIDING: Final = frozenset(("present", "residing", "resident"))
_SPECIES_WORDS: Final = frozenset(("human", "rat", "rabbit", "bovine", "porcine", "canine",
                                   "mouse", "murine", "primary"))


def _without_suffering_cells(scan: DocScan, mentions: list[Mention],
                             review: bool = False) -> list[Mention]:
    """Disc cells named as what degeneration harms ("dysfunction and loss of NP cells", "NP
    cell apoptosis") are the pathology, not a cell product; in a review that never gives them
    (no sentence with disc cells tells of an injection or a transplant), so are all its other
    mentions of them ("how senescent the NP cells are", "NP cells degenerate through ...").
    (A laboratory study may harm one kind of disc cell and test another on it.)"""
    before = {(c.sentence, c.j) for c in scan.cues("_cell_harm", "before")}
    after = {(c.sentence, c.i) for c in scan.cues("_cell_harm", "after")}
    state = {(c.sentence, c.j) for c in scan.cues("_cell_harm", "state")}

    def in_state(m: Mention) -> bool:
        # ("degenerate human NP cells"; not "degenerative IVD with IVD progenitor cells")
        norms = scan.sentences[m.sentence].tokens.norms
        k = m.i
        while k > 0 and m.i - k < 2 and norms[k - 1] in _SPECIES_WORDS:
            k -= 1
        return (m.sentence, k) in state

    def harmed(m: Mention) -> bool:
        return m.value == "disc_cells" and m.sentence >= 0 and (
            (m.sentence, m.j) in after or in_state(m)
            or any((m.sentence, m.i - gap) in before for gap in range(0, 4)))

    discs = [m for m in mentions if m.value == "disc_cells"]
    if review and any(harmed(m) for m in discs):
        given = {c.sentence for c in scan.cues("_injection")}
        if not any(m.sentence >= 0 and m.sentence in given for m in discs):
            return [m for m in mentions if m.value != "disc_cells"]
    return [m for m in mentions if not harmed(m)]


def _disc_resident(scan: DocScan, mentions: list[Mention]) -> list[Mention]:
    """Stem cells said to come from the disc ("MSCs isolated from the nucleus pulposus", "stem
    cells derived from the degenerated disc endplate") are the disc's own cells."""
    out = []
    for m in mentions:
        if m.value not in _DISC_RESIDENT or m.sentence < 0:
            out.append(m)
            continue
        sentence = scan.sentences[m.sentence]
        norms = sentence.tokens.norms
        k = m.j
        while k < len(norms) and k - m.j < 4 and norms[k] in _FROM_WORDS:
            k += 1
        between = norms[m.j : k]
        # "from" the disc, or living "in" it; not cells given "in the disc" (a route)
        if "from" not in between and _RESIDING.isdisjoint(between):
            out.append(m)
            continue
        end = k
        while end < len(norms) and end - k < 6 and norms[end] in _TISSUE_WORDS:
            end += 1
        if end < len(norms) and norms[end] in _DISC_TISSUE:
            text = sentence.text[sentence.tokens.starts[m.i] : sentence.tokens.ends[end]]
            out.append(Mention("cell_type", "disc_cells", m.field, m.role, text, m.sentence,
                               m.i, end + 1))
        else:
            out.append(m)
    return out


def _routes_of_cells(scan: DocScan, mentions: list[Mention]) -> list[Mention]:
    """A weak route word just before the cells it delivers ("epidural MSCs", "dogs with
    lumbosacral disease were given epidural stem cells") is a route as sure as a specific one."""
    cells = {(c.sentence, c.i) for c in scan.tags("cell_type") if c.sentence >= 0}
    if not cells:
        return mentions
    return [Mention(m.facet, m.value, m.field, m.role, m.matched_text, m.sentence, m.i, m.j)
            if m.generic and (m.sentence, m.j) in cells else m for m in mentions]


def _without_lineages(scan: DocScan, mentions: list[Mention]) -> list[Mention]:
    """Cell types named as what cells turn into ("differentiated into osteoblasts, adipocytes
    and chondrocytes") are lineages, not products."""
    cues = scan.cues("_lineage")
    if not cues:
        return mentions
    return [m for m in mentions if not any(
        c.sentence == m.sentence and c.j <= m.i <= c.j + _LINEAGE_REACH for c in cues)]


def _lineage_target(scan: DocScan, m: Mention) -> bool:
    """An "into ..." route that is what cells were turned into ("differentiating stem cells
    into nucleus pulposus-like cells"): a lineage, not where anything was injected."""
    if m.sentence < 0:
        return False
    norms = scan.sentences[m.sentence].tokens.norms
    if m.i >= len(norms) or norms[m.i] != "into":
        return False
    before = norms[max(0, m.i - _DIFFERENTIATE_REACH) : m.i]
    return any(w.startswith("differentiat") for w in before) and _INJECTED.isdisjoint(before)


# how far a "differentiate" word may stand before its "into", and the words that make the "into" a
# route after all ("differentiated cells were injected into the disc")
_DIFFERENTIATE_REACH: Final = 6
_INJECTED: Final = frozenset(("injected", "implanted", "transplanted", "delivered", "placed",
                              "grafted", "administered", "injection", "transplantation"))
_CONCENTRATES: Final = frozenset(("bmac", "svf"))


def _without_harvested_tissue(scan: DocScan, mentions: list[Mention]) -> list[Mention]:
    """A fat or marrow tissue word just after "isolated from", following other cells named in
    its sentence, is where those cells came from, not a concentrate given ("ADSCs were isolated
    from lipoaspirates")."""
    cues = scan.cues("_tissue_source")
    if not cues:
        return mentions
    return [m for m in mentions if not (m.value in _CONCENTRATES and any(
        c.sentence == m.sentence and c.j <= m.i <= c.j + 1 for c in cues) and any(
        o.sentence == m.sentence and o.j <= m.i and o.value not in _CONCENTRATES
        for o in mentions))]


def _after_arm(m: Mention, arms: list[Mention]) -> bool:
    """``m`` follows a comparison-arm word in its sentence ("the control group received ...")."""
    return any(a.sentence == m.sentence and a.j <= m.i for a in arms)


def _without_tissue_donors(scan: DocScan, mentions: list[Mention]) -> list[Mention]:
    """Lab work's conditions, less those of the patients its cells came from ("NP cells
    obtained from patients undergoing discectomy for herniation"), unless nothing else is left."""
    sources: dict[int, int] = {}  # sentence -> the first source cue in it
    for c in scan.cues("_tissue_source"):
        sources[c.sentence] = min(c.i, sources.get(c.sentence, c.i))
    if not sources:
        return mentions
    kept = [m for m in mentions if m.sentence < 0 or not m.i > sources.get(m.sentence, m.i)]
    return kept or mentions


def _into_bone_marrow(
    scan: DocScan, by_facet: dict[str, list[Mention]], foreground: Callable[[Mention], bool]
) -> list[Mention]:
    """"Intramedullary" is into a bone's marrow cavity or into the spinal cord: in a study of a
    vertebral fracture that is not about the cord, cells given so go into the vertebra."""
    cues = scan.cues("_intramedullary")
    if not cues:
        return []
    conditions = {m.value for m in by_facet["condition"]}
    if "vertebral_fracture" not in conditions or "spinal_cord_injury" in conditions:
        return []
    if any(m.value == "intraosseous" for m in by_facet["delivery"]):
        return []
    for m in cues:
        if m.role != "mesh" and not m.negated and foreground(m):
            return [Mention("delivery", "intraosseous", m.field, m.role,
                            f"{m.matched_text} (vertebral fracture)", m.sentence, m.i, m.j)]
    return []


_CONTAIN_WORDS: Final = frozenset(("contain", "contains", "containing", "contained", "rich"))


def _separate_product(scan: DocScan, m: Mention) -> bool:
    """A stem cell mention in the text that is not said to be inside a concentrate or fraction
    named before it in its sentence ("SVF, which contains adipose stem cells")."""
    if m.sentence < 0 or m.role == "keywords":
        return False
    sentence = scan.sentences[m.sentence]
    before = [o.j for o in scan.tags("cell_type")
              if o.sentence == m.sentence and o.value in ("bmac", "svf") and o.j <= m.i]
    if not before:
        return True
    return _CONTAIN_WORDS.isdisjoint(sentence.tokens.norms[max(before) : m.i])


# cell types that can make a cell-free product (exosomes "from MSCs", "stem cell-derived EVs")
_SECRETING: Final = frozenset(("msc", "hsc", "ipsc", "esc", "other_stem_cells", "svf", "bmac"))
# disc cells studied as the maker of regenerative factors, not as the tissue they act on
# ("notochordal cell conditioned medium")
_SECRETING_DISC_CELLS: Final = "notochord"
_SOURCE_WORDS: Final = frozenset(
    ("from", "of", "by", "derived", "secreted", "produced", "released")
)
_BEFORE_WORDS: Final = _SOURCE_WORDS | {"and", "or", "their", "its"}


def _secreting(o: Mention) -> bool:
    """Cells that can make a cell-free product."""
    return o.value in _SECRETING or _SECRETING_DISC_CELLS in o.matched_text.lower()


def _cell_free_products(scan: DocScan, mentions: list[Mention]) -> list[Mention]:
    """A cell-free product comes from stem cells. Exosomes named in a sentence with other cells
    are the product only where stem cells are their source ("exosomes derived from MSCs",
    "MSC-derived EVs") or the text calls them cell-free: exosomes from the target tissue ("derived
    from NP cells") or listed among the signals that act on the stem cells are not."""
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.value != "cell_free" and m.sentence >= 0:
            by_sentence.setdefault(m.sentence, []).append(m)
    out = []
    for m in mentions:
        others = by_sentence.get(m.sentence) if m.value == "cell_free" else None
        if not others:
            out.append(m)
            continue
        norms = scan.sentences[m.sentence].tokens.norms
        if "free" in norms[m.i : m.j]:  # "cell-free therapy": named as a product
            out.append(m)
            continue
        for o in others:
            if _linked(norms, o, m) is not None:
                if _secreting(o):
                    out.append(m)
                break
    return out


def _disc_makers(scan: DocScan, products: list[Mention]) -> list[Mention]:
    """Disc cells named as the makers of the cell-free product ("notochordal cell conditioned
    medium"): the disc is that product's source."""
    return [o for o in scan.tags("cell_type") if o.value == "disc_cells" and _secreting(o) and any(
        m.sentence == o.sentence >= 0 and _linked(scan.sentences[o.sentence].tokens.norms, o, m)
        is not None for m in products)]


def _linked(norms: list[str], o: Mention, m: Mention) -> list[str] | None:
    """The words that tie cells ``o`` to the cell-free product ``m`` of their sentence
    ("MSC(-derived) exosomes", "MSCs and their exosomes", "exosomes from MSCs"), or None."""
    if o.j <= m.i:
        between = norms[o.j : m.i]
        ok = m.i - o.j <= 2 and all(w in _BEFORE_WORDS for w in between)
    elif o.i >= m.j:
        between = norms[m.j : o.i]
        ok = len(between) <= 4 and not _SOURCE_WORDS.isdisjoint(between)
    else:
        return None
    return between if ok else None


_PLURIPOTENT: Final = frozenset(("ipsc", "esc"))
_MADE_FROM: Final = frozenset(("derived", "differentiated", "generated", "made", "produced"))


def _without_derived_progenitors(scan: DocScan, mentions: list[Mention]) -> list[Mention]:
    """Progenitors made from a pluripotent line ("iPSC-derived neural progenitor cells",
    "oligodendrocyte progenitors derived from embryonic stem cells") are that line's product,
    not other stem cells beside it ("iPSCs and neural stem cells" are two)."""
    lines = [m for m in mentions if m.value in _PLURIPOTENT and m.sentence >= 0]
    derived = [o for o in mentions if o.value == "other_stem_cells" and any(
        p.sentence == o.sentence and (
            _made_from(scan.sentences[o.sentence].tokens.norms, p, o)
            or _compound_of(scan.sentences[o.sentence], p, o))
        for p in lines)]
    if not derived:
        return mentions
    if all(o in derived or _ABBREVIATED_RE.fullmatch(o.matched_text)
           for o in mentions if o.value == "other_stem_cells"):
        # every long form names the line's product: so do the abbreviations ("neural
        # progenitor cells derived from human iPSCs (NPCs)" then "the NPCs survived")
        return [o for o in mentions if o.value != "other_stem_cells"]
    return [o for o in mentions if o not in derived]


_ABBREVIATED_RE: Final = re.compile(r"[A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z/-]*")


def _compound_of(sentence: Sentence, line: Mention, o: Mention) -> bool:
    """"hiPSC-NSCs", "iPSC-NPCs": the line, a hyphen, then the cells made from it."""
    tokens = sentence.tokens
    return line.j == o.i and sentence.text[tokens.ends[line.j - 1]:tokens.starts[o.i]] == "-"


def _made_from(norms: list[str], line: Mention, o: Mention) -> bool:
    if line.j <= o.i:  # "iPSC-derived neural progenitors"
        return o.i - line.j <= 2 and not _MADE_FROM.isdisjoint(norms[line.i : o.i])
    # "progenitors derived from human embryonic stem cells"
    return o.j <= line.i and line.i - o.j <= 4 and not _MADE_FROM.isdisjoint(norms[o.j : line.i])


def _administered_cells(scan: DocScan, mentions: list[Mention]) -> set[str]:
    """Stem cells a primary study of a cell-free product also gave as such: named in a sentence
    where something is injected or transplanted, or right after their route, in a sentence
    that names no cell-free product or lists them beside it ("ADSCs were injected into the
    punctured disc", "rats received intravenous MSCs" beside "MSC-conditioned medium" tested in
    vitro, "we implanted hUC-MSCs or EVs"; not "exosomes isolated from marrow MSCs were
    injected", "intravenous BMMSC CM")."""
    given = {c.sentence for c in scan.cues("_injection") if c.sentence >= 0}
    routes = {(r.sentence, r.j) for r in scan.tags("delivery") if r.sentence >= 0}
    if not (given or routes):
        return set()
    free: dict[int, list[Mention]] = {}
    for m in scan.tags("cell_type"):
        if m.value == "cell_free":
            free.setdefault(m.sentence, []).append(m)
    # (cells given in the authors' earlier work, "our earlier studies found that transplanted
    # BMSCs improved ...", are not given in this study)
    return {o.value for o in mentions if o.value in _SECRETING
            and scan.stance(o) not in ("prior", "future") and (
        o.sentence not in free or _beside_their_product(scan, o, free[o.sentence])) and (
        o.sentence in given or (any((o.sentence, o.i - k) in routes for k in _ROUTE_REACH)
                                and not _names_their_product(scan, o)))}


def _beside_their_product(scan: DocScan, o: Mention, products: list[Mention]) -> bool:
    """Cells listed as an alternative to, or beside, the cell-free product of their sentence
    ("we implanted hUC-MSCs or their EVs"), not named as its maker ("EVs from hUC-MSCs")."""
    norms = scan.sentences[o.sentence].tokens.norms
    ties = [_linked(norms, o, m) for m in products]
    return (any(t is not None and not _LISTED.isdisjoint(t) for t in ties)
            and not any(t is not None and _LISTED.isdisjoint(t) for t in ties))


# how far before the cells their route word may stand ("intravenous human umbilical cord MSCs")
_ROUTE_REACH: Final = range(4)
# words after cells that make them the maker of what follows ("BMMSC CM", "MSC secretome")
_PRODUCT_NOUNS: Final = frozenset(("cm", "conditioned", "secretome", "exosome", "ev", "medium",
                                   "media", "lysate", "supernatant", "vesicle"))


def _names_their_product(scan: DocScan, o: Mention) -> bool:
    norms = scan.sentences[o.sentence].tokens.norms
    return o.j < len(norms) and norms[o.j] in _PRODUCT_NOUNS


def _only_producers(scan: DocScan, mentions: list[Mention]) -> list[Mention]:
    """A review's stem cells named only as the makers of its cell-free product ("exosomes
    derived from MSCs", "MSC-derived EVs") are not a product it reviews; MSCs discussed in a
    sentence of their own, or listed beside the vesicles ("MSCs and their exosomes"), are."""
    made: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.value == "cell_free" and m.sentence >= 0:
            made.setdefault(m.sentence, []).append(m)
    producers: set[int] = set()
    listed: set[int] = set()
    for o in mentions:
        if o.value not in _SECRETING or o.sentence not in made:
            continue
        norms = scan.sentences[o.sentence].tokens.norms
        for m in made[o.sentence]:
            between = _linked(norms, o, m)
            if between is not None:
                (producers if _LISTED.isdisjoint(between) else listed).add(id(o))
                break
    if _titled_cell_free(mentions, producers):
        # a review titled on vesicles alone reviews them: cells named in a sentence with the
        # vesicles are their makers ("exosomes from four kinds of stem cells: neural stem
        # cells and marrow, adipose and cord MSCs"), unless listed beside them ("MSCs or EVs")
        named = {m.sentence for m in scan.tags("cell_type") if m.value == "cell_free"}
        producers |= {id(o) for o in mentions if o.value in _SECRETING and o.sentence in named
                      and id(o) not in listed}
    values = {o.value for o in mentions if o.value in _SECRETING and id(o) not in producers}
    return [o for o in mentions if o.value not in _SECRETING or o.value in values]


_LISTED: Final = frozenset(("and", "or"))


def _titled_cell_free(mentions: list[Mention], producers: set[int]) -> bool:
    """The title names a cell-free product, and any cells it names are that product's makers."""
    title = [m for m in mentions if m.role == "title"]
    return any(m.value == "cell_free" for m in title) and all(
        id(m) in producers for m in title if m.value in _SECRETING)


def _implied_route(
    scan: DocScan,
    by_facet: dict[str, list[Mention]],
    fusion: list[Mention],
    *,
    primary: bool,
    foreground: Callable[[Mention], bool],
) -> list[Mention]:
    """The route a study implies without naming it: whatever a fusion study tests is placed in
    the fusion bed; a primary study's cell injection for a disc condition goes into the disc."""
    if fusion:
        m = fusion[0]
        return [Mention("delivery", "surgical_implant", m.field, m.role,
                        f"{m.matched_text} (fusion surgery, no other route)", m.sentence, m.i, m.j)]
    disc = {"disc_degeneration", "disc_herniation"} & {m.value for m in by_facet["condition"]}
    # (facet joints named as the condition, and no disc condition: an injection goes into them)
    facet = not disc and any(m.value == "spinal_osteoarthritis" and any(
        w in m.matched_text.lower() for w in _FACET_WORDS) for m in by_facet["condition"])
    if facet and primary:
        # "an intra-articular injection" for facet joint syndrome: the spine's joints are the
        # facets, whatever the product (cells, PRP, perinatal tissue)
        joint = [m for m in scan.cues("_intra_articular") if m.role != "mesh" and foreground(m)]
        if joint:
            m = joint[0]
            return [Mention("delivery", "facet", m.field, m.role,
                            f"{m.matched_text} (facet joint condition)", m.sentence, m.i, m.j)]
    if not (by_facet["cell_type"] and (disc or facet) and primary):
        return []
    # the cells went into the cord, or by a route without a slug ("intramuscular"): a route
    # named all the same, so none is implied
    if any(foreground(m) for m in scan.cues("_cord_target") + scan.cues("_intramedullary")
           + scan.cues("_other_route")):
        return []
    for m in scan.cues("_injection"):
        if m.role != "mesh" and foreground(m):
            if facet:
                return [Mention("delivery", "facet", m.field, m.role,
                                f"{m.matched_text} (facet joint condition, no other route)",
                                m.sentence, m.i, m.j)]
            return [Mention("delivery", "intradiscal", m.field, m.role,
                            f"{m.matched_text} (disc condition, no other route)",
                            m.sentence, m.i, m.j)]
    return []


_FACET_WORDS: Final = ("facet", "zygapophys")


def _without_listed_glia(scan: DocScan, by_facet: dict[str, list[Mention]], *,
                         primary: bool = False) -> bool:
    """Olfactory ensheathing cells and Schwann cells are glia: filed under other stem cells only
    when they are the product itself, not one therapy listed beside named stem cells (a graft
    of olfactory mucosa, with its progenitor cells, stays; so do glia a ``primary`` study grafts
    with stem cells in one clause). Drops them, and the tissue told
    beside them ("a glial cell taken from the olfactory bulb", "from the sural nerve"), from
    ``by_facet``; whether it dropped any."""
    others = [m for m in by_facet["cell_type"] if m.value == "other_stem_cells"]
    if not others or len(others) == len(by_facet["cell_type"]):
        return False
    # (and the abbreviation the record gave them: "Schwann cells (SCs)")
    named = _ENSHEATHING_ABBR | {a for s in scan.sentences for a in _GLIA_ABBR_RE.findall(s.text)}
    glia = [m for m in others if any(word in m.matched_text.lower() for word in _GLIA)
            or m.matched_text in named]
    if not glia or len(glia) == len(by_facet["cell_type"]):
        return False
    if primary and any(_same_clause(scan, g, m) for g in glia for m in by_facet["cell_type"]
                       if m.value != "other_stem_cells" and m.matched_text not in named):
        return False  # a study grafting both ("OECs cotransplanted with BMSCs"): both are given
    by_facet["cell_type"] = [m for m in by_facet["cell_type"] if m not in glia]
    told = {m.sentence for m in glia}
    by_facet["cell_source"] = [
        m for m in by_facet["cell_source"]
        if not (any(word in m.matched_text.lower() for word in _GLIA)
                or (m.sentence in told and any(
                    word in m.matched_text.lower() for word in _GLIA_TISSUES)))]
    return True


def _beyond_index_terms(mentions: list[Mention], foreground: Callable[[Mention], bool]
                        ) -> list[Mention]:
    """A review's conditions as its own words state them: an index term (keyword, MeSH) names
    a topic the review touches ("Low back pain" among the keywords of a review of disc
    degeneration), not its scope, where the title and abstract state another condition."""
    told = {m.value for m in mentions if m.field not in _INDEX_TERMS and foreground(m)}
    if not told:
        return mentions
    return [m for m in mentions if m.value in told]


def _registered_measures(scan: DocScan, outcomes: list[Mention]) -> list[Mention]:
    """A registration that lists its outcome measures states there what it measures: a kind of
    measure its summary or description names and the list does not ("MRI showed a disc
    protrusion under 6 mm" among the eligibility, "studying how safe it is" as an aim) is not
    one of them, unless the sentence says it is measured ("pain, disability and MRI will be
    followed": a list the registrant left short)."""
    listed = {m.value for m in outcomes if m.field == "registry:outcomes"}
    if not listed:
        return outcomes
    measuring = {m.sentence for m in scan.cues("_measured_by")}
    return [m for m in outcomes if m.value in listed or m.field not in _REGISTRY_PROSE
            or m.sentence in measuring]


def _vertebral_level(scan: DocScan, m: Mention) -> bool:
    """"T2" named beside other spinal levels ("injuries between T2 and T12", "C7-T2") is the
    second thoracic vertebra, not a T2-weighted image (which is told as such: "T2 signal")."""
    if m.sentence < 0 or m.j - m.i != 1:
        return False
    norms = scan.sentences[m.sentence].tokens.norms
    if norms[m.i] != "t2" or (m.j < len(norms) and norms[m.j] in _MRI_AFTER_T2):
        return False
    near = norms[max(0, m.i - 2):m.i] + norms[m.j:m.j + 2]
    return any(_LEVEL_RE.fullmatch(w) for w in near)


_LEVEL_RE: Final = re.compile(r"(?:c[1-8]|t(?:[1-9]|1[0-2])|l[1-5]|s[1-5])")
# words after "T2" that make it the MRI sequence ("T2 signal", "T2-weighted", "T2 mapping")
_MRI_AFTER_T2: Final = frozenset(("weighted", "signal", "signals", "mapping", "map", "maps",
                                  "relaxation", "value", "values", "intensity", "hyperintensity",
                                  "hyperintense", "hypointense", "image", "images", "time",
                                  "times", "sequence", "sequences", "star"))


def _outcomes(
    scan: DocScan,
    by_facet: dict[str, list[Mention]],
    foreground: Callable[[Mention], bool],
    *,
    narrative: bool = False,
    case_report: bool = False,
) -> list[Mention]:
    """What this study measured: outcome mentions in sentences about this study, less the pain
    that names the studied condition ("patients with chronic low back pain"), the imaging that
    guides a needle ("CT-guided", "under X-ray guidance") or confirms a diagnosis, and the pain
    or imaging reported as an adverse event ("developed back pain; imaging showed a mass")."""
    outcomes = by_facet["outcome"]
    if not outcomes:
        return outcomes
    weak = any(m.generic for m in outcomes)  # bare words: weighed by their sentence
    guides = _spans(by_facet["guidance"]) if by_facet["guidance"] else {}
    # (every condition phrase, kept as a tag or not: "injections for axial back pain" names
    # who was treated wherever it stands)
    named = (
        _spans(m for m in scan.tags("condition") if _names_population(scan, m)) if weak else {}
    )
    adverse = (_adverse_starts(scan) if weak or any(m.value == "imaging" for m in outcomes)
               else {})
    harms = [m for m in outcomes if m.value == "adverse_events" and m.sentence >= 0]
    diagnostic = {m.sentence for m in scan.cues("_diagnostic")}
    # a narrative review measures nothing itself: its outcomes are what the studies it reviews
    # found ("improved pain", "fewer adverse events"), not the words of its general statements
    found_by: dict[int, list[Mention]] = {}
    if narrative:
        for f in _FINDING_CUES:
            for c in scan.cues(f):
                if c.value != "place":
                    found_by.setdefault(c.sentence, []).append(c)
    defining = _defines_the_condition(scan) if narrative else set()
    # (a function word inside an imaging phrase, "functional radiographs", names the image)
    pictured = _spans(m for m in outcomes if m.value == "imaging")
    out = []
    for m in outcomes:
        if not foreground(m):
            continue
        if m.value == "function" and _inside(m, pictured):
            continue
        # (a finding told by the outcome word alone is a topic: "... and complications: a review")
        if narrative and not any(c.j <= m.i or c.i >= m.j for c in found_by.get(m.sentence, ())
                                 ) and scan.stance(m) != "prior":
            continue
        if narrative and m.sentence in defining:
            continue  # "SCI is a devastating event ...; it causes loss of motor function"
        if m.generic and (m.role == "keywords" or m.field == "registry:keywords"):
            continue  # a bare "pain" among the (registrant's) keywords is a topic, not a measure
        if m.field == "registry:conditions":
            continue  # a registered condition ("Chronic Pain") is who is studied, not a measure
        if m.value == "surgery" and _operation_for_harm(scan, m):
            continue  # "had surgery because of discitis": a complication's treatment, a harm
        if m.value == "surgery" and _operation_they_qualified_for(scan, m):
            continue  # "met the criteria for fusion surgery but received ... instead"
        if m.value == "surgery":
            # an operation word ("underwent surgery") is an outcome only where results are told
            # or beside other measures ("NRS, ODI and progression to spinal surgery were ...")
            if m.generic and not (
                (m.role in _RESULT_ROLES and _operation_counted(scan, m))
                or m.field == "registry:outcomes"
                or any(o.sentence == m.sentence and not o.generic
                       and o.value not in ("surgery", "adverse_events")
                       for o in by_facet["outcome"])
            ):
                continue
        elif m.value != "adverse_events" and m.sentence in diagnostic:
            continue  # a score or scan that decides eligibility or a diagnosis
        # a bare "pain" or "imaging" after an adverse-event word describes the event
        reported_harm = m.generic and adverse.get(m.sentence, m.i) < m.i
        if m.value == "pain" and (_inside(m, named) or reported_harm or (
                any(h.sentence == m.sentence and h.i < m.i for h in harms)
                and _in_scope(scan, m))):
            # (nor a pain denied among harms: "no tumour formation or worsening neuropathic
            # pain" is a safety finding)
            continue
        if m.value == "imaging" and (
            _overlaps(m, guides) or reported_harm or _shows_the_population(scan, by_facet, m)
            # "under fluoroscopic imaging": the guidance's own noun; "under x-ray fluoroscopic
            # control": its modality
            or (m.generic and any(end == m.i for _, end in guides.get(m.sentence, ())))
            or any(begin == m.j for begin, _ in guides.get(m.sentence, ()))
            or _vertebral_level(scan, m)
            # "no complication was seen on MRI": a scan that looked for harm
            or (not m.generic and _in_adverse_part(scan, m, adverse)
                and m.i - adverse.get(m.sentence, m.i) <= _HARM_SEEN_REACH)
            or (case_report and _diagnoses_the_case(scan, m))
            or _looks_for_harm(scan, m, by_facet["outcome"])
        ):
            continue
        out.append(m)
    if guides and any(m.role == "mesh" and m.value == "imaging" for m in out) and not any(
        m.role != "mesh" and m.value == "imaging" for m in out
    ) and any(m.role != "mesh" and m.value == "imaging" for m in outcomes):
        # a CT or MRI heading where the text uses the scanner only to guide or diagnose
        out = [m for m in out if not (m.role == "mesh" and m.value == "imaging")]
    if any(m.role == "conclusions" for m in out) and any(
            s.role in ("methods", "results") for s in scan.sentences):
        # what a conclusion claims ("improves the quality of life") was measured only if the
        # methods or results name it too (safety is claimed from events the results report)
        measured = {m.value for m in out if m.role != "conclusions"}
        out = [m for m in out if m.role != "conclusions" or m.value in measured
               or m.value == "adverse_events"]
    return out


# what follows a condition that opens a sentence defining it ("SCI is a devastating event",
# "Disc degeneration causes ...", "LBP (low back pain) remains the leading cause ...")
# (both forms: a token's norm drops a plural "s", and so a verb's: "gives" reads "give")
_DEFINING_VERBS: Final = frozenset(("causes", "cause", "leads", "lead", "results", "result",
                                    "remains", "remain", "represents", "represent", "involves",
                                    "involve", "gives", "give", "contributes", "contribute",
                                    "underlies", "underlie", "manifests", "manifest"))
_DEFINING_AFTER_BE: Final = frozenset(("a", "an", "the", "one", "among", "still", "characterized",
                                       "characterised", "associated", "defined", "common"))


def _defines_the_condition(scan: DocScan) -> set[int]:
    """Sentences that open on a condition and say what it is or does ("Spinal cord injury (SCI)
    is a distressing event in which motor and sensory dysfunction begin abruptly"): the
    disease's course, which a review's outcomes are not (not "SCI is treated with ...")."""
    out: set[int] = set()
    conditions = scan.tags("condition")
    ends = {(a.sentence, a.i): a.j for a in conditions}
    for m in conditions:
        if m.sentence < 0 or m.i > 1 or m.sentence in out:
            continue
        norms = scan.sentences[m.sentence].tokens.norms
        # (past its abbreviation: "Spinal cord injury (SCI) is")
        k = ends.get((m.sentence, m.j), m.j)
        if k + 1 >= len(norms):
            continue
        if norms[k] in _DEFINING_VERBS or (
                norms[k] in ("is", "are") and norms[k + 1] in _DEFINING_AFTER_BE):
            out.add(m.sentence)
    return out


def _without_consequences(scan: DocScan, conditions: list[Mention]) -> list[Mention]:
    """Conditions named only as what a defined disease leads to ("Degenerative disc disease is a
    chronic process that can show itself as low back pain, radiculopathy, disc herniation and
    spinal stenosis", "DDD has been linked to chronic back pain"): its course, not who was
    studied, unless named elsewhere (the title, keywords, a sentence of the study's own)."""
    defining = _defines_the_condition(scan)
    if not defining:
        return conditions
    # (an operation is no disease with a course: "Spinal fusion remains the gold standard for
    # degenerated and herniated discs" names what it treats)
    opening = {m.sentence: m for m in conditions if m.sentence in defining and m.i <= 1
               and m.value != "spinal_fusion"}
    told = [m for m in conditions if m.sentence in opening and m.i > 1
            and m.value != opening[m.sentence].value
            # (not past a clause of its own: ", and mounting evidence points to ...")
            and not any(scan.sentences[m.sentence].opens_clause(k)
                        for k in range(opening[m.sentence].j + 1, m.i))]
    if not told:
        return conditions
    elsewhere = {m.value for m in conditions if m.sentence not in defining}
    return [m for m in conditions if m not in told or m.value in elsewhere]


def _operation_for_harm(scan: DocScan, m: Mention) -> bool:
    """An operation told as done for a complication ("one patient had surgery two weeks later
    because of discitis", "reoperation for infection"): the harm's treatment, not an outcome of
    surgery needed or avoided."""
    if m.sentence < 0:
        return False
    norms = scan.sentences[m.sentence].tokens.norms
    for h in scan.cues("_finding", "harm"):
        if h.sentence == m.sentence and m.j <= h.i <= m.j + _HARM_REACH:
            return not _CAUSE_WORDS.isdisjoint(norms[m.j : h.i])
    return False


_HARM_REACH: Final = 10  # tokens from an operation word to the complication it treated
_CAUSE_WORDS: Final = frozenset(("because", "due", "owing", "for"))


def _operation_counted(scan: DocScan, m: Mention) -> bool:
    """A bare operation word told as an event among participants: a count, a rate or a later
    time just before it ("two patients later had fusion surgery", "no patient required
    surgery"), not the index operation ("he had surgery within hours of the injury") or a
    general statement ("a promising option in fusion surgery")."""
    norms = scan.sentences[m.sentence].tokens.norms if m.sentence >= 0 else []
    for k in range(max(0, m.i - _OPERATION_REACH), m.i):
        if norms[k] in _EVENT_WORDS or (
                words_to_int(norms[k]) is not None and norms[k + 1] not in _AGE_WORDS
                and (k == 0 or norms[k - 1] != "n")):  # ("controls (n = 13) had surgery")
            return True
    return False


_SHOWN_ON: Final = frozenset(("on", "by"))
# what a scan found before anyone was treated: "MRI findings of", "radiographic evidence of"
_FINDINGS_OF: Final = frozenset((w, "of") for w in ("findings", "finding", "evidence", "signs",
                                                    "sign", "features", "feature"))
_FINDINGS_REACH: Final = 4  # words from "findings of" to the condition it names
_WHO_HAS: Final = frozenset(("with", "had", "having", "showing",
                             # "(pain) shown by Modic changes on MRI"
                             "by", "shown", "defined", "identified", "evidenced"))


# a scan "showed" or "revealed" what it found; words of a change it measured instead
_SHOWED: Final = frozenset(("showed", "shows", "revealed", "reveals", "demonstrated", "disclosed"))
# what a scan finds that is no named condition ("MRI showed an intradural mass")
_LESIONS: Final = frozenset((
    "mass", "lesion", "tumor", "tumour", "cyst", "abscess", "hematoma", "haematoma", "nodule",
    "collection", "growth", "neoplasm",
    # a tissue's pathological state ("the roots of the cauda equina markedly enlarged")
    "enlarged", "enlargement", "thickened", "thickening", "hypertrophy", "hypertrophic",
    "swelling", "swollen", "inflammation", "inflammatory", "edema", "oedema", "infiltration",
))
_CHANGED: Final = frozenset((
    "resorption", "regression", "reduction", "reduced", "decrease", "decreased", "increase",
    "increased", "improvement", "improved", "resolved", "resolution", "healing", "healed",
    "restored", "restoration", "regeneration", "rehydration", "change", "changes", "fusion",
    "fused", "union", "bridging", "recovery", "smaller", "larger", "less", "more", "no",
))


def _diagnoses_the_case(scan: DocScan, m: Mention) -> bool:
    """In a case report, a scan that showed what the patient had ("MRI showed an epidural
    abscess", "discitis on MRI", "an intradural mass") diagnoses it; one that showed a change
    ("partial resorption of the herniation") is an outcome."""
    if m.sentence < 0:
        return False
    norms = scan.sentences[m.sentence].tokens.norms
    if not _CHANGED.isdisjoint(norms):
        return False
    if _SHOWED.isdisjoint(norms[m.j :]) and not (m.i > 0 and norms[m.i - 1] == "on"):
        return False
    return not _LESIONS.isdisjoint(norms[m.j :]) or any(
        c.sentence == m.sentence for c in scan.tags("condition"))


def _shows_the_population(
    scan: DocScan, by_facet: dict[str, list[Mention]], m: Mention
) -> bool:
    """A scan that shows who was included: "patients with lumbar stenosis on MRI", or a grade
    that says how far their condition had gone: "disc degeneration (Pfirrmann III-IV)"."""
    if m.sentence < 0:
        return False
    sentence = scan.sentences[m.sentence]
    norms = sentence.tokens.norms
    if tuple(norms[m.j:m.j + 2]) in _FINDINGS_OF and any(
            c.sentence == m.sentence and m.j + 2 <= c.i <= m.j + 2 + _FINDINGS_REACH
            for c in scan.tags("condition")):
        return True  # "clinical and MRI findings of disc herniation or stenosis"
    if m.i < 2:
        return False
    if norms[m.i - 1] not in _SHOWN_ON:
        starts, ends = sentence.tokens.starts, sentence.tokens.ends
        return any(c.sentence == m.sentence and c.j == m.i
                   and sentence.text[ends[c.j - 1]:starts[m.i]].strip() == "("
                   for c in by_facet["condition"])
    for c in by_facet["condition"]:
        if c.sentence == m.sentence and c.j == m.i - 1:
            return not _WHO_HAS.isdisjoint(norms[max(c.i - 4, 0) : c.i])
    return False


def _reported_event(scan: DocScan, events: list[Mention]) -> Mention | None:
    """An adverse-events outcome from a condition told in the results as what happened to
    participants ("one patient developed discitis", "two were given antibiotics for suspected
    infection"): the study reports the harms it saw, though it never says "adverse event"."""
    cues = [c for c in scan.cues("_adverse_context") if c.matched_text.lower() in _EVENT_VERBS]
    cues += scan.cues("_results_event")
    for m in events:
        if m.role not in ("results", "abstract"):
            continue
        sentence = scan.sentences[m.sentence]
        first, last = _clause(sentence, m.i)
        for c in cues:  # (before the event or after it: "discitis developed in one patient")
            if c.sentence == m.sentence and first <= c.i and c.j <= last and (
                    c.j <= m.i or c.i >= m.j):
                i, j = min(c.i, m.i), max(c.j, m.j)
                tokens = sentence.tokens
                return Mention("outcome", "adverse_events", m.field, m.role,
                               sentence.text[tokens.starts[i]:tokens.ends[j - 1]],
                               m.sentence, i, j)
    return None


def _looks_for_harm(scan: DocScan, m: Mention, outcomes: list[Mention]) -> bool:
    """A scanner named after a harm in its sentence, with no measure of the disc or bone and no
    other outcome beside it ("Possible adverse events were checked by serial neurological
    examination, radiographs and MRI", "no tumour formed at the injection sites on serial
    MRIs"): a safety check, not an imaging outcome."""
    if m.sentence < 0 or m.role in _FIXED_FIELDS or m.field.startswith("registry:"):
        return False
    norms = scan.sentences[m.sentence].tokens.norms
    if not _a_scanner(norms, m):
        return False  # a measure ("disc height") is what a scan is for, not a search for harm
    start = next((k for k in range(m.i) if norms[k] in _HARM_NOUNS), m.i)
    checks = start >= m.i  # no harm named before it, perhaps the search for one
    if checks:
        # ("Safety assessments, X-ray and MRI showed no changes", "surveillance MRIs")
        start = next((k for k in range(m.i) if norms[k] in _SAFETY_CHECK), m.i)
        if start >= m.i:
            return False
    elif _SEEN_BY.isdisjoint(norms[start:m.i]):
        # the harm is an item of a list of measures ("recorded adverse events, VAS, ODI and
        # MRI findings"), not what the scan was looked at for ("checked by ... MRI", "no
        # tumour on serial MRIs")
        return False
    # (what else the sentence names is looked for after the harm too: "adverse events were
    # checked by neurological status, radiographs and MRI"; beside a search alone, nothing
    # else may be measured: "safety and efficacy were assessed by VAS and MRI")
    return all(o.value == "adverse_events" or (
        _a_scanner(norms, o) if o.value == "imaging" else o.i > start and not checks)
        for o in outcomes if o.sentence == m.sentence)


def _a_scanner(norms: list[str], m: Mention) -> bool:
    """The imaging mention names a scanner ("MRIs", "radiographs"), not what it measures."""
    return " ".join(norms[m.i:m.j]).rstrip("s") in _SCANNERS


# harms a scan may look for (not "post-injection", an adverse-context word of time)
_HARM_NOUNS: Final = frozenset(("adverse", "complication", "complications", "toxicity",
                                "tumor", "tumour", "tumorigenesis", "tumourigenesis",
                                "tumorigenicity", "neoplasm", "neoplastic", "neoplasia",
                                "malignancy", "malignant", "teratoma"))
_SAFETY_CHECK: Final = frozenset(("safety", "surveillance", "surveilled"))
_SEEN_BY: Final = frozenset(("on", "by", "with", "using", "via"))
# scanners, not what they measure ("MRI", but not "disc height on MRI")
_SCANNERS: Final = frozenset(("mri", "magnetic resonance imaging", "magnetic resonance", "ct",
                              "computed tomography", "radiograph", "x ray", "imaging",
                              "radiographic", "radiological", "radiologic", "mr imaging",
                              "plain radiograph", "scan", "ct scan", "mri scan"))


def _adverse_starts(scan: DocScan) -> dict[int, int]:
    """sentence -> the first token of an adverse-event word in it ("developed", "complication")."""
    out: dict[int, int] = {}
    for m in scan.cues("_adverse_context"):
        if m.sentence >= 0 and m.role not in _FIXED_FIELDS:
            out[m.sentence] = min(m.i, out.get(m.sentence, m.i))
    return out


def _in_adverse_part(scan: DocScan, m: Mention, adverse: dict[int, int]) -> bool:
    """Whether ``m`` follows an adverse-event word in its part of the sentence."""
    start = adverse.get(m.sentence, m.i + 1)
    return start < m.i and _clause(scan.sentences[m.sentence], m.i)[0] <= start


def _makes_the_model(scan: DocScan, m: Mention) -> bool:
    """Guidance in a sentence that tells how an animal model was made and names no product."""
    if m.sentence < 0:
        return False
    norms = scan.sentences[m.sentence].tokens.norms
    return not _MODEL_WORDS.isdisjoint(norms) and not any(
        c.sentence == m.sentence for c in scan.tags("cell_type"))


def _listed_guidance(scan: DocScan) -> list[Mention]:
    """Imaging modalities listed with a guidance word: "guided by fluoroscopy, CT or ultrasound",
    "under fluoroscopic or CT guidance" (items joined by commas, "and", "or", "under", "by")."""
    guided = scan.cues("_guided")
    if not guided:
        return []
    out: list[Mention] = []
    modalities = scan.cues("_modality")
    for idx in sorted({m.sentence for m in guided if m.sentence >= 0}):
        items = sorted(
            [m for m in modalities if m.sentence == idx] + [m for m in guided if m.sentence == idx],
            key=lambda m: m.i,
        )
        if not any(m.facet == "_modality" for m in items):
            continue
        norms = scan.sentences[idx].tokens.norms
        chain: list[Mention] = []
        for m in items:
            if chain and not _glued(norms, chain[-1].j, m.i):
                out += _chain_guidance(chain)
                chain = []
            chain.append(m)
        out += _chain_guidance(chain)
    return out


def _glued(norms: list[str], end: int, start: int) -> bool:
    return all(norms[k] in _LIST_GLUE for k in range(end, start))


def _chain_guidance(chain: list[Mention]) -> list[Mention]:
    if not any(m.facet == "_guided" for m in chain):
        return []
    return [
        Mention("guidance", m.value, m.field, m.role, m.matched_text, m.sentence, m.i, m.j)
        for m in chain
        if m.facet == "_modality"
    ]


_SUFFERING: Final = frozenset(("with", "from", "suffering", "having", "had", "has", "experiencing"))


_CHANGE_OF: Final = frozenset(("in", "of", "the"))


def _changed_measure(scan: DocScan, m: Mention, changes: list[Mention]) -> bool:
    """A condition named as what a change word acted on ("reduction in disc bulge size",
    "decrease of the protrusion") outside the fixed fields: a measure, not the population."""
    if m.sentence < 0 or m.role in _FIXED_FIELDS:
        return False
    norms = scan.sentences[m.sentence].tokens.norms
    return any(d.sentence == m.sentence and d.value != "place" and (
        (d.j < m.i <= d.j + 2 and _CHANGE_OF.issuperset(norms[d.j:m.i]))
        # "disc protrusion decreased in two", "the herniation was reduced"; not a place or a
        # grade ("spondylolisthesis below grade 1", "stenosis below L3")
        or (m.j <= d.i <= m.j + 1 and _CHANGED_AS.issuperset(norms[m.j:d.i])
            and norms[d.i] not in _WHERE_OR_HOW_MUCH))
        for d in changes)


_WHERE_OR_HOW_MUCH: Final = frozenset(("below", "above", "under", "over"))


_CHANGED_AS: Final = frozenset(("was", "were", "had", "has", "have", "is", "are"))


# words (as token norms: "disk" is "disc") for any disease of the disc, whose form a text may
# name besides
_UMBRELLA_DISC: Final = frozenset((("disc", "disease"), ("intervertebral", "disc", "disease"),
                                   ("discopathy",), ("lumbar", "discopathy"),
                                   ("lumbosacral", "discopathy")))


def _pain_only_as_motivation(scan: DocScan, conditions: list[Mention]) -> bool:
    """Back pain is named only in background sentences ("LBP is increasingly common, mainly
    because of disc degeneration"), each beside the disease it is blamed on, and nowhere as who
    was studied (a title, keywords, MeSH or a sentence about the study)."""
    pain = [m for m in conditions if m.value == "low_back_pain"]
    if not pain or any(m.sentence < 0 or m.role in _FIXED_FIELDS
                       or scan.stance(m) != "background" for m in pain):
        return False
    return all(any(c.sentence == m.sentence and c.value != "low_back_pain" for c in conditions)
               for m in pain)


def _without_measured_pain(scan: DocScan, conditions: list[Mention]) -> list[Mention]:
    """Back pain scored beside the study's measures ("the VAS for back pain and the ODI", "change
    in back pain (NRS)") is an outcome, not the population, unless it is what the participants
    have ("patients with chronic low back pain were scored on the VAS")."""
    pain = [m for m in conditions if m.value == "low_back_pain" and m.sentence >= 0
            and m.role not in _FIXED_FIELDS]
    if not pain:
        return conditions
    scores = [m for m in scan.tags("outcome")
              if not m.generic and m.value in ("pain", "function", "quality_of_life")]
    measured = {m.sentence for m in scores}
    drop = []
    for m in pain:
        sentence = scan.sentences[m.sentence]
        if m.sentence in measured or sentence.field == "registry:outcomes":
            before = sentence.tokens.norms[m.i - 1] if m.i else ""
            if before in _SUFFERING:
                continue
            if before == "for" and not any(
                    o.sentence == m.sentence and m.i - 3 <= o.j < m.i for o in scores):
                continue  # "an injection for low back pain": what it treats, not "a VAS for"
            drop.append(m)
    return [m for m in conditions if m not in drop] if drop else conditions


def _names_population(scan: DocScan, m: Mention) -> bool:
    """A condition named as who was studied: a registry condition, keyword or title, or a
    mention right after "with", "for", "of", ... ("adults with chronic low back pain")."""
    if m.sentence < 0:
        return False
    sentence = scan.sentences[m.sentence]
    if sentence.role in _FIXED_FIELDS:
        return True
    norms, start = sentence.tokens.norms, m.i
    while start > 0 and norms[start - 1] in ("and", "or"):  # "for DDD and low back pain"
        before = [c.i for c in scan.tags("condition") if c.sentence == m.sentence
                  and c.j == start - 1]
        if not before:
            break
        start = before[0]
    if start == 0 or norms[start - 1] in _POPULATION_WORDS:
        return True
    # one condition within another: "disc degeneration in low back pain"
    return norms[start - 1] == "in" and any(
        c.sentence == m.sentence and c.j == start - 1 for c in scan.tags("condition"))


def _figurative_preparation(scan: DocScan, m: Mention) -> bool:
    """A preparation word in another sense: followed by "on", what someone attended to
    ("researchers have concentrated on treatment strategies"; not "concentrated on site"); "from
    the bench to the bedside" (translation, not a point-of-care product); "concentrated among /
    in developed economies" (gathered); "concentrated platelets" (a platelet product, not the
    cells); "unmodified" beside gene-modified cells."""
    if m.sentence < 0:
        return False
    norms = scan.sentences[m.sentence].tokens.norms
    if m.j < len(norms) and norms[m.j] in ("on", "upon"):
        return norms[m.j + 1 : m.j + 2] != ["site"]
    word = norms[m.j - 1]
    if word == "bedside":
        return "bench" in norms[max(0, m.i - 4) : m.i]
    if word == "unmodified":
        # beside gene-modified cells ("BDNF-transduced BMSCs, unmodified BMSCs or saline"):
        # not gene-modified, which says nothing of how the cells were prepared
        return any(w != "unmodified" and w.startswith(_GENE_MODIFIED) for w in norms)
    if word != "concentrated" or m.j >= len(norms):
        return False
    after = norms[m.j]
    if after in _CONCENTRATED_OTHERWISE:
        return True
    return after == "in" and not _GATHERED_IN.isdisjoint(norms[m.j + 1 : m.j + 4])


_GENE_MODIFIED: Final = ("transduc", "transfect", "overexpress", "expressing", "modified",
                         "engineered", "knock")


# after "concentrated": it focused, gathered or named another concentrate
_CONCENTRATED_OTHERWISE: Final = frozenset((
    "among", "around", "mainly", "mostly", "largely", "chiefly", "primarily",
    "platelet", "platelets", "plasma", "prp", "growth", "serum"))
# ... "concentrated in" where things are, not in what device
_GATHERED_IN: Final = frozenset((
    "countries", "country", "economies", "regions", "region", "areas", "states", "cities",
    "nations", "world", "hands", "markets", "market", "developed", "developing", "urban",
    "clinics", "centres", "centers", "hospitals", "journals"))


def _part_names_cells(scan: DocScan, m: Mention) -> bool:
    """Whether the sentence part of ``m`` (split at ";", "but", ...) names a cell product: "the
    aspirate was concentrated", not "the disc had expanded"."""
    if m.sentence < 0:
        return True
    sentence = scan.sentences[m.sentence]
    parts = sentence.stances
    k = sentence.part(m.i)
    start = parts[k][0]
    end = parts[k + 1][0] if k + 1 < len(parts) else len(sentence.tokens.norms)
    if not _PRODUCT_WORDS.isdisjoint(sentence.tokens.norms[start:end]):
        return True
    return any(
        c.sentence == m.sentence and start <= c.i < end
        for c in scan.tags("cell_type") + scan.tags("cell_source")
    )


def _sources_of_cells(scan: DocScan, mentions: list[Mention]) -> list[Mention]:
    """A tissue named in sentences that name no cells, cell product or other cell tag is a
    site, not a source ("the disease destroys articular cartilage", "changes of the vertebral
    bone marrow"): a source value stays when one of its mentions has them beside it (or stands
    in keywords, headings or a registry field, which have no sentences)."""
    kept: set[str] = set()
    tagged: dict[int, list[Mention]] | None = None
    for m in mentions:
        if m.value in kept:
            continue
        if m.sentence < 0 or m.role in _FIXED_FIELDS:
            kept.add(m.value)
            continue
        norms = scan.sentences[m.sentence].tokens.norms
        if (not _PRODUCT_WORDS.isdisjoint(norms[:m.i]) or not _PRODUCT_WORDS.isdisjoint(norms[m.j:])
                or not _CELL_WORDS.isdisjoint(norms[m.i:m.j])):
            kept.add(m.value)
            continue
        if tagged is None:  # the cell tags by sentence, gathered once
            tagged = {}
            for c in scan.tags("cell_type") + scan.tags("cell_source"):
                tagged.setdefault(c.sentence, []).append(c)
        if any(c.i >= m.j or c.j <= m.i or (c.facet == "cell_type" and c.i <= m.i and m.j <= c.j)
               for c in tagged.get(m.sentence, ())):
            # another cell tag in the sentence ("MSCs from bone marrow"), or a cell product whose
            # name holds the tissue ("the injectate was bone marrow concentrate")
            kept.add(m.value)
    if len(kept) == len({m.value for m in mentions}):
        return mentions
    return [m for m in mentions if m.value in kept]


def _clause_names_cells(scan: DocScan, m: Mention) -> bool:
    """Whether the clause of ``m`` names cells ("cellular allograft", "cells from the iliac
    crest"), not only a tissue graft ("allograft chips", "iliac crest bone graft")."""
    if m.sentence < 0:
        return True
    sentence = scan.sentences[m.sentence]
    start, end = _clause(sentence, m.i)
    if not _CELL_WORDS.isdisjoint(sentence.tokens.norms[start:end]):
        return True
    return any(
        c.sentence == m.sentence and start <= c.i < end and c is not m
        for c in scan.tags("cell_type") + scan.tags("cell_source")
    )


def _fluid_taken(scan: DocScan, m: Mention) -> bool:
    """Whether the route word ``m`` ("lumbar puncture") stands in a clause that takes the
    spinal fluid out ("cerebrospinal fluid was sampled by lumbar puncture") and gives nothing
    in."""
    if m.value != "intrathecal" or m.sentence < 0 or "puncture" not in m.matched_text.lower():
        return False
    sentence = scan.sentences[m.sentence]
    start, end = _clause(sentence, m.i)
    if _CSF.isdisjoint(sentence.tokens.norms[start:end]):
        return False  # ("the processed sample was returned by lumbar puncture": cells given)

    def within(cues: list[Mention]) -> bool:
        return any(c.sentence == m.sentence and start <= c.i < end for c in cues)

    return within(scan.cues("_fluid_sampled")) and not within(scan.cues("_injection"))


def _injected_carrier(scan: DocScan, m: Mention, injectable: list[Mention]) -> bool:
    """A carrier word ("scaffold") that an injectable carrier a few words before it in its
    clause names ("an injectable hydrogel as the transplantation scaffold")."""
    if m.value != "surgical_implant" or m.matched_text.lower() not in _CARRIERS:
        return False
    if m.sentence < 0:
        return False
    breaks = scan.sentences[m.sentence].breaks
    return any(c.sentence == m.sentence and c.j <= m.i <= c.j + _CARRIER_REACH
               and not any(breaks[c.j + 1:m.i + 1]) for c in injectable)


def _graft_compared(scan: DocScan, m: Mention, compared: list[Mention]) -> bool:
    """Whether the donor word ``m`` stands after a comparison word ("versus", "compared with")
    with no cell named between them: the comparator's graft, not the cells'."""
    if m.sentence < 0:
        return False
    norms = scan.sentences[m.sentence].tokens.norms
    cells = [c for c in scan.tags("cell_type") + scan.tags("cell_source")
             if c.sentence == m.sentence]
    return any(
        c.sentence == m.sentence and c.j <= m.i and _CELL_WORDS.isdisjoint(norms[c.j:m.i])
        and not any(c.j <= t.i < m.i for t in cells)
        for c in compared)


_DEFINED_ABBR_RE: Final = re.compile(r"\(\s*[\w-]{1,12}\s*\)")


def _co_graft(scan: DocScan, m: Mention) -> bool:
    """Whether the graft word ``m`` ("allograft") names a second material joined to the cell
    product: after it by a conjunction ("BMAC & Allograft", "cells with autograft") or before it
    by a packing verb ("allograft soaked in marrow concentrate"), or a graft of some material
    ("autograft bone", "allograft extenders"). Not a graft a cell word qualifies ("cellular
    allograft")."""
    if m.sentence < 0:
        return False
    sentence = scan.sentences[m.sentence]
    tokens = sentence.tokens
    following = tokens.norms[m.j:m.j + 2]
    if following and (following[0] in _GRAFT_MATERIALS and following != ["bone", "marrow"]):
        # "allograft bone chips", "together with autograft bone", "synthetic or allograft
        # extenders": a material, not cells
        return True
    before = sentence.text[tokens.starts[max(0, m.i - _GRAFT_REACH)]:tokens.starts[m.i]].lower()
    for join in _CO_GRAFT_JOINS:
        before = before.rpartition(f" {join} ")[2]
    if not _GRAFT_CELL_WORDS.isdisjoint(_WORD_RE.findall(before)):
        return False  # ("cellular allograft", "cell-based allograft")
    for c in scan.tags("cell_type") + scan.tags("cell_source"):
        if c.sentence != m.sentence:
            continue
        if c.j <= m.i:
            # (past the abbreviation the product's name defines: "concentrate (BMAC) with")
            between = _DEFINED_ABBR_RE.sub(
                " ", sentence.text[tokens.ends[c.j - 1]:tokens.starts[m.i]]).lower().split()
            if between and all(w in _CO_GRAFT_JOINS for w in between):
                return True
        elif m.j <= c.i <= m.j + _CO_GRAFT_REACH:
            if not _PACKED_IN.isdisjoint(tokens.norms[m.j:c.i]):
                return True
    return False


def _recruited(scan: DocScan, m: Mention, verbs: list[Mention]) -> bool:
    """Whether donor mention ``m`` names the cells a product draws in ("it recruits the
    patient's own cells", "attracting the host's own stem cells"): a verb of recruiting stands
    just before it in its clause."""
    if m.sentence < 0:
        return False
    start, _ = _clause(scan.sentences[m.sentence], m.i)
    return any(v.sentence == m.sentence and start <= v.i and v.j <= m.i <= v.j + _RECRUIT_REACH
               for v in verbs)


def _on_tissue_graft(scan: DocScan, m: Mention, grafts: list[Mention]) -> bool:
    """Whether donor mention ``m`` is part of, or says whose, a bone graft ("iliac crest
    autograft", "autologous iliac bone grafting", "allogeneic bone tissue"): no cell word or cell
    tag may stand between the donor word and the graft."""
    if m.sentence >= 0 and any(g.sentence == m.sentence for g in grafts):
        # "local autograft: bone taken from the patient's own vertebrae": whose bone
        norms = scan.sentences[m.sentence].tokens.norms
        bone = [k for k in range(max(0, m.i - _BONE_REACH), m.i)
                if norms[k] == "bone" and (k + 1 >= len(norms) or norms[k + 1] != "marrow")]
        if bone and not _TAKEN.isdisjoint(norms[bone[-1]:m.i]) and _GRAFT_CELL_WORDS.isdisjoint(
                norms[bone[-1]:m.i]) and not any(
                c.sentence == m.sentence and bone[-1] <= c.i < m.i
                for c in scan.tags("cell_type") + scan.tags("cell_source")):
            return True
    for g in grafts:
        if g.sentence != m.sentence:
            continue
        norms = scan.sentences[m.sentence].tokens.norms
        if g.i < m.j and m.i < g.j:  # ("cellular bone allograft" names cells)
            before = norms[max(0, g.i - _GRAFT_REACH):g.i]
            joined = [k for k, w in enumerate(before) if w in ("and", "or")]
            if joined:  # ("stem cells and autologous conditioned serum": another product's)
                before = before[joined[-1] + 1:]
            carried = [k for k, w in enumerate(before) if w in _CARRIED_ON]
            if carried:  # ("cells on allogeneic bone": the bone carries the cells)
                before = before[carried[-1] + 1:]
            return _GRAFT_CELL_WORDS.isdisjoint(before)
        if m.j <= g.i <= m.j + _GRAFT_REACH:
            if _GRAFT_CELL_WORDS.isdisjoint(norms[m.j:g.i]) and not any(
                    c.sentence == m.sentence and m.j <= c.i < g.i
                    for c in scan.tags("cell_type") + scan.tags("cell_source")) and not any(
                    # "autologous PRP or bone marrow concentrate": the word serves both
                    c.sentence == m.sentence and g.j <= c.i <= g.j + _GRAFT_REACH + 1
                    and not _LISTED.isdisjoint(norms[g.j:c.i]) for c in scan.tags("cell_type")):
                return True
    return False


# what a route word names when one of these follows it: a place or a finding there
_PLACE_NOUNS: Final = frozenset((
    "hematoma", "haematoma", "hematomas", "haematomas", "abscess", "fibrosis", "scar",
    "scarring", "adhesion", "adhesions", "lipomatosis", "bleeding", "hemorrhage",
    "haemorrhage", "fat", "veins", "venous", "plexus", "collection", "mass", "cyst",
    "metastasis", "metastases", "compression"))


def _names_a_place(scan: DocScan, m: Mention) -> bool:
    """The route word names where something is ("a resolving epidural hematoma")."""
    if m.sentence < 0:
        return False
    norms = scan.sentences[m.sentence].tokens.norms
    return m.j < len(norms) and norms[m.j] in _PLACE_NOUNS


# words of laboratory results: beside them an abbreviation names an analyte ("LDH" is lactate
# dehydrogenase there, not a lumbar disc herniation)
_LAB_WORDS: Final = frozenset((
    "alp", "alt", "ast", "crp", "esr", "wbc", "anc", "creatinine", "bilirubin", "serum",
    "enzyme", "enzymes", "hemoglobin", "haemoglobin", "albumin", "leukocyte", "leukocytes",
    "neutrophil", "neutrophils", "transaminase", "transaminases", "ferritin", "urea"))


def _a_lab_value(scan: DocScan, m: Mention) -> bool:
    """A short upper-case abbreviation in a sentence of laboratory results."""
    text = m.matched_text
    if m.sentence < 0 or not (text.isupper() and len(text) <= 4):
        return False
    return not _LAB_WORDS.isdisjoint(scan.sentences[m.sentence].tokens.norms)


_MARKER_RE: Final = re.compile(r"\bCD\d{1,3}\b", re.IGNORECASE)


def _a_marker_listed(scan: DocScan, m: Mention) -> bool:
    """A marker named among others ("positive for CD73, CD90 and CD105 and negative for CD34
    and CD45"): cells characterised by their surface, not CD34+ cells given."""
    if m.sentence < 0 or not m.matched_text.lower().startswith("cd"):
        return False
    text = scan.sentences[m.sentence].text
    return len({x.lower() for x in _MARKER_RE.findall(text)}) >= 2


def _same_clause(scan: DocScan, a: Mention, b: Mention) -> bool:
    return a.sentence == b.sentence >= 0 and (
        _clause(scan.sentences[a.sentence], a.i) == _clause(scan.sentences[a.sentence], b.i))


def _clause(sentence: Sentence, i: int) -> tuple[int, int]:
    """Token range of the clause (between commas, semicolons, dashes) that holds token ``i``."""
    breaks = sentence.breaks
    start = i
    while start > 0 and not breaks[start]:
        start -= 1
    end = i + 1
    while end < len(breaks) and not breaks[end]:
        end += 1
    return start, end


def _names_cells(scan: DocScan) -> bool:
    """Whether the text speaks of cells at all ("cell-based grafts", "cellular allograft")."""
    return any(not _CELL_WORDS.isdisjoint(s.tokens.norms) for s in scan.sentences)


def _spans(mentions: Iterable[Mention]) -> dict[int, list[tuple[int, int]]]:
    out: dict[int, list[tuple[int, int]]] = {}
    for m in mentions:
        out.setdefault(m.sentence, []).append((m.i, m.j))
    return out


def _inside(m: Mention, spans: dict[int, list[tuple[int, int]]]) -> bool:
    return m.sentence >= 0 and any(a <= m.i and m.j <= b for a, b in spans.get(m.sentence, ()))


def _overlaps(m: Mention, spans: dict[int, list[tuple[int, int]]]) -> bool:
    return m.sentence >= 0 and any(a < m.j and m.i < b for a, b in spans.get(m.sentence, ()))


def best_mentions(by_facet: dict[str, list[Mention]]) -> list[Mention]:
    """One mention per (facet, value): the most telling field (title before MeSH)."""
    out: list[Mention] = []
    for facet in TAG_FACETS:
        mentions = by_facet.get(facet)
        if not mentions:
            continue
        best: dict[str, Mention] = {}
        for m in mentions:
            cur = best.get(m.value)
            if cur is None or (cur.role != m.role
                               and _ROLE_RANK.get(m.role, 9) < _ROLE_RANK.get(cur.role, 9)):
                best[m.value] = m
        out += [best[v] for v in sorted(best)]
    return out


def _operation_they_qualified_for(scan: DocScan, m: Mention) -> bool:
    """An operation named as what patients were eligible for or spared ("fulfilled the criteria
    for lumbar fusion surgery", "candidates for discectomy", "an alternative to surgery"): who
    they were, not what happened to them."""
    if m.sentence < 0:
        return False
    norms = scan.sentences[m.sentence].tokens.norms
    before = norms[max(0, m.i - _QUALIFIED_REACH) : m.i]
    return any(before[k] in _QUALIFIED_FOR and before[k + 1] in ("for", "to")
               for k in range(len(before) - 1))


_QUALIFIED_REACH: Final = 5
_QUALIFIED_FOR: Final = frozenset(("criteria", "criterion", "candidates", "candidate", "eligible",
                                   "indicated", "scheduled", "alternative", "alternatives",
                                   "listed", "referred"))


def _a_word_named(scan: DocScan, m: Mention) -> bool:
    """The phrase is quoted as a word ("use of the term 'stem cells'"), not a product named."""
    if m.sentence < 0 or m.i == 0:
        return False
    sentence = scan.sentences[m.sentence]
    tokens = sentence.tokens
    gap = sentence.text[tokens.ends[m.i - 1]:tokens.starts[m.i]]
    return tokens.norms[m.i - 1] in _WORD_NOUNS and any(q in gap for q in _QUOTES)


_WORD_NOUNS: Final = frozenset(("term", "terms", "word", "words", "label", "labels", "phrase",
                                "name", "names", "expression"))
_QUOTES: Final = ('"', "'", "\u201c", "\u2018", "\u00ab")


def _in_scope(scan: DocScan, m: Mention) -> bool:
    """``m`` lies in a negated or contrasted stretch of its sentence (outcome words are never
    marked negated: "no improvement in pain" measured pain)."""
    return m.sentence >= 0 and any(a <= m.i < b for a, b in scan.sentences[m.sentence].scopes)


def _listed_with(scan: DocScan, m: Mention, others: list[Mention]) -> bool:
    """``m`` and one of ``others`` are members of one list: "stem cells and exosomes"."""
    if m.sentence < 0:
        return False
    norms = scan.sentences[m.sentence].tokens.norms
    for o in others:
        if o.sentence == m.sentence:
            between = norms[m.j:o.i] if m.j <= o.i else norms[o.j:m.i]
            if between and len(between) <= 2 and not _LISTED.isdisjoint(between):
                return True
    return False


def _drop(by_facet: dict[str, list[Mention]], facet: str, values: set[str]) -> None:
    by_facet[facet] = [m for m in by_facet[facet] if m.value not in values]


_NAMES_A_DONOR: Final = ("donor", "donat", "volunteer", "allogeneic", "cadaver", "bank")


def _own_harvest(scan: DocScan, foreground: Callable[[Mention], bool]) -> list[Mention]:
    """A study of patients that harvests marrow or fat in its own methods ("a small
    liposuction, then an injection of the cells") gives the patients their own cells: an
    autologous mention, unless the harvest's sentence names a donor."""
    for m in scan.cues("_own_harvest"):
        if m.sentence < 0 or m.negated or not foreground(m):
            continue
        text = scan.sentences[m.sentence].text.lower()
        if not any(word in text for word in _NAMES_A_DONOR):
            return [Mention("donor", "autologous", m.field, m.role,
                            f"{m.matched_text} (harvested from the patients)", m.sentence,
                            m.i, m.j)]
    return []


# an abbreviation that names human cells by a lower-case "h" before its capitals (hMSC,
# hUC-MSC, hBMSCs, hiPSC): the convention of cell-biology writing
_HUMAN_PREFIXED: Final = re.compile(r"h(?:i?[A-Z])")


def _injury_cause(scan: DocScan, m: Mention, conditions: list[Mention]) -> bool:
    """A fracture told as what a cord injury came from: a causal word just before it ("after a
    T4 vertebral fracture", "caused by a burst fracture") in a sentence that names the injury."""
    if m.sentence < 0:
        return False
    norms = scan.sentences[m.sentence].tokens.norms
    return any(w in _CAUSED_BY for w in norms[max(0, m.i - _CAUSE_REACH):m.i]) and any(
        c.sentence == m.sentence and c.value == "spinal_cord_injury" for c in conditions)


_CAUSED_BY: Final = frozenset(("after", "following", "from", "caused", "due", "secondary"))
_CAUSE_REACH: Final = 4  # "after a Th4 vertebral fracture": the causal word, an article, a level


def _human_cells(scan: DocScan, cell_mentions: list[Mention]) -> Mention | None:
    """A "human ..." cue just before a cell mention in an animal study, or opening it ("human
    umbilical cord"), or an h-prefixed abbreviation ("hUC-MSCs") -> a xenogeneic mention."""
    human = {(m.sentence, m.j) for m in scan.cues("_human_cell") if m.sentence >= 0}
    human.update((m.sentence, m.i) for m in cell_mentions
                 if m.sentence >= 0 and _HUMAN_PREFIXED.match(m.matched_text))
    if not human:
        return None
    # only where cells are given (or in the title or the aim: "to find out whether human cord
    # MSCs ... regenerate the disc"): not human cells of a side experiment in a dish ("human
    # MSCs were co-cultured with rat NP cells") nor ones compared ("rabbit and human MSCs do
    # not share the same markers")
    given = {m.sentence for m in scan.cues("_injection")}
    for m in cell_mentions:
        if m.sentence < 0 or (m.sentence not in given and m.role not in ("title", "objective")):
            continue
        for gap in range(-1, 4):
            if (m.sentence, m.i - gap) in human:
                sent = scan.sentences[m.sentence]
                start = sent.tokens.starts[max(0, m.i - gap - 1)]
                end = sent.tokens.ends[m.j - 1]
                return Mention(
                    "donor",
                    "xenogeneic",
                    m.field,
                    m.role,
                    sent.text[start:end],
                    m.sentence,
                    m.i,
                    m.j,
                )
    return None
