"""Downloader middleware: Scrapy's retries, honouring the server's Retry-After."""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response

logger = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent
    or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class RetryAfterMiddleware(RetryMiddleware):
    """Retries 429/5xx like Scrapy's RetryMiddleware, but first waits as long as the server's
    Retry-After asks (up to RETRY_AFTER_MAX seconds; a longer wait gives up on the request)."""

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is not None:
            limit = self.crawler.settings.getfloat("RETRY_AFTER_MAX")
            if wait > limit:
                logger.warning("%s asks to retry after %.0f s (> RETRY_AFTER_MAX %.0f): giving up",
                               request.url, wait, limit)
                return response
            logger.info("HTTP %s from %s: waiting %.1f s as Retry-After asks",
                        response.status, request.url, wait)
            await asyncio.sleep(wait)
        return self._retry(request, f"HTTP {response.status}") or response
