"""Crawl settings given as text (``stemspine crawl --setting NAME=VALUE``), checked before a crawl
starts: an unknown name or a value of the wrong type is a usage error, not a traceback from
inside a spider hours later or a typo that silently changes nothing.

A name is known when Scrapy's defaults or ``crawlers/settings.py`` define it; the value must
convert the way Scrapy's own getters (``getint``, ``getbool``, ...) will read it, to the type of
that default.
"""

from __future__ import annotations

import difflib
import json
from typing import Any

from scrapy.settings import BaseSettings, Settings

LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


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
        return getter(name)
    except (ValueError, TypeError):
        raise ValueError(f"{name} expects {kind}, not {text!r}") from None


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
