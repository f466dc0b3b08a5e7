"""Starting the project's real processes from tests: the CLI, the replay server, a server port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent


CONTACT = "stemspine-tests@example.org"  # live crawls (here: of the replay server) need one


def cli_env(**extra: str) -> dict[str, str]:
    """This process' environment with a contact email in NCBI_EMAIL (and ``extra``)."""
    return {**os.environ, "NCBI_EMAIL": os.environ.get("NCBI_EMAIL") or CONTACT, **extra}


def run_cli(*args: str, timeout: float = 300, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``stemspine ARGS`` in a subprocess (Scrapy's reactor starts once per process), with
    a contact email in NCBI_EMAIL unless ``env`` says otherwise."""
    return subprocess.run([str(BIN / "stemspine"), *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd or ROOT, env=cli_env() if env is None else env)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, timeout: float = 60, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            output = proc.stdout.read() if proc.stdout else ""
            raise RuntimeError(f"process exited with {proc.returncode} before {url} answered:\n"
                               f"{output}")
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


@contextmanager
def replay_server(corpus: Path, log_dir: Path, match_text: bool = False) -> Iterator[str]:
    """``python -m crawlers.replay CORPUS`` in a subprocess; yields its base URL. Its output goes
    to a file (a pipe nobody reads could fill up and block the server). The corpus is a
    snapshot (the development corpora hold neighbours and negatives that the topic's words would
    not find) unless ``match_text`` (``--match-text``) matches the search terms too."""
    out_path = log_dir / "replay.log"
    snapshot = ["--match-text"] if match_text else []
    with open(out_path, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "crawlers.replay", str(corpus),
                                 "--port", "0", *snapshot], stdout=out,
                                stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while "http://" not in out_path.read_text():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"replay server did not start: {out_path.read_text()}")
            time.sleep(0.05)
        line = next(x for x in out_path.read_text().splitlines() if "http://" in x)
        yield line.strip().split()[-1].rstrip("/")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a busy server on a loaded machine
            proc.kill()
            proc.wait(timeout=10)


def pubmed_url(base: str) -> str:
    return f"PUBMED_BASE_URL={base}/entrez/eutils/"


def crawl_pubmed(base: str, db_path: Path, *settings: str, full: bool = True,
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``stemspine crawl --source pubmed`` (``--full`` unless ``full`` is false) against the
    replay server at ``base``; each of ``settings`` is a NAME=VALUE."""
    args = ["crawl", "--source", "pubmed", "--db", str(db_path), "--setting", pubmed_url(base)]
    if full:
        args.append("--full")
    for setting in settings:
        args += ["--setting", setting]
    return run_cli(*args, env=env)
