"""Real environment faults for CLI tests, without touching the machine: commands run inside their
own user and mount namespaces (``unshare``), where a tmpfs can be small enough to fill up and a
folder can be mounted read-only. Tests that need this skip with a reason where user namespaces
are not allowed."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

from tests.processes import BIN, ROOT

STEMSPINE = str(BIN / "stemspine")


def namespaces_available() -> str | None:
    """None when ``unshare --user --map-root-user --mount`` works here, else why not."""
    if not shutil.which("unshare"):
        return "unshare (util-linux) is not installed"
    probe = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "true"],
                           capture_output=True, text=True, timeout=30)
    if probe.returncode:
        return f"user and mount namespaces are not allowed here: {probe.stderr.strip()}"
    return None


def as_unprivileged(script: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run a shell script in a new user namespace without a uid mapping: file permissions then
    apply even to root (no CAP_DAC_OVERRIDE over the real root's files)."""
    return subprocess.run(["unshare", "--user", "sh", "-c", script], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT)


def with_mounts(script: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run a shell script as root of a new user and mount namespace (its mounts vanish with it)."""
    return subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def cli(*args: str | Path) -> str:
    """A shell command line running ``stemspine ARGS``."""
    return " ".join(shlex.quote(str(part)) for part in (STEMSPINE, *args))


def read_only_mount(folder: Path) -> str:
    """Shell lines that make ``folder`` a read-only file system (a read-only bind mount)."""
    quoted = shlex.quote(str(folder))
    return f"mount --bind {quoted} {quoted} && mount -o remount,bind,ro {quoted}"
