"""What a crawl prints: each source's own lines, not Scrapy's start-up and stats dumps (they
come back with LOG_LEVEL=DEBUG); no remote-control server or job file; an unreachable API in
words."""

from __future__ import annotations

from tests.processes import cli_env, run_cli

EXIT_OK, EXIT_FAILED = 0, 4


def test_an_offline_crawl_prints_what_each_source_did_and_little_else(tmp_path):
    env = cli_env(HOME=str(tmp_path / "home"), XDG_STATE_HOME=str(tmp_path / "state"))
    result = run_cli("crawl", "--offline", "--db", str(tmp_path / "s.db"), env=env)
    assert result.returncode == EXIT_OK, result.stderr[-3000:]
    log = result.stderr
    for source in ("pubmed", "europepmc", "clinicaltrials"):
        assert f"{source}: ok (announced" in log
    for dump in ("Dumping Scrapy stats", "Enabled downloader middlewares", "Overridden settings",
                 "Remote control"):
        assert dump not in log
    assert len(log.splitlines()) < 20, log
    # Scrapy's remote control would have written a job file (with its token) under the state dir
    assert not list(tmp_path.rglob("job_files"))

    debug = run_cli("crawl", "--offline", "--db", str(tmp_path / "d.db"),
                    "--setting", "LOG_LEVEL=DEBUG", env=env)
    assert debug.returncode == EXIT_OK
    assert "Overridden settings" in debug.stderr and "Dumping Scrapy stats" in debug.stderr


def test_an_unreachable_api_is_named_in_one_short_line(tmp_path):
    result = run_cli("crawl", "--source", "clinicaltrials", "--db", str(tmp_path / "u.db"),
                     "--setting", "CLINICALTRIALS_BASE_URL=http://127.0.0.1:9/api/v2/")
    assert result.returncode == EXIT_FAILED
    line = next(line for line in result.stderr.splitlines() if "cannot reach" in line)
    assert "127.0.0.1 refused the connection" in line and len(line) < 160, line
