"""Optional compiled build of the tagger (everything else is in pyproject.toml).

``STEMSPINE_COMPILE=1 pip install --no-build-isolation .`` (``make compiled``) compiles the
modules that tag a study with mypyc, the compiler that ships with mypy (which builds mypy
itself the same way, opting in through an environment variable). The source stays the same
Python: mypyc compiles the type-annotated modules to C extensions, about 1.5 times faster on
``bench/bench_tagging.py``. Without the variable (every other install, editable ones included)
nothing is compiled and the package is plain Python.
"""

from __future__ import annotations

import os

from setuptools import setup

# the modules ``evidence.assess.assess`` runs for every study (the pure, hot path)
COMPILED = [
    "evidence/assess.py",
    "evidence/design.py",
    "evidence/own_study.py",
    "evidence/regex_forms.py",
    "evidence/result.py",
    "evidence/sample_size.py",
    "evidence/sections.py",
    "evidence/study_design.py",
    "evidence/tagger.py",
    "evidence/text.py",
    "evidence/typography.py",
    "evidence/vocabulary.py",
]

if __name__ == "__main__":  # as setuptools runs it (tests read COMPILED without building)
    ext_modules = []
    if os.environ.get("STEMSPINE_COMPILE") == "1":
        from mypyc.build import mypycify  # mypy, installed beside setuptools in the build env

        ext_modules = mypycify(COMPILED, opt_level="3")
    setup(ext_modules=ext_modules)
