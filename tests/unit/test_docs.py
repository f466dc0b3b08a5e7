"""Docs that cannot rot: every command has help and a README section, every option is named in
the README, and the README opens with the two quick-start commands."""

from __future__ import annotations

import re

import click
import pytest

import stemspine
from tests.processes import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(stemspine.main.commands)


def test_readme_quick_start_is_make_run_and_make_test():
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert re.search(r"^make run\b", quick_start, re.M)
    assert re.search(r"^make test\b", quick_start, re.M)


def test_design_contract_commands_exist():
    assert set(COMMANDS) >= {"run", "crawl", "tag", "serve", "status", "evaluate"}


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_and_readme_mention(name):
    command = stemspine.main.commands[name]
    assert command.help and len(command.help) > 20
    assert f"`stemspine {name}" in README, f"README lacks a section for `stemspine {name}`"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_is_documented(name):
    command = stemspine.main.commands[name]
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts} has no help"
            assert any(opt in README for opt in param.opts), f"README lacks {param.opts}"


def test_exit_codes_are_documented():
    table = README.split("### Exit codes", 1)[1].split("##", 1)[0]
    for code in (stemspine.EXIT_OK, stemspine.EXIT_USAGE, stemspine.EXIT_PARTIAL,
                 stemspine.EXIT_FAILED, stemspine.EXIT_LOCKED):
        assert re.search(rf"^\| {code} \|", table, re.M), code
