"""The `pko` command as a process: domains load only when called, and a database not set up is said in one line."""

from __future__ import annotations

import os
import subprocess
import sys

from pko.cli import DOMAINS


def _pko(*args: str, cwd, url: str) -> subprocess.CompletedProcess:
    env = os.environ | {"PKO_DATABASE_URL": url, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-c", "from pko.cli import main; main()", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_help_lists_every_domain_and_a_domain_runs_alone(tmp_path):
    shown = _pko("--help", cwd=tmp_path, url=f"sqlite:///{tmp_path}/x.sqlite3")
    assert shown.returncode == 0 and all(f" {name} " in shown.stdout for _, name in DOMAINS)
    code = "import sys; from pko.cli import app; app(['forcegen', '--help'], standalone_mode=False); " \
           "print(sorted(m for m in sys.modules if m.startswith('pko.') and m.endswith('.cli') and m != 'pko.cli'))"
    loaded = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0 and loaded.stdout.strip().splitlines()[-1] == "['pko.forcegen.cli']"


def test_a_database_not_set_up_is_named_with_the_command_that_sets_it_up(tmp_path):
    answer = _pko("missions", "list", cwd=tmp_path, url=f"sqlite:///{tmp_path}/empty.sqlite3")
    assert answer.returncode == 1 and "Traceback" not in answer.stderr
    assert "no such table: mission" in answer.stderr and "`pko db upgrade` creates or migrates it" in answer.stderr
    hidden = _pko("missions", "list", cwd=tmp_path, url="postgresql://pko:s3cret@127.0.0.1:9/pko")
    assert hidden.returncode == 1 and "s3cret" not in hidden.stderr and "***" in hidden.stderr
