"""`pko data fetch` from a local mirror of the publishers, and `pko up` on an empty data folder."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from pko.sources.base import sha256_of
from pko.sources.fetch import CHECKSUMS, DATA_HUB_FOLDER, MANIFEST, DataFile, fetch, read_checksums, source_url


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serving(folder: Path):
    """An HTTP server on 127.0.0.1 serving a folder; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# Fetched from the Data Hub's API only; a copied data folder need not hold them.
API_ONLY = {entry.path for entry in MANIFEST if entry.path.startswith(f"{DATA_HUB_FOLDER}/")}
COPIED = [entry for entry in MANIFEST if entry.path not in API_ONLY]


def test_manifest_lists_every_file_of_the_data_folder(data_dir):
    on_disk = {str(path.relative_to(data_dir)) for path in data_dir.rglob("*") if path.is_file() and path.name != "README.md"}
    listed = {entry.path for entry in MANIFEST}
    assert len(listed) == len(MANIFEST)
    assert listed - API_ONLY == on_disk - API_ONLY
    assert API_ONLY == {f"{DATA_HUB_FOLDER}/DPO-UCHISTORICAL.csv", f"{DATA_HUB_FOLDER}/DPO-UCLATEST.csv"}
    assert all(entry.licence and entry.page and entry.publisher for entry in MANIFEST)
    assert all(entry.url is None or entry.url.startswith("https://") for entry in MANIFEST)


def test_fetch_from_a_mirror_reproduces_every_file_and_records_checksums(run_cli, data_dir, tmp_path):
    target = tmp_path / "data"
    folders = sorted({entry.path.split("/")[0] for entry in COPIED})
    with serving(data_dir) as base:
        result = run_cli("data", "fetch", "--to", str(target), "--base-url", base, *(f"--only={name}/" for name in folders))
    assert result.exit_code == 0, result.output
    assert f"{len(COPIED)} stored, 0 without a direct download, 0 failed" in result.output
    sums = read_checksums(target)
    assert set(sums) == {entry.path for entry in COPIED}
    for entry in COPIED:
        original = sha256_of(data_dir / entry.path)
        assert sums[entry.path] == original == sha256_of(target / entry.path), entry.path
    assert not list(target.rglob("*.part"))


def test_fetch_base_url_from_the_environment_and_a_selection(run_cli, data_dir, tmp_path, monkeypatch):
    target = tmp_path / "data"
    with serving(data_dir) as base:
        monkeypatch.setenv("PKO_FETCH_BASE_URL", base + "/")
        result = run_cli("data", "fetch", "--to", str(target), "--only", "un_fatalities/")
    assert result.exit_code == 0, result.output
    assert sorted(read_checksums(target)) == ["un_fatalities/dppadposs-fatalities_2023-11-28.csv", "un_fatalities/odp_noticas_2021-06.csv"]
    assert (target / "un_fatalities/odp_noticas_2021-06.csv").read_bytes() == (data_dir / "un_fatalities/odp_noticas_2021-06.csv").read_bytes()


def test_a_missing_file_fails_by_name_and_the_others_are_kept(run_cli, data_dir, tmp_path):
    mirror = tmp_path / "mirror"
    shutil.copytree(data_dir / "un_fatalities", mirror / "un_fatalities")
    shutil.copytree(data_dir / "un_member_states", mirror / "un_member_states")
    target = tmp_path / "data"
    with serving(mirror) as base:
        result = run_cli("data", "fetch", "--to", str(target), "--base-url", base, "--only", "un_fatalities/", "--only", "unsc_membership/")
    output = " ".join(result.output.split())
    assert result.exit_code == 1
    assert "failed unsc_membership/DPPA-SCMEMBERSHIP_raw.csv:" in output and "HTTP 404" in output
    assert "2 stored, 0 without a direct download, 3 failed" in output
    assert sorted(read_checksums(target)) == ["un_fatalities/dppadposs-fatalities_2023-11-28.csv", "un_fatalities/odp_noticas_2021-06.csv"]
    assert not (target / "unsc_membership").exists() or not any((target / "unsc_membership").iterdir())


def test_an_unreachable_publisher_is_a_clear_failure(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    entry = DataFile("x/y.csv", "nobody", "none", "nowhere", f"http://127.0.0.1:{port}/y.csv")
    outcome = fetch(tmp_path, [entry], timeout=5)
    assert list(outcome.failed) == ["x/y.csv"]
    assert outcome.failed["x/y.csv"].startswith(f"http://127.0.0.1:{port}/y.csv: ConnectError")
    assert read_checksums(tmp_path) == {}


def test_publisher_urls_are_used_without_a_base_and_assembled_files_are_named():
    direct = next(entry for entry in MANIFEST if entry.path.startswith("un_fatalities/dppadposs"))
    assembled = next(entry for entry in MANIFEST if entry.path == "un_member_states/un_member_states_193.csv")
    assert source_url(direct, None) == direct.url
    assert source_url(assembled, None) is None
    assert source_url(assembled, "http://mirror/pko/") == "http://mirror/pko/un_member_states/un_member_states_193.csv"


def test_data_list_is_machine_readable(run_cli):
    result = run_cli("data", "list", "--format", "json")
    rows = json.loads(result.output)
    assert len(rows) == len(MANIFEST)
    fatalities = next(row for row in rows if row["path"] == "un_fatalities/dppadposs-fatalities_2023-11-28.csv")
    assert fatalities["licence"] == "CC BY-IGO"


def test_up_on_an_empty_data_folder_serves_and_tells_how_to_load_data(database_url, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, PKO_DATABASE_URL=database_url, PKO_DATA_DIR=str(empty), COLUMNS="200")
    process = subprocess.Popen(
        [sys.executable, "-c", "from pko.cli import main; main()", "up", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline, answer = time.monotonic() + 60, None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/import-runs", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert answer is not None, "pko up did not start serving"
        assert answer.status_code == 200 and answer.json()["total"] == 0
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
    text = " ".join(output.split())
    assert f"No public data found in {empty}" in text
    assert "pko data fetch" in text and "pko import all" in text


def test_fetch_into_a_file_is_a_one_line_error(run_cli, tmp_path):
    existing = tmp_path / "passwd"
    existing.write_text("root:x:0:0\n", encoding="utf-8")
    result = run_cli("data", "fetch", "--to", str(existing), "--base-url", "http://127.0.0.1:9")
    assert result.exit_code == 2
    assert "not a folder" in result.output and "Traceback" not in result.output
    assert existing.read_text(encoding="utf-8") == "root:x:0:0\n"
