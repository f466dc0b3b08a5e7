"""The compiled build (setup.py, `make test-compiled`) really runs compiled modules.

`make test-compiled` runs the unit tests and the labelled-set figures again with the tagger's
modules compiled by mypyc; this test makes that run fail if ``evidence`` was imported from the
source tree instead (so the run would have tested plain Python twice). In a plain build it checks
the opposite: nothing compiled shadows the source being edited.
"""

from __future__ import annotations

import importlib
import os
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# the modules setup.py compiles (read without running setup(): it is guarded by __main__)
COMPILED: list[str] = runpy.run_path(str(ROOT / "setup.py"), run_name="setup")["COMPILED"]

EXPECT_COMPILED = os.environ.get("STEMSPINE_EXPECT_COMPILED") == "1"


def _module_files() -> dict[str, str]:
    names = [path.removesuffix(".py").replace("/", ".") for path in COMPILED]
    return {name: str(importlib.import_module(name).__file__) for name in names}


def test_the_build_under_test_is_the_one_expected() -> None:
    files = _module_files()
    assert len(files) >= 9, files  # every module assess() runs
    compiled = {name for name, path in files.items() if path.endswith(".so")}
    if EXPECT_COMPILED:
        assert compiled == set(files), f"not compiled: {sorted(set(files) - compiled)}"
        assert not any(path.startswith(str(ROOT / "evidence")) for path in files.values())
    else:
        assert not compiled, f"compiled modules shadow the source: {sorted(compiled)}"
