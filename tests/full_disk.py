"""A store pipeline on a disk that fills up during the crawl, for `--setting ITEM_PIPELINES=...`
in a `stemspine crawl` subprocess (with this checkout on PYTHONPATH).

The disk is SQLite's own: ``max_page_count`` caps the database a little above its size when the
crawl starts, so once the first batches have taken the free room, a write that needs a new page
fails with "database or disk is full", as on a full disk. Nothing of the project is replaced:
this is the project's pipeline, with its batches made small so that several are written."""

from __future__ import annotations

from crawlers.pipelines import StorePipeline

FREE_PAGES = 60  # about 240 KB of room: a few batches of 5 records


class DiskFillsUpPipeline(StorePipeline):
    batch_size = 5

    def open_spider(self) -> None:
        super().open_spider()
        self.flush_at = self.batch_size
        pages = self.db.execute("pragma page_count").fetchone()[0]
        self.db.execute(f"pragma max_page_count = {pages + FREE_PAGES}")
