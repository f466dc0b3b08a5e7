"""Benchmark: assess() throughput on >= 10,000 varied abstracts, on one core.

Documents are recombined from the dev corpus (../shared/corpus) when it is present, else built
from synthetic sentences. The floor is a trivial pass over the same texts (lower-casing plus one
regular expression); the ratio says how much the tagger costs above merely reading the text.
Run: .venv/bin/python bench/bench_tagging.py [N] (plain Python), or, after `make compiled`,
.venv-compiled/bin/python bench/bench_tagging.py [N] (the same modules compiled with mypyc, see
setup.py). The first line of output says which build ran.
"""

from __future__ import annotations

import random
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))  # after site-packages: an installed (compiled) build comes first

from db.evidence_files import load_vocabulary  # noqa: E402
from evidence.assess import assess  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
TARGET = 2000.0  # abstracts per second

_SYNTHETIC = [
    "Forty-two patients with chronic low back pain received intradiscal autologous BMAC.",
    "Culture-expanded allogeneic bone marrow-derived mesenchymal stromal cells were injected "
    "into the facet joints under fluoroscopic guidance.",
    "No stem cells were used in the control arm, which received saline.",
    "Unlike MSC therapy, platelet-rich plasma contains no progenitor cells.",
    "Pain (VAS) and function (ODI) improved at 12 months; MRI showed stable disc height.",
    "Thirty-six Sprague-Dawley rats underwent tail disc puncture and received human ADSCs.",
    "In vitro, nucleus pulposus cells (NPCs) were co-cultured with exosomes from umbilical "
    "cord MSCs.",
    "Patients were randomly assigned to SVF or sham injection in a double-blind design.",
    "This retrospective review of charts included 88 patients with disc herniation.",
    "Adverse events were mild; one patient developed discitis.",
    "Microfragmented adipose tissue was prepared at the point of care without culture.",
    "Spinal cord injury patients received intrathecal CD34+ cells from mobilized blood.",
]


def _corpus_documents() -> list[dict[str, Any]]:
    sys.path.insert(0, str(ROOT / "tests" / "unit"))
    from corpus_docs import labelled_documents  # type: ignore[import-not-found]

    return list(labelled_documents(CORPUS).values())


def build_documents(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` varied documents: corpus records with shuffled, recombined abstract sections."""
    rng = random.Random(seed)
    base = _corpus_documents() if CORPUS.exists() else []
    pool = [s for d in base for s in d.get("abstract_sections") or []]
    docs = []
    for i in range(n):
        if base:
            doc = dict(rng.choice(base))
            if pool and doc.get("kind") == "publication":
                secs = [dict(rng.choice(pool)) for _ in range(rng.randint(2, 5))]
                doc["abstract_sections"] = secs
                doc["abstract"] = "\n".join(s["text"] for s in secs)
        else:
            text = " ".join(rng.sample(_SYNTHETIC, rng.randint(4, 9)))
            doc = {"kind": "publication", "title": rng.choice(_SYNTHETIC), "abstract": text,
                   "abstract_sections": [{"label": "", "category": "", "text": text}],
                   "mesh": [], "keywords": [], "publication_types": ["Journal Article"],
                   "comments_corrections": [], "registry": {}, "extra": {}}
        doc["title"] = f"{doc.get('title', '')} ({i})"
        docs.append(doc)
    return docs


def build() -> str:
    """Which build of the tagger this process runs: compiled (mypyc) or plain Python."""
    import evidence.text

    where = str(evidence.text.__file__)
    kind = "compiled (mypyc)" if where.endswith(".so") else "plain Python"
    return f"tagger: {kind}, {Path(where).parent}"


def interpreter() -> str:
    """Which Python runs: the same code runs ~20 % faster on an interpreter whose libpython is
    linked into the executable and built with profile-guided and link-time optimisation (Debian's
    ``/usr/bin/python3``) than on one that loads a shared libpython built without them (a default
    pyenv build): see bench/README.md, "Tagging"."""
    import platform

    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:  # not Linux: say nothing about linking
        maps = ""
    linked = "shared libpython" if "libpython" in maps else "libpython linked in" if maps else ""
    return f"interpreter: {platform.python_implementation()} {platform.python_version()}, " \
           f"{sys.executable}{', ' + linked if linked else ''}"


def main(argv: list[str]) -> int:
    n = int(argv[1]) if len(argv) > 1 else 10_000
    print(build())
    print(interpreter())
    vocab = load_vocabulary()
    docs = build_documents(n)
    texts = [d.get("title", "") + " " + (d.get("abstract") or "") for d in docs]
    floor_re = re.compile(r"\bstem cells?\b")
    t0 = time.perf_counter()
    hits = sum(1 for t in texts if floor_re.search(t.lower()))
    floor = time.perf_counter() - t0
    t0 = time.perf_counter()
    tags = sum(len(assess(d, vocab).tags) for d in docs)
    elapsed = time.perf_counter() - t0
    rate = n / elapsed
    source = "corpus recombined" if CORPUS.exists() else "synthetic"
    print(f"documents: {n} ({source}), tags: {tags}, floor hits: {hits}")
    print(f"assess: {elapsed:.2f}s  -> {rate:,.0f} abstracts/s (target {TARGET:,.0f})")
    print(f"floor (lower + one regex): {floor:.3f}s -> {n / floor:,.0f} abstracts/s")
    print(f"ratio assess/floor: {elapsed / floor:.0f}x")
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
