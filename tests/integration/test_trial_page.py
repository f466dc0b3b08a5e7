"""A study page shows its trial and the trial's other reports, through the project's Datasette
(ASGI client), on a database derived by db.build: reports of one trial link to the trial, not to
each other, whether or not the trial's registration is stored."""

from __future__ import annotations

import asyncio
import json

from crawlers.items import SourceRecord
from db import store
from db.build import derive
from db.evidence_files import load_vocabulary
from db.schema import open_db
from db.serve import make_datasette


def save(db, record: SourceRecord) -> None:
    data = record.as_dict()
    store.save_records(db, [(data, json.dumps(data))], None, store.RunCounts())


def page(db_path: str, study_id: str) -> str:
    datasette = make_datasette(db_path)
    asyncio.run(datasette.invoke_startup())
    path = "/trials/studies/" + study_id.replace(":", "~3A")
    response = asyncio.run(datasette.client.get(path))
    assert response.status_code == 200, response.text[-2000:]
    return response.text


def test_trial_section_with_and_without_the_registration(tmp_path) -> None:
    db_path = str(tmp_path / "trials.db")
    db = open_db(db_path)
    for pmid, year in (("501", 2021), ("502", 2023)):
        save(db, SourceRecord(source="pubmed", source_id=pmid, kind="publication", raw="",
                              pmid=pmid, year=year, nct_ids=["NCT00000777"],
                              title=f"Report {pmid} of the MSC disc trial"))
    derive(db, load_vocabulary(), [])
    db.close()
    html = page(db_path, "pmid:501")
    assert "Trial NCT00000777" in html
    assert "The registration is not in this database" in html
    assert 'href="https://clinicaltrials.gov/study/NCT00000777"' in html
    assert 'href="/trials/studies/pmid~3A502"' in html and "Report 502 of the MSC" in html

    db = open_db(db_path)
    save(db, SourceRecord(source="clinicaltrials", source_id="NCT00000777", kind="registration",
                          raw="", nct_id="NCT00000777", title="MSC for disc degeneration"))
    derive(db, load_vocabulary(), [])
    db.close()
    html = page(db_path, "pmid:501")
    assert 'Registration: <a href="/trials/studies/nct~3ANCT00000777">' in html
    registration = page(db_path, "nct:NCT00000777")
    assert "reports of this trial" in registration
    assert 'href="/trials/studies/pmid~3A501"' in registration
    assert 'href="/trials/studies/pmid~3A502"' in registration
