"""Runs spiders in this process with Scrapy's CrawlerProcess (the reactor starts once per process:
one call per process)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawlers.items import SOURCES
from crawlers.spiders.clinicaltrials import ClinicaltrialsSpider
from crawlers.spiders.europepmc import EuropepmcSpider
from crawlers.spiders.pubmed import PubmedSpider

SPIDERS = {"pubmed": PubmedSpider, "europepmc": EuropepmcSpider,
           "clinicaltrials": ClinicaltrialsSpider}
BASE_URL_SETTINGS = {"pubmed": "PUBMED_BASE_URL", "europepmc": "EUROPEPMC_BASE_URL",
                     "clinicaltrials": "CLINICALTRIALS_BASE_URL"}


@dataclass
class SourceOutcome:
    source: str
    status: str  # ok / partial / failed
    crawl_run_id: int | None
    requests: int
    announced: int | None = None  # the API's count for the search
    stored: int = 0  # distinct records written or found unchanged
    skipped: int = 0
    deleted: int = 0
    errors: int = 0

    def summary(self) -> str:
        announced = "?" if self.announced is None else self.announced
        return (f"{self.source}: {self.status} (announced {announced}, stored {self.stored}, "
                f"skipped {self.skipped}, deleted {self.deleted}; {self.errors} errors; "
                f"{self.requests} requests)")


def project_settings(db_path: str, mode: str, overrides: dict[str, Any] | None = None,
                     base_urls: dict[str, str] | None = None,
                     topic: str | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("crawlers.settings", priority="project")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    # set after the overrides: the database the CLI locked and derives, the mode the watermark
    # is kept by (crawlers.setting_values refuses overrides of these, this makes sure)
    settings.set("STEMSPINE_DB", db_path, priority="cmdline")
    settings.set("STEMSPINE_MODE", mode, priority="cmdline")
    if topic:
        settings.set("STEMSPINE_TOPIC", topic, priority="cmdline")
    for source, url in (base_urls or {}).items():  # an offline corpus wins over any override
        settings.set(BASE_URL_SETTINGS[source], url, priority="cmdline")
    return settings


def run_crawl(settings: Settings, since: dict[str, str | None],
              until: dict[str, str] | None = None,
              searches: dict[str, str] | None = None) -> list[SourceOutcome]:
    """Crawl each source in ``since`` (source -> ISO date or None for everything) up to its
    ``until`` (source -> the API's date at the start; default: today in the API's calendar),
    concurrently, and return what each crawl run ended as. ``searches`` (source -> topic
    fingerprint) are the searches ``since`` was reckoned for: a spider whose topic file now
    holds another does not crawl."""
    unknown = set(since) - set(SOURCES)
    if unknown:
        raise ValueError(f"unknown source(s): {', '.join(sorted(unknown))}")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False)  # the CLI configured logging already
    process = CrawlerProcess(settings)
    crawlers = []
    for source in since:
        crawler = process.create_crawler(SPIDERS[source])
        process.crawl(crawler, since=since[source], until=(until or {}).get(source),
                      search=(searches or {}).get(source))
        crawlers.append((source, crawler))
    process.start()
    outcomes = []
    for source, crawler in crawlers:
        stats = crawler.stats
        outcomes.append(SourceOutcome(
            source=source,
            status=stats.get_value("stemspine/status", "failed"),
            crawl_run_id=stats.get_value("stemspine/crawl_run_id"),
            requests=stats.get_value("downloader/request_count", 0),
            announced=stats.get_value("stemspine/announced"),
            stored=stats.get_value("stemspine/stored", 0),
            skipped=stats.get_value("stemspine/skipped", 0),
            deleted=stats.get_value("stemspine/deleted", 0),
            errors=stats.get_value("stemspine/errors", 0)))
    return outcomes
