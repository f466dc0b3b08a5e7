"""``stemspine schedule``: the crontab line parses (five time fields, then a shell command that
``sh -n`` accepts), the systemd units pass ``systemd-analyze verify`` (where installed), and
``--install`` writes them, replacing its own earlier entry and nothing else."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.processes import BIN, run_cli

CRON_FIELD = re.compile(r"^(\*|\d+(-\d+)?)(/\d+)?(,(\*|\d+(-\d+)?)(/\d+)?)*$")
FIELD_RANGES = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]


def parse_cron_line(line: str) -> tuple[list[str], str]:
    """(the five time fields, the command) of a crontab line; AssertionError if it is not one."""
    parts = line.split(None, 5)
    assert len(parts) == 6, line
    fields, command = parts[:5], parts[5]
    for field, (low, high) in zip(fields, FIELD_RANGES, strict=True):
        assert CRON_FIELD.match(field), field
        for number in re.findall(r"\d+", field.split("/")[0]):
            assert low <= int(number) <= high, (field, low, high)
    assert "%" not in command.replace("\\%", ""), "cron turns an unescaped % into a newline"
    return fields, command


def schedule(*args: str, env: dict[str, str] | None = None):
    result = run_cli("schedule", *args, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_cron_line_runs_crawl_then_tag_nightly_with_absolute_paths_and_a_log(tmp_path):
    db_path = tmp_path / "my data" / "stemspine.db"
    db_path.parent.mkdir()
    out = schedule("--db", str(db_path), "--at", "03:45",
                   env={**os.environ, "NCBI_EMAIL": "nightly@example.org"})
    marker, line = out.strip().splitlines()
    assert marker.startswith("# stemspine schedule stemspine-crawl:") and str(db_path) in marker
    fields, command = parse_cron_line(line)
    assert fields == ["45", "3", "*", "*", "*"]
    stemspine = str(BIN / "stemspine")
    assert command.index(f"{stemspine} crawl --db '{db_path}'") < command.index(
        f"{stemspine} tag --db '{db_path}'")
    assert command.count(f">> '{db_path.parent}/stemspine-crawl.log' 2>&1") == 2
    assert "NCBI_EMAIL=nightly@example.org" in command
    assert subprocess.run(["sh", "-n", "-c", command]).returncode == 0


def test_bad_time_is_a_usage_error(tmp_path):
    result = run_cli("schedule", "--db", str(tmp_path / "s.db"), "--at", "24:00")
    assert result.returncode == 2 and "--at" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def verify_units(folder: Path, names: list[str]) -> None:
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed: the units were not verified")
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", *names], cwd=folder,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_systemd_units_print_and_verify(tmp_path):
    db_path = tmp_path / "stemspine.db"
    out = schedule("--systemd", "--db", str(db_path), "--at", "2:05")
    texts = re.split(r"^# (\S+)\n", out, flags=re.M)[1:]
    units = dict(zip(texts[::2], texts[1::2], strict=True))
    assert sorted(units) == ["stemspine-crawl.service", "stemspine-crawl.timer"]
    service, timer = units["stemspine-crawl.service"], units["stemspine-crawl.timer"]
    assert f"ExecStart={BIN / 'stemspine'} crawl --db {db_path}\n" in service
    assert f"ExecStart={BIN / 'stemspine'} tag --db {db_path}\n" in service
    assert "Type=oneshot" in service and "SyslogIdentifier=stemspine" in service
    assert "OnCalendar=*-*-* 02:05:00" in timer and "Persistent=true" in timer
    for name, text in units.items():
        (tmp_path / name).write_text(text)
    verify_units(tmp_path, list(units))


def test_systemd_install_writes_the_units_with_a_log_file(tmp_path):
    units = tmp_path / "units"
    log = tmp_path / "crawl.log"
    out = schedule("--systemd", "--install", "--unit-dir", str(units), "--db",
                   str(tmp_path / "s.db"), "--log", str(log), "--name", "spine-nightly")
    assert "systemctl enable --now spine-nightly.timer" in out
    service = (units / "spine-nightly.service").read_text()
    assert f"StandardOutput=append:{log}" in service and f"StandardError=append:{log}" in service
    assert "Unit=spine-nightly.service" in (units / "spine-nightly.timer").read_text()
    verify_units(units, ["spine-nightly.service", "spine-nightly.timer"])


def test_cron_install_replaces_its_own_entry_and_keeps_the_others(tmp_path):
    """``crontab -l`` / ``crontab -`` as cron's own tool behaves, backed by a file."""
    fake = tmp_path / "bin" / "crontab"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\nstore="$CRONTAB_FILE"\ncase "$1" in\n'
                    '  -l) [ -f "$store" ] || { echo "no crontab for you" >&2; exit 1; }; '
                    'cat "$store" ;;\n  -) cat > "$store" ;;\n  *) exit 2 ;;\nesac\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    crontab = tmp_path / "crontab.txt"
    env = {**os.environ, "PATH": f"{fake.parent}:{os.environ['PATH']}",
           "CRONTAB_FILE": str(crontab)}
    schedule("--install", "--db", str(tmp_path / "s.db"), env=env)
    crontab.write_text("MAILTO=ops@example.org\n" + crontab.read_text() + "0 * * * * true\n")
    schedule("--install", "--db", str(tmp_path / "s.db"), "--at", "04:10", env=env)
    lines = crontab.read_text().splitlines()
    assert lines[0] == "MAILTO=ops@example.org" and "0 * * * * true" in lines
    entries = [line for line in lines if " crawl --db " in line]
    assert len(entries) == 1 and parse_cron_line(entries[0])[0][:2] == ["10", "4"]


