"""How much memory `finbot import-debts` takes for a large file: the peak resident memory
of the command's own process (SQLite).

The default run imports 50,000 rows (100,000 with `BENCH_STRICT=1`);
`BENCH_IMPORT_ROWS=1000000 uv run pytest -m bench -n 0 -s tests/bench/test_import_memory.py`
imports the million rows of the target. Memory does not depend on the machine's load, so
the target is checked as it is (no slack)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.bench import STRICT
from tests.support.debts import write_debts_csv

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000" if STRICT else "50000"))
LIMIT_MB = 300

pytestmark = [pytest.mark.bench, pytest.mark.database_backends("sqlite")]


# Linux keeps a process's peak resident memory across exec, so a child forked straight from
# pytest (hundreds of MB after the other benchmarks) would report pytest's peak. A small
# Python process starts the command instead and reports the command's own figures.
MEASURE = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(child.pid, 0)
print(f"usage {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}", flush=True)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def import_debts(path: Path, database: Path) -> tuple[float, float, float, str]:
    """Seconds (wall, and the process's CPU), peak resident MB and output of `finbot
    import-debts` in a process of its own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "SECRET_", "DATABASE_", "OPENAI_"))
    }
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{database}"
    script = shutil.which("finbot", path=str(Path(sys.executable).parent))
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", MEASURE, script, "import-debts", str(path)],
        cwd=path.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    assert process.returncode == 0, output
    cpu, peak_kb = output.rsplit("usage ", 1)[1].split()
    return seconds, float(cpu), int(peak_kb) / 1024, output


def test_importing_a_large_file_stays_under_300_mb(tmp_path, capsys):
    path = tmp_path / "debts.csv"
    write_debts_csv(path, ROWS)

    seconds, cpu, peak_mb, output = import_debts(path, tmp_path / "finbot.db")

    with capsys.disabled():
        print(
            f"\nimport of {ROWS:,} rows: {seconds:.1f} s ({cpu:.1f} s of CPU), "
            f"peak resident memory {peak_mb:.0f} MB"
        )
    assert f"debts {ROWS} created" in output
    assert peak_mb < LIMIT_MB, f"peak resident memory {peak_mb:.0f} MB"
