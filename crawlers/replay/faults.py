"""Faults the replay server can inject: the ways the real APIs fail, not only transport errors.

Transport: error statuses (with Retry-After, or a text/plain body), held requests, truncated
bodies. Content, each the shape of a real failure the crawler must count rather than lose:
an esearch ErrorList (PhraseNotFound, FieldNotFound), a count the API writes oddly, fewer records
than asked or announced, an empty page that still hands out a next cursor, an expired E-utilities
history, cursors that lead back (the same one, or a fresh one each time), a record nested deeper
than a JSON reader follows, a lone surrogate in a record.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field, fields

KINDS = ("status", "timeout", "truncate", "error_list", "count", "drop", "empty", "expire",
         "nest", "surrogate", "loop", "swap", "repeat", "rewind")


@dataclass
class Fault:
    """One fault rule, matched against the request path by substring.

    The first `after` matching requests pass untouched, the next `times` ones get the fault:

    - "status": answers `status` (with a Retry-After header when `retry_after` is set), body
      text/plain: `value` or a default line;
    - "timeout": holds the request `delay` seconds and closes without answering;
    - "truncate": sends the full Content-Length header but only half the body, then closes;
    - "error_list" (esearch): adds `<ErrorList><NAME>TEXT</NAME></ErrorList>` for `value`
      "NAME:TEXT" (e.g. "PhraseNotFound:abcXYZ");
    - "count": the announced count (esearch Count, hitCount, totalCount) written as `value`;
    - "drop": the response holds `value` (default 1) fewer records than asked (efetch) or than
      the page should (search pages; the cursor goes on as if they had been served);
    - "empty": a search page without records that still gives the next cursor;
    - "expire" (efetch): the E-utilities history (WebEnv) is forgotten first, as when it
      expires: "Unable to obtain query #1";
    - "nest": the first record of a JSON page gets a value nested `value` (default 1000) deep;
    - "surrogate": the first record's title gets a lone surrogate (JSON "\\ud800"; in efetch
      XML the character reference &#xD800;);
    - "loop" (search pages): the next cursor leads back to the previous page, so a client that
      follows it pages for ever;
    - "rewind" (search pages): the next cursor leads back to the first page under a cursor never
      handed out before, so a client that only remembers cursors pages for ever;
    - "swap" (efetch): the batch's last article comes back under a PMID that was not asked for
      (the count is right, one asked-for record is missing);
    - "repeat" (efetch): the batch's last article is replaced by a second copy of its first.
    """

    path: str
    kind: str = "status"
    status: int = 500
    retry_after: int | None = None
    times: int = 1
    after: int = 0
    delay: float = 30.0
    value: str = ""
    seen: int = field(default=0, repr=False, compare=False)
    hits: int = field(default=0, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"fault kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if not isinstance(self.path, str) or not self.path:
            raise ValueError("fault path must be a non-empty string")
        if not 100 <= int(self.status) <= 599:
            raise ValueError(f"fault status must be an HTTP status, not {self.status!r}")
        if self.times < 0 or self.after < 0 or self.delay < 0:
            raise ValueError("fault times, after and delay must not be negative")
        self.value = str(self.value)
        if self.kind == "error_list" and ":" not in self.value:
            raise ValueError("an error_list fault needs a value NAME:TEXT, e.g. "
                             "PhraseNotFound:abcXYZ")
        if self.kind in ("drop", "nest") and self.value and not _is_number(self.value):
            raise ValueError(f"a {self.kind} fault's value is a number, not {self.value!r}")

    def number(self, default: int) -> int:
        return int(self.value) if _is_number(self.value) else default

    @classmethod
    def from_dict(cls, data: dict) -> Fault:
        """Build a fault from JSON fields (the body of POST /_replay/faults)."""
        if not isinstance(data, dict):
            raise ValueError(f"a fault must be a JSON object, not {type(data).__name__}")
        allowed = {f.name for f in fields(cls)} - {"seen", "hits"}
        unknown = set(data) - allowed
        if unknown:
            raise ValueError(f"unknown fault fields: {', '.join(sorted(unknown))}")
        if "path" not in data:
            raise ValueError("a fault needs a path")
        try:
            return cls(**data)
        except TypeError as exc:
            raise ValueError(f"bad fault {data!r}: {exc}") from exc

    def to_dict(self) -> dict:
        return asdict(self)


class FaultSet:
    """Thread-safe list of faults; `pick` counts matching requests and returns the one to apply."""

    def __init__(self, faults: list[Fault] | None = None) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = list(faults or [])

    def add(self, fault: Fault) -> None:
        if not isinstance(fault, Fault):
            raise ValueError(f"expected a Fault, not {type(fault).__name__}")
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def pick(self, path: str) -> Fault | None:
        """Count this request against every matching fault; return the first one that fires."""
        chosen: Fault | None = None
        with self._lock:
            for fault in self._faults:
                if fault.path not in path:
                    continue
                fault.seen += 1
                if chosen is None and fault.seen > fault.after and fault.hits < fault.times:
                    fault.hits += 1
                    chosen = fault
        return chosen

    def snapshot(self) -> list[dict]:
        with self._lock:
            return [f.to_dict() for f in self._faults]


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit()