def test_systemd_units_with_spaces_in_the_paths_verify(tmp_path):
    """WorkingDirectory= and StandardOutput=append: take a path literally: quoting it (as
    ExecStart= words are) made it "not absolute" (issue 9 audit, item 8)."""
    folder = tmp_path / "sp ace 100%"
    folder.mkdir()
    units = tmp_path / "units"
    db_path, log = folder / "x.db", folder / "l.log"
    schedule("--systemd", "--install", "--unit-dir", str(units), "--db", str(db_path),
             "--log", str(log))
    service = (units / "stemspine-crawl.service").read_text()
    escaped = str(folder).replace("%", "%%")
    assert f"WorkingDirectory={escaped}\n" in service
    assert f"StandardOutput=append:{escaped}/l.log\n" in service
    assert f"StandardError=append:{escaped}/l.log\n" in service
    assert f'ExecStart={BIN / "stemspine"} crawl --db "{escaped}/x.db"\n' in service
    verify_units(units, ["stemspine-crawl.service", "stemspine-crawl.timer"])


def test_cron_line_tags_only_after_an_ok_crawl_and_says_when_a_night_fails(tmp_path):
    """As the systemd oneshot does: tag runs only when crawl exits 0; a non-zero exit prints
    one line that cron mails, instead of going only to the log (issue 9 audit, item 9)."""
    db_path = tmp_path / "s.db"
    _, command = parse_cron_line(schedule("--db", str(db_path)).strip().splitlines()[1])
    stemspine = str(BIN / "stemspine")
    assert f"2>&1 && {stemspine} tag" in command or "2>&1 && NCBI_EMAIL=" in command
    failing = command.replace(stemspine, "false")  # a night whose crawl fails
    result = subprocess.run(["sh", "-c", failing], capture_output=True, text=True)
    assert result.stdout.strip() == (f"stemspine-crawl: the nightly run exited with code 1; "
                                     f"see {tmp_path}/stemspine-crawl.log")
    ok = command.replace(stemspine, "true")
    assert subprocess.run(["sh", "-c", ok], capture_output=True, text=True).stdout == ""


def test_a_schedule_without_a_contact_address_warns_that_the_night_will_refuse(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "NCBI_EMAIL"}
    result = run_cli("schedule", "--db", str(tmp_path / "s.db"), env=env)
    assert result.returncode == 0  # printed all the same: the address may come from scrapy.cfg
    assert "NCBI_EMAIL is not set" in result.stderr and "refuse to start" in result.stderr
    assert result.stdout.strip()  # the cron line itself, on stdout, unchanged
    with_email = run_cli("schedule", "--db", str(tmp_path / "s.db"),
                         env={**env, "NCBI_EMAIL": "nightly@example.org"})
    assert "NCBI_EMAIL is not set" not in with_email.stderr
