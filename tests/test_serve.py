"""`make serve` (`build_edition.py serve`) on the fixture edition: it rebuilds when a note changes, reports a
broken note without stopping, and ends quietly on Ctrl+C (SIGINT to the whole process group, as a terminal
sends it)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit
from pathlib import Path

import pytest
import yaml

from conftest import copy_fixture_project

NOTE = "ferry-fares"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, what: str, timeout: float = 240.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


def start(project: Path, stderr: Path, via_make: bool):
    port = free_port()
    if via_make:
        command = ["make", "--no-print-directory", "serve", f"VENV={sys.prefix}", "STAMP=",
                   f"SERVE_ADDR=127.0.0.1:{port}"]
    else:
        command = [sys.executable, "build_edition.py", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    with stderr.open("wb") as err:
        process = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=err,
                                   start_new_session=True)  # its own process group, like a terminal's job
    # `mkdocs serve` serves the site under site_url's path, as the published site is.
    path = urlsplit(yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8")).get("site_url") or "/").path
    return process, f"http://127.0.0.1:{port}{path.rstrip('/')}"


@pytest.fixture
def served(tmp_path, request):
    project = copy_fixture_project(tmp_path / "project")
    stderr = tmp_path / "serve.stderr"
    process, base = start(project, stderr, via_make=request.param)
    try:
        yield project, base, stderr, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def interrupt(process, stderr: Path) -> str:
    os.killpg(process.pid, signal.SIGINT)  # Ctrl+C in the terminal reaches make and the server alike
    process.communicate(timeout=120)  # generous: a loaded CI machine can be slow to shut MkDocs down
    messages = stderr.read_text(encoding="utf-8")
    assert "Traceback" not in messages and "Error" not in messages and "***" not in messages, messages
    return messages


@pytest.mark.parametrize("served", [False], indirect=True, ids=["build_edition.py serve"])
def test_serve_rebuilds_reports_and_stops_quietly(served):
    project, base, stderr, process = served
    page = f"{base}/claims/{NOTE}/"
    wait_for(lambda: "When will the fares fall?" in (fetch(page) or ""), "the first build to be served")

    note = project / "notes" / f"{NOTE}.md"
    note.write_text(note.read_text(encoding="utf-8").replace("When will the fares fall?", "Do fares follow the bridge?"),
                    encoding="utf-8")
    wait_for(lambda: "Do fares follow the bridge?" in (fetch(page) or ""), "the changed note to be served")
    assert "Do fares follow the bridge?" in fetch(f"{base}/harbour/")  # its footnote on a target, too

    (project / "notes" / "broken.md").write_text("---\ntitle: T\nauthors: [A]\ntargets: [bridge.p99]\n---\nB.\n",
                                                 encoding="utf-8")
    wait_for(lambda: "error: notes/broken.md:4: unknown paragraph 'bridge.p99'" in stderr.read_text(encoding="utf-8"),
             "the broken note's message")
    assert "[notes.unknown-target]" in stderr.read_text(encoding="utf-8")
    assert process.poll() is None and "Do fares follow the bridge?" in fetch(page)  # still serving the last good pages

    messages = interrupt(process, stderr)
    assert process.returncode == 0, messages
    assert "Shutting down" in messages


@pytest.mark.parametrize("served", [True], indirect=True, ids=["make serve"])
def test_make_serve_stops_quietly_on_ctrl_c(served):
    project, base, stderr, process = served
    wait_for(lambda: fetch(f"{base}/bridge/"), "the site to be served")
    interrupt(process, stderr)
    # make ends by the signal it was sent (that is how make stops on Ctrl+C), saying nothing; never with the
    # "Error 130" or "Error 143" it prints when its command fails.
    assert process.returncode in (0, -signal.SIGINT)
