"""Crawl settings given as text (``stemspine crawl --setting NAME=VALUE``), checked before a crawl
starts: an unknown name or a value of the wrong type is a usage error, not a traceback from
inside a spider hours later or a typo that silently changes nothing.

A name is known when Scrapy's defaults or ``crawlers/settings.py`` define it; the value must
convert the way Scrapy's own getters (``getint``, ``getbool``, ...) will read it, to the type of
that default, and fall inside the setting's range (``RANGES``: a page size of 0 or a negative
watermark margin is refused, not crawled with). A file setting (``STEMSPINE_TOPIC``) must name
a file that reads as what it holds, as ``--topic`` must. The settings the CLI itself derives from
its options (``INTERNAL``) cannot be given.
"""

from __future__ import annotations

import difflib
import json
import math
from typing import Any

from scrapy.settings import BaseSettings, Settings

from crawlers.topic import load_topic

LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")

# set by the CLI from its options: an override would write another database than the one locked
# and derived, or record a run under another mode (an offline run moving the live watermark)
INTERNAL = {"STEMSPINE_DB": "--db", "STEMSPINE_MODE": "--full or --offline"}

# (lowest, highest) allowed value of a numeric setting; None: no bound on that side
RANGES: dict[str, tuple[float | None, float | None]] = {
    # (a margin of more than ten years is a full crawl: --full says so)
    "STEMSPINE_WATERMARK_MARGIN_DAYS": (0, 3650),
    "STEMSPINE_MAX_PENDING_RECORDS": (0, None),
    # below a minute a live sibling between two heartbeats (every 10 s) would be closed as
    # abandoned; above a week a killed run would stay "running" for good
    "STEMSPINE_ABANDONED_AFTER_MINUTES": (1, 10080),
    "PUBMED_BATCH_SIZE": (1, 10000),  # NCBI's maximum per efetch
    "PUBMED_POST_ABOVE": (0, None),
    "PUBMED_MAX_RESULTS": (1, 9999),  # PubMed serves at most 9,999 records of one search
    "EUROPEPMC_PAGE_SIZE": (1, 1000),
    "CLINICALTRIALS_PAGE_SIZE": (1, 1000),
    "RETRY_TIMES": (0, None),
    "RETRY_AFTER_MAX": (0, None),
    "DOWNLOAD_DELAY": (0, None),
    "DOWNLOAD_TIMEOUT": (0.001, None),
    "CONCURRENT_REQUESTS": (1, None),
    "CONCURRENT_REQUESTS_PER_DOMAIN": (1, None),
    "AUTOTHROTTLE_START_DELAY": (0, None),
    "AUTOTHROTTLE_MAX_DELAY": (0, None),
    "AUTOTHROTTLE_TARGET_CONCURRENCY": (0.001, None),
}


def project_defaults() -> Settings:
    settings = Settings()
    settings.setmodule("crawlers.settings", priority="project")
    return settings


def setting_value(name: str, text: str, defaults: Settings | None = None) -> Any:
    """The value ``NAME=text`` gives, typed as the setting's default; ValueError saying why not."""
    defaults = defaults or project_defaults()
    if name not in defaults:
        close = difflib.get_close_matches(name, list(defaults), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise ValueError(f"unknown setting {name!r}{hint}")
    if name in INTERNAL:
        raise ValueError(f"{name} is set by stemspine itself: use {INTERNAL[name]}")
    if name == "STEMSPINE_TOPIC":  # a path, checked as --topic is: a missing or malformed
        try:                      # file is one clear line before any request
            load_topic(text)
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
        return text
    default = defaults.get(name)
    try:
        value = json.loads(text)
    except ValueError:
        value = text
    if default is None:
        return value
    if isinstance(default, str):
        if name == "LOG_LEVEL" and text.upper() not in LOG_LEVELS:
            raise ValueError(f"{name} must be one of {', '.join(LOG_LEVELS)}, not {text!r}")
        return text.upper() if name == "LOG_LEVEL" else text
    if isinstance(default, int) and not isinstance(default, bool) and isinstance(value, float):
        raise ValueError(f"{name} expects a whole number, not {text!r}")
    probe = BaseSettings({name: value})
    getter, kind = _getter(probe, default)
    try:
        typed = getter(name)
    except (ValueError, TypeError):
        raise ValueError(f"{name} expects {kind}, not {text!r}") from None
    check_range(name, typed)
    return typed


def check_range(name: str, value: Any) -> None:
    """ValueError when a numeric setting is outside its range (``RANGES``)."""
    if name not in RANGES or isinstance(value, bool) or not isinstance(value, (int, float)):
        return
    low, high = RANGES[name]
    if not math.isfinite(value) or (low is not None and value < low) or (
            high is not None and value > high):
        if high is None:
            allowed = "positive" if low and low < 1 else f"at least {low:g}"
        else:
            allowed = f"between {low:g} and {high:g}"
        raise ValueError(f"{name} must be {allowed}, not {value!r}")


def _getter(probe: BaseSettings, default: Any) -> tuple[Any, str]:
    if isinstance(default, bool):
        return probe.getbool, "true or false"
    if isinstance(default, int):
        return probe.getint, "a whole number"
    if isinstance(default, float):
        return probe.getfloat, "a number"
    if isinstance(default, (list, tuple)):
        return probe.getlist, "a JSON list or comma-separated values"
    if isinstance(default, (dict, BaseSettings)):
        return probe.getdict, "a JSON object"
    return probe.get, f"a value like {default!r}"
