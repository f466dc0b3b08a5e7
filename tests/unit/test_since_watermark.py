"""``since=watermark``, the spider argument a Scrapyd job passes to run incrementally: the spider
asks from the date ``stemspine crawl`` would (the watermark of this search's ok live runs in
STEMSPINE_DB, less the margin), and from the beginning where there is nothing to go by."""

from __future__ import annotations

from scrapy.utils.test import get_crawler

from crawlers import settings as project_settings
from crawlers.spiders.pubmed import PubmedSpider
from crawlers.topic import DEFAULT_TOPIC, load_topic, search_key
from db import store
from db.schema import open_db

TOPIC_SEARCH = search_key(load_topic(DEFAULT_TOPIC)["pubmed"])


def spider(db_path, mode: str = "incremental", margin: int = 3, **kwargs) -> PubmedSpider:
    settings = {name: value for name, value in vars(project_settings).items() if name.isupper()}
    crawler = get_crawler(PubmedSpider, {**settings, "STEMSPINE_DB": str(db_path),
                                         "STEMSPINE_MODE": mode,
                                         "STEMSPINE_WATERMARK_MARGIN_DAYS": margin})
    return PubmedSpider.from_crawler(crawler, **kwargs)


def ok_run(db, search: str | None, since: str | None, until: str, mode: str = "incremental"):
    run_id = store.start_run(db, "pubmed", mode, since, until, 3, search)
    counts = store.RunCounts(announced=2)
    counts.stored = {("pubmed", "1"), ("pubmed", "2")}
    assert store.finish_run(db, run_id, counts, requests=2) == "ok"


def test_asks_from_the_watermark_of_the_same_search_less_the_margin(tmp_path):
    db_path = tmp_path / "s.db"
    db = open_db(str(db_path))
    ok_run(db, TOPIC_SEARCH, None, "2026-03-10")
    ok_run(db, TOPIC_SEARCH, "2026-03-07", "2026-03-20")
    ok_run(db, "another search", None, "2026-11-30")  # an older topic's runs do not count
    ok_run(db, TOPIC_SEARCH, None, "2026-12-01", mode="offline")  # nor offline ones
    db.close()
    assert spider(db_path, since="watermark").since == "2026-03-17"
    # with a margin of 10 days the second run did not look back far enough to extend it
    assert spider(db_path, margin=10, since="watermark").since == "2026-02-28"
    # a date given is kept as it is; without one the job fetches everything
    assert spider(db_path, since="2026-01-02").since == "2026-01-02"
    assert spider(db_path).since is None


def test_everything_where_there_is_no_watermark_to_go_by(tmp_path):
    missing = tmp_path / "not-yet.db"
    assert spider(missing, since="watermark").since is None
    assert not missing.exists()  # reckoning the start never creates the database
    db_path = tmp_path / "s.db"
    db = open_db(str(db_path))
    ok_run(db, "another search", None, "2026-03-10")
    db.close()
    assert spider(db_path, since="watermark").since is None
    assert spider(db_path, mode="offline", since="watermark").since is None
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"not a database at all" * 100)
    assert spider(corrupt, since="watermark").since is None
