"""A spider reads its topic section once: every page of a run asks the same search, and a run
whose topic file was edited after its watermark was reckoned (for the search before the edit)
does not crawl, since it would record a watermark for records it never asked for."""

from __future__ import annotations

import asyncio

import yaml
from scrapy.utils.test import get_crawler

from crawlers import settings as project_settings
from crawlers.items import CrawlError
from crawlers.spiders.clinicaltrials import ClinicaltrialsSpider
from crawlers.topic import DEFAULT_TOPIC, load_topic, search_key


def spider(topic_path, **kwargs) -> ClinicaltrialsSpider:
    settings = {name: value for name, value in vars(project_settings).items() if name.isupper()}
    crawler = get_crawler(ClinicaltrialsSpider, {**settings, "STEMSPINE_TOPIC": str(topic_path),
                                                 "STEMSPINE_MODE": "offline"})
    return ClinicaltrialsSpider.from_crawler(crawler, **kwargs)


async def first(agen):
    async for item in agen:
        return item


def test_an_edit_mid_run_does_not_change_the_search_of_later_pages(tmp_path):
    path = tmp_path / "topic.yaml"
    topic = yaml.safe_load(DEFAULT_TOPIC.read_text())
    path.write_text(yaml.safe_dump(topic))
    crawl = spider(path)
    first_page = crawl.page_request("token", 0).url
    topic["clinicaltrials"]["query.cond"] = "scoliosis"
    path.write_text(yaml.safe_dump(topic))
    assert crawl.page_request("token", 0).url == first_page
    assert "scoliosis" not in first_page


def test_a_run_for_a_search_its_topic_file_no_longer_holds_does_not_crawl(tmp_path):
    path = tmp_path / "topic.yaml"
    topic = yaml.safe_load(DEFAULT_TOPIC.read_text())
    path.write_text(yaml.safe_dump(topic))
    reckoned_for = search_key(load_topic(path)["clinicaltrials"])
    topic["clinicaltrials"]["query.cond"] = "scoliosis"  # edited before the spider opened
    path.write_text(yaml.safe_dump(topic))
    refused = asyncio.run(first(spider(path, search=reckoned_for).start()))
    assert isinstance(refused, CrawlError) and refused.fatal
    assert "topic file changed" in refused.message
    # the same search as reckoned: the first request goes out
    current = search_key(load_topic(path)["clinicaltrials"])
    assert not isinstance(asyncio.run(first(spider(path, search=current).start())), CrawlError)
