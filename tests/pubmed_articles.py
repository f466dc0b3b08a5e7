"""Small PubMed corpora written by tests: one short article under chosen PMIDs and DateRevised
dates (the date PubMed's mdat searches by)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

HEAD = '<?xml version="1.0" ?>\n<PubmedArticleSet>\n'
TAIL = "</PubmedArticleSet>\n"
ARTICLE = """<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">\
<PMID Version="1">{pmid}</PMID><DateRevised><Year>{day.year}</Year><Month>{day.month:02d}</Month>\
<Day>{day.day:02d}</Day></DateRevised><Article><Journal><JournalIssue><PubDate><Year>{day.year}\
</Year></PubDate></JournalIssue><Title>Synthetic journal</Title></Journal><ArticleTitle>Synthetic \
record {pmid}: mesenchymal stem cells and disc degeneration.</ArticleTitle><Language>eng</Language>\
</Article></MedlineCitation></PubmedArticle>
"""


def write_articles(folder: Path, revised: dict[int, date], name: str = "articles.xml") -> Path:
    """A corpus folder with one short article per PMID, revised on the given date."""
    (folder / "pubmed").mkdir(parents=True, exist_ok=True)
    body = "".join(ARTICLE.format(pmid=pmid, day=day) for pmid, day in sorted(revised.items()))
    (folder / "pubmed" / name).write_text(HEAD + body + TAIL)
    return folder
