"""What a fresh interpreter loads: the checks that keep start-up fast (heavy modules only where they are used)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from conftest import ROOT


def loaded_after(code: str, modules: tuple[str, ...]) -> set[str]:
    """Which of `modules` are in sys.modules after running `code` in a fresh interpreter (the tests' own
    modules, such as opsamling_data, importable)."""
    import json
    import subprocess

    script = f"""
import sys, json, atexit
atexit.register(lambda: print("\\n" + json.dumps(sorted(m for m in {modules!r} if m in sys.modules)), file=sys.__stderr__))
{code}
"""
    env = {**os.environ, "COLUMNS": "100", "PYTHONPATH": str(ROOT / "tests")}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


def loaded_by_writing(data: str, target: Path, modules: tuple[str, ...]) -> set[str]:
    """Which of `modules` a fresh interpreter loads to write the opsamling of `opsamling_data.DATA()` to `target`
    (its suffix the format)."""
    code = (f"from opsamling_data import {data}\nfrom aktorskab_cli.opsamling.build import build\n"
            "from aktorskab_cli.writers import write\nfrom pathlib import Path\n"
            f"write(build([{data}()]), Path({str(target)!r}), {target.suffix[1:]!r})")
    return loaded_after(code, modules)
