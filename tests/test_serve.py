"""`pcsp serve`: the local preview serves the built guide on 127.0.0.1 only, rebuilds, stops."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from helpers import VERSIONS
from serving import wait_for


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_serve_previews_rebuilds_and_stops(tmp_path: Path) -> None:
    project = shutil.copytree(VERSIONS / "1.0", tmp_path / "project")
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(project), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1764028800"})
    lines: list[str] = []

    def announced() -> str | None:
        line = server.stdout.readline()
        lines.append(line)
        match = re.search(r"at http://127\.0\.0\.1:(\d+)/", line)
        return match and match.group(1) or (None if line else "exit")

    port = wait_for(announced, "the serving line")
    try:
        assert port != "exit", "".join(lines)
        base = f"http://127.0.0.1:{port}"

        page = fetch(f"{base}/_generated/npt.html")
        assert "Plain reflexive monitoring" in page
        assert "/_pcsp/build-id" in page  # the reload script, added while serving
        assert "_pcsp" not in (project / "_build" / "html" / "_generated" / "npt.html") \
            .read_text(encoding="utf-8")

        # only the loopback address 127.0.0.1 answers, not the rest of 127/8 or the network
        with socket.socket() as other:
            assert other.connect_ex(("127.0.0.2", int(port))) != 0

        # saving a content file rebuilds the guide and changes the build id
        build_id = fetch(f"{base}/_pcsp/build-id")
        stages = project / "content" / "stages.yaml"
        stages.write_text(stages.read_text(encoding="utf-8").replace(
            "Look back every quarter.", "Look back every month."), encoding="utf-8")
        wait_for(lambda: fetch(f"{base}/_pcsp/build-id") != build_id, "a rebuild")
        assert "Look back every month." in fetch(f"{base}/_generated/stages/maintenance.html")
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=60)
    assert server.returncode == 0, output
    assert "stopped" in output
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", int(port))) != 0
