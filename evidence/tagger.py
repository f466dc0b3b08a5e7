"""Multi-valued facet tags from a scanned document, with the rules that make them honest.

Rules (beyond "negated and contrasted mentions do not tag", done in ``evidence.text``):
- generic phrases ("stem cells") count only when no specific value of the facet matched;
- a cell facet value named only in BACKGROUND (prior work) is dropped when another value of the
  facet is named in the title, methods, results, conclusions, keywords, MeSH or registry fields;
- a condition named only in sentences that report adverse events is not the studied condition;
- bone marrow concentrate and SVF are the product, not MSCs/HSCs, unless expansion is stated;
- a cell-free product (exosomes, EVs, secretome) is ``cell_free`` only, outside reviews;
- human cells in an animal study are xenogeneic;
- in vitro work has no donor, processing, delivery, guidance or clinical outcome;
- editorials and notices measure nothing: no outcome tags;
- a cell injection into a disc condition with no route named is intradiscal;
- disc cells beside another product in animal or in vitro work are the target tissue, and the
  disc is a cell source only for disc-cell products.
"""

from __future__ import annotations

from evidence.text import DocScan, Mention
from evidence.vocabulary import TAG_FACETS

_ROLE_RANK = {
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
_BACKGROUND_RULE = ("cell_type", "cell_source", "donor", "processing", "delivery", "guidance")
_REVIEWS = ("systematic_review", "narrative_review", "guideline", "editorial", "other")


def facet_mentions(
    scan: DocScan, design: str, population: str, *, measures_nothing: bool = False
) -> dict[str, list[Mention]]:
    """facet -> the mentions that support a tag, after every rule above.

    ``measures_nothing``: the record is an editorial, a notice or another non-study (no outcomes).
    """
    by_facet: dict[str, list[Mention]] = {f: [] for f in TAG_FACETS}
    adverse = {m.sentence for m in scan.cues("_adverse_context") if m.sentence >= 0}
    for m in scan.mentions:
        if m.facet not in by_facet or m.negated:
            continue
        if m.facet == "condition" and m.sentence in adverse and m.role not in (
            "title",
            "registry",
            "mesh",
            "keywords",
        ):
            continue
        by_facet[m.facet].append(m)
    for facet, mentions in by_facet.items():
        specific = [m for m in mentions if not m.generic]
        by_facet[facet] = specific or mentions
    for facet in _BACKGROUND_RULE:
        mentions = by_facet[facet]
        foreground = {m.value for m in mentions if m.role != "background"}
        if foreground:
            by_facet[facet] = [m for m in mentions if m.value in foreground]
    values = {f: {m.value for m in ms} for f, ms in by_facet.items()}
    cells = values["cell_type"]
    if (cells & {"bmac", "svf"}) and "culture_expanded" not in values["processing"]:
        _drop(by_facet, "cell_type", {"msc", "hsc", "other_stem_cells"})
    if population in ("animal", "in_vitro") and len(values["cell_type"]) > 1:
        # NP / disc cells beside another product in lab work are the target tissue, not a therapy
        _drop(by_facet, "cell_type", {"disc_cells"})
    if "cell_free" in values["cell_type"] and design not in _REVIEWS:
        _drop(by_facet, "cell_type", values["cell_type"] - {"cell_free"})
    if population == "animal" and by_facet["cell_type"]:
        xeno = _human_cells(scan, by_facet["cell_type"] + by_facet["cell_source"])
        if xeno is not None:
            by_facet["donor"] = [m for m in by_facet["donor"] if m.value == "xenogeneic"]
            if not by_facet["donor"]:
                by_facet["donor"].append(xeno)
    if population == "in_vitro":
        for facet in ("donor", "processing", "delivery", "guidance", "outcome"):
            by_facet[facet] = []
    if measures_nothing:
        by_facet["outcome"] = []
    if "disc_cells" not in {m.value for m in by_facet["cell_type"]}:
        _drop(by_facet, "cell_source", {"disc"})  # the disc is a source only of disc-cell products
    if not by_facet["cell_type"]:
        for facet in ("cell_source", "donor", "processing"):
            by_facet[facet] = []
    elif not by_facet["delivery"] and population != "in_vitro":
        disc = {"disc_degeneration", "disc_herniation"} & {m.value for m in by_facet["condition"]}
        injections = [m for m in scan.cues("_injection") if m.role not in ("background", "mesh")]
        if disc and injections and not measures_nothing:
            m = injections[0]
            by_facet["delivery"].append(
                Mention("delivery", "intradiscal", m.field, m.role,
                        f"{m.matched_text} (disc condition, no other route)", m.sentence, m.i, m.j)
            )
    return by_facet


def best_mentions(by_facet: dict[str, list[Mention]]) -> list[Mention]:
    """One mention per (facet, value): the most telling field (title before MeSH)."""
    out: list[Mention] = []
    for facet in TAG_FACETS:
        best: dict[str, Mention] = {}
        for m in by_facet.get(facet, []):
            cur = best.get(m.value)
            if cur is None or _ROLE_RANK.get(m.role, 9) < _ROLE_RANK.get(cur.role, 9):
                best[m.value] = m
        out.extend(best[v] for v in sorted(best))
    return out


def _drop(by_facet: dict[str, list[Mention]], facet: str, values: set[str]) -> None:
    by_facet[facet] = [m for m in by_facet[facet] if m.value not in values]


def _human_cells(scan: DocScan, cell_mentions: list[Mention]) -> Mention | None:
    """A "human ..." cue just before a cell mention in an animal study -> a xenogeneic mention."""
    human = {(m.sentence, m.j) for m in scan.cues("_human_cell") if m.sentence >= 0}
    if not human:
        return None
    for m in cell_mentions:
        if m.sentence < 0:
            continue
        for gap in range(0, 4):
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
