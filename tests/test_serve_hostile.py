"""`pcsp serve` against hostile requests and a bad start (issue 12): it answers only to this
computer's own names, never crashes on a request, says plainly when it cannot listen, and
serves a rebuilt folder swapped in under it."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import EPOCH, VERSIONS
from serving import LIMIT, Preview, previewing


def request(port: int, path: str = "/", host: str | None = "",
            method: str = "GET") -> tuple[int, bytes]:
    """Status and body of one request; ``host`` '' sends 127.0.0.1:port, None no Host."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", host or f"127.0.0.1:{port}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    """One preview for the whole module (see :func:`serving.previewing`)."""
    yield from previewing(tmp_path_factory.mktemp("serve"))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LocalHost", "[::1]", "{local}",
                                  "localhost:{port}", "[::1]:{port}"])
def test_own_names_are_answered(preview: Preview, host: str) -> None:
    host = host.format(local=f"127.0.0.1:{preview.port}", port=preview.port)
    status, body = request(preview.port, "/", host)
    assert status == 200
    assert b"/_pcsp/build-id" in body


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "localhost.evil.example",
                                  "127.0.0.1.nip.io:{port}", "127.0.0.2:{port}", "", None])
def test_other_host_names_get_400(preview: Preview, host: str | None) -> None:
    # a page on evil.example whose name now points at 127.0.0.1 (DNS rebinding) sends its own
    # name as the Host: the preview must not answer it
    if host is not None:
        host = host.format(port=preview.port) or " "
    for method in ("GET", "HEAD"):
        status, body = request(preview.port, "/", host, method)
        assert status == 400
        assert b"build-id" not in body


@pytest.mark.parametrize("path", ["/%00", "/index.html%00", "/a/%00/b.html",
                                  "/_generated/%00npt.html", "/%ed%a0%80.html", "/%ff.html"])
def test_impossible_paths_get_an_answer_not_a_crash(preview: Preview, path: str) -> None:
    for method in ("GET", "HEAD"):
        status, _ = request(preview.port, path, method=method)
        assert status in (400, 404)
    assert request(preview.port, "/")[0] == 200  # still serving
    assert "Traceback" not in preview.output()


def test_a_build_folder_swapped_in_is_served(preview: Preview) -> None:
    # A full rebuild replaces _build/html by renames (see build.replace_dir): the preview
    # must serve the new folder, not hold on to the old one.
    html = preview.project / "_build" / "html"
    new = html.with_name("html.new")
    shutil.copytree(html, new)
    (new / "swapped.html").write_text("<html><body>swapped in</body></html>",
                                      encoding="utf-8")
    html.rename(html.with_name("html.before"))
    new.rename(html)
    status, body = request(preview.port, "/swapped.html")
    assert status == 200 and b"swapped in" in body
    assert request(preview.port, "/")[0] == 200


def test_busy_port_is_one_sentence(tmp_path: Path) -> None:
    project = shutil.copytree(VERSIONS / "1.0", tmp_path / "project")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "generator", "serve", str(project), "--port", str(port)],
            capture_output=True, text=True, timeout=LIMIT,
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 1
    assert result.stderr == f"pcsp serve: port {port} is in use; try --port {port + 1} or " \
                            "--port 0\n"
    assert not (project / "_build").exists()  # said at once, before any building


@pytest.mark.parametrize("port", ["70000", "-1"])
def test_port_out_of_range_is_a_usage_error(tmp_path: Path, port: str) -> None:
    project = shutil.copytree(VERSIONS / "1.0", tmp_path / "project")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "serve", str(project), "--port", port],
        capture_output=True, text=True, timeout=LIMIT,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 2
    assert result.stderr == f"pcsp serve: --port must be a number from 0 to 65535, not {port}\n"
    assert not (project / "_build").exists()
