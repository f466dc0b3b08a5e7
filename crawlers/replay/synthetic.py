"""Grow a corpus folder to any size by cloning its PubMed articles under new PMIDs: for paging
tests and benchmarks that need more records than a hand-written corpus holds."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

ARTICLE = re.compile(rb"<PubmedArticle>.*?</PubmedArticle>", re.S)
PMID = re.compile(rb"(<PMID[^>]*>)(\d+)(</PMID>)")
DATE_REVISED = re.compile(rb"<DateRevised>.*?</DateRevised>", re.S)
HEADER = (b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, '
          b'1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
          b"<PubmedArticleSet>\n")


def write_pubmed_corpus(source: Path, target: Path, count: int, first_pmid: int = 80000001,
                        per_file: int = 500,
                        revised: Callable[[int], date] | None = None) -> list[str]:
    """Write ``count`` articles cloned from ``source``'s pubmed/*.xml into ``target``/pubmed/,
    each with a new PMID (also in its ArticleIdList) and no DOI or PMCID (they would merge).
    ``revised(n)``, if given, is the n-th article's DateRevised (the date PubMed's mdat
    searches by). Returns the new PMIDs."""
    templates = [m.group(0) for path in sorted((source / "pubmed").glob("*.xml"))
                 for m in ARTICLE.finditer(path.read_bytes())]
    if not templates:
        raise ValueError(f"{source}/pubmed holds no PubmedArticle to clone")
    folder = target / "pubmed"
    folder.mkdir(parents=True, exist_ok=True)
    pmids, chunk, files = [], [], 0
    for n in range(count):
        article = templates[n % len(templates)]
        old = PMID.search(article).group(2)
        new = str(first_pmid + n).encode()
        article = article.replace(b">" + old + b"</", b">" + new + b"</")
        article = re.sub(rb'<ArticleId IdType="(doi|pmc)">[^<]*</ArticleId>', b"", article)
        article = re.sub(rb'<ELocationID EIdType="doi"[^>]*>[^<]*</ELocationID>', b"", article)
        article = re.sub(rb"<DataBankList.*?</DataBankList>", b"", article, flags=re.S)
        if revised is not None:
            day = revised(n)
            article = DATE_REVISED.sub(
                f"<DateRevised><Year>{day.year}</Year><Month>{day.month:02d}</Month>"
                f"<Day>{day.day:02d}</Day></DateRevised>".encode(), article, count=1)
        chunk.append(article)
        pmids.append(new.decode())
        if len(chunk) == per_file or n == count - 1:
            files += 1
            (folder / f"synthetic-{files:03d}.xml").write_bytes(
                HEADER + b"\n".join(chunk) + b"\n</PubmedArticleSet>\n")
            chunk = []
    return pmids
