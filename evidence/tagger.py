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

from collections.abc import Callable

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
_BACKGROUND_RULE = (
    "cell_type", "cell_source", "donor", "processing", "condition", "delivery", "guidance"
)
_REVIEWS = ("systematic_review", "narrative_review", "guideline", "editorial", "other")
# designs whose subject is other people's work: what prior studies did is what they report
_REVIEWED_WORK = ("systematic_review", "narrative_review", "guideline")


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
    review = design in _REVIEWED_WORK

    # what counts as this record's own statement: a review's is what prior studies did, a
    # guideline's also what should be done
    own = {"study"} | ({"prior"} if review else set()) | (
        {"future"} if design == "guideline" else set()
    )

    def foreground(m: Mention) -> bool:
        return scan.stance(m) in own

    for facet in _BACKGROUND_RULE:
        mentions = by_facet[facet]
        named = {m.value for m in mentions if foreground(m)}
        if named:
            by_facet[facet] = [m for m in mentions if m.value in named]
    by_facet["outcome"] = _outcomes(scan, by_facet, foreground)
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
    fusion = [m for m in by_facet["condition"] if m.value == "spinal_fusion" and foreground(m)]
    if not by_facet["cell_type"]:
        for facet in ("cell_source", "donor", "processing"):
            by_facet[facet] = []
        if not _names_cells(scan):  # a fusion is a studied condition only where cells are grafted
            _drop(by_facet, "condition", {"spinal_fusion"})
    if fusion and not by_facet["delivery"] and population != "in_vitro":
        m = fusion[0]  # whatever a fusion study tests is placed in the fusion bed
        by_facet["delivery"].append(
            Mention("delivery", "surgical_implant", m.field, m.role,
                    f"{m.matched_text} (fusion surgery, no other route)", m.sentence, m.i, m.j)
        )
    if by_facet["cell_type"] and not by_facet["delivery"] and population != "in_vitro":
        disc = {"disc_degeneration", "disc_herniation"} & {m.value for m in by_facet["condition"]}
        injections = [
            m for m in scan.cues("_injection") if m.role != "mesh" and foreground(m)
        ]
        if disc and injections and not measures_nothing:
            m = injections[0]
            by_facet["delivery"].append(
                Mention("delivery", "intradiscal", m.field, m.role,
                        f"{m.matched_text} (disc condition, no other route)", m.sentence, m.i, m.j)
            )
    return by_facet


def _outcomes(
    scan: DocScan, by_facet: dict[str, list[Mention]], foreground: Callable[[Mention], bool]
) -> list[Mention]:
    """What this study measured: outcome mentions in sentences about this study, less the pain
    that names the studied condition ("patients with chronic low back pain") and the imaging
    that guides a needle ("CT-guided", "under X-ray guidance")."""
    guides: dict[int, list[tuple[int, int]]] = {}
    for m in by_facet["guidance"]:
        guides.setdefault(m.sentence, []).append((m.i, m.j))
    named: dict[int, list[tuple[int, int]]] = {}
    for m in by_facet["condition"]:
        if _names_population(scan, m):
            named.setdefault(m.sentence, []).append((m.i, m.j))
    out = []
    for m in by_facet["outcome"]:
        if not foreground(m):
            continue
        if m.value == "pain" and _inside(m, named):
            continue
        if m.value == "imaging" and _overlaps(m, guides):
            continue
        out.append(m)
    return out


_POPULATION_WORDS = frozenset(
    ("with", "for", "from", "of", "had", "has", "have", "having", "suffering", "experiencing")
)


def _names_population(scan: DocScan, m: Mention) -> bool:
    """A condition named as who was studied: a registry condition or keyword, or a mention
    right after "with", "for", "of", ... ("adults with chronic low back pain")."""
    if m.sentence < 0:
        return False
    sentence = scan.sentences[m.sentence]
    if sentence.role in ("registry", "keywords", "title") or m.i == 0:
        return True
    return sentence.tokens.norms[m.i - 1] in _POPULATION_WORDS


def _names_cells(scan: DocScan) -> bool:
    """Whether the text speaks of cells at all ("cell-based grafts", "cellular allograft")."""
    return any(
        "cell" in s.tokens.norms or "cellular" in s.tokens.norms for s in scan.sentences
    )


def _inside(m: Mention, spans: dict[int, list[tuple[int, int]]]) -> bool:
    return m.sentence >= 0 and any(a <= m.i and m.j <= b for a, b in spans.get(m.sentence, ()))


def _overlaps(m: Mention, spans: dict[int, list[tuple[int, int]]]) -> bool:
    return m.sentence >= 0 and any(a < m.j and m.i < b for a, b in spans.get(m.sentence, ()))


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
