"""``pcsp serve``: a local preview of the guide that rebuilds itself while you edit.

The guide is built into ``_build/html`` and served on 127.0.0.1 (never on other
interfaces). Several times a second the content, checklists, hand-written pages and conf.py
are checked for changes (by size and modification time); on a change the guide is rebuilt
in this same process, which stays warm (Python, Sphinx and the loaded project are reused),
and open pages reload themselves: a few lines of script are added to each HTML page as it is
served (never to the built files).

The preview answers only requests addressed to this computer by name (``Host: localhost``,
``127.0.0.1`` or ``[::1]``), so a web page elsewhere cannot read it through a DNS name that
points at 127.0.0.1 ("DNS rebinding"). Files are looked up by path on every request, so
a rebuild that swaps in a new ``_build/html`` folder is served at once.
"""

from __future__ import annotations

import errno
import http.server
import os
import re
import signal
import sys
import threading
from functools import partial
from http import HTTPStatus
from pathlib import Path
from typing import Any

from .build import build_site

HOST = "127.0.0.1"
LOCAL_HOST = re.compile(r"(?:127\.0\.0\.1|localhost|\[::1\])(?::[0-9]{1,5})?", re.IGNORECASE)
"""The ``Host`` headers the preview answers: this computer's own names, with or without a
port."""
BUILD_ID_PATH = "/_pcsp/build-id"
RELOAD_SCRIPT = (
    "<script>(function(){var seen=null;setInterval(function(){"
    f'fetch("{BUILD_ID_PATH}",{{cache:"no-store"}}).then(function(r){{return r.text()}})'
    ".then(function(id){if(seen!==null&&id!==seen){location.reload()}seen=id})"
    ".catch(function(){})},250)})();</script>"
)
"""Added before ``</body>`` of served pages: reload when the build id changes."""


def watched_state(project_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Size and modification time of every file a build reads (not the generated pages)."""
    state = []
    for name in ("conf.py", "content", "checklists", "source"):
        top = project_dir / name
        paths = [top] if top.is_file() else sorted(top.rglob("*")) if top.is_dir() else []
        for path in paths:
            rel = path.relative_to(project_dir)
            if rel.parts[:2] == ("source", "_generated") or not path.is_file():
                continue
            st = path.stat()
            state.append((rel.as_posix(), st.st_size, st.st_mtime_ns))
    return tuple(state)


def build(project_dir: Path) -> bool:
    """Build the guide (as ``pcsp build`` does) in this process; True if it succeeded."""
    return build_site(project_dir) == 0


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built guide, adding the reload script to HTML pages."""

    build_id: list[int]

    def do_GET(self) -> None:  # noqa: N802 (the http.server name)
        """Answer the build-id poll, an HTML page (with the script) or any other file."""
        if not self._allowed():
            return
        if self.path == BUILD_ID_PATH:
            self._send(str(self.build_id[0]).encode(), "text/plain; charset=utf-8")
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            try:
                page = path.read_bytes()
            except OSError:  # gone while a rebuild swaps the folders
                self.send_error(HTTPStatus.NOT_FOUND, "File not found")
                return
            script = RELOAD_SCRIPT.encode()
            page = page.replace(b"</body>", script + b"</body>", 1) if b"</body>" in page \
                else page + script
            self._send(page, "text/html; charset=utf-8")
            return
        super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802 (the http.server name)
        """Answer as GET does, without the body."""
        if self._allowed():
            super().do_HEAD()

    def _allowed(self) -> bool:
        """Whether to answer this request; if not, answer 400 (a request sent to another host
        name, or for a path no file can have)."""
        if not LOCAL_HOST.fullmatch(self.headers.get("Host", "").strip()):
            self.send_error(HTTPStatus.BAD_REQUEST, "This preview answers only to localhost "
                                                    "and 127.0.0.1")
            return False
        path = self.translate_path(self.path)
        try:
            if "\0" in path:
                raise ValueError(path)
            os.fsencode(path)
        except ValueError:  # a NUL byte, or text that is no file name (UnicodeEncodeError)
            self.send_error(HTTPStatus.BAD_REQUEST, "No file can have this name")
            return False
        return True

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Keep the terminal for build messages."""


class PreviewServer(http.server.ThreadingHTTPServer):
    """The preview's server: a browser closing a connection early is not an error to show."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Say in one line that a request failed (never a traceback); ignore dropped
        connections."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            print(f"a request could not be answered: {error}", file=sys.stderr, flush=True)


def _watch(project_dir: Path, build_id: list[int], stop: threading.Event,
           interval: float) -> None:
    """Rebuild whenever a watched file changes, until ``stop`` is set."""
    state = watched_state(project_dir)
    while not stop.wait(interval):
        now = watched_state(project_dir)
        if now != state:
            state = now
            print("change seen; rebuilding", flush=True)
            if build(project_dir):
                build_id[0] += 1


def _interrupt(signum: int, frame: Any) -> None:
    """Stop on SIGTERM as on Ctrl+C."""
    raise KeyboardInterrupt


def serve(project_dir: Path, port: int = 8000, interval: float = 0.2) -> int:
    """Build, serve on 127.0.0.1:``port`` (0: any free port) and rebuild on change until stopped."""
    if not 0 <= port <= 65535:
        print(f"pcsp serve: --port must be a number from 0 to 65535, not {port}",
              file=sys.stderr)
        return 2
    project_dir = Path(project_dir).resolve()
    if not (project_dir / "conf.py").is_file():
        print(f"{project_dir}: no conf.py here; is this a pcsp project folder?", file=sys.stderr)
        return 2
    out = project_dir / "_build" / "html"
    build_id = [1]
    handler = type("Handler", (PreviewHandler,), {"build_id": build_id})
    try:  # before building, so a busy port is said at once
        server = PreviewServer((HOST, port), partial(handler, directory=str(out)))
    except OSError as exc:
        print(f"pcsp serve: {port_problem(exc, port)}", file=sys.stderr)
        return 1
    stop = threading.Event()
    try:
        signal.signal(signal.SIGTERM, _interrupt)
        if not build(project_dir) and not out.is_dir():
            return 1
        watcher = threading.Thread(target=_watch, args=(project_dir, build_id, stop, interval),
                                   daemon=True)
        watcher.start()
        print(f"serving {out} at http://{HOST}:{server.server_port}/ "
              "(rebuilds when you save; Ctrl+C to stop)", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped", flush=True)
    finally:
        stop.set()
        server.server_close()
    return 0


def port_problem(error: OSError, port: int) -> str:
    """Why the preview cannot listen on ``port``, and what to try instead."""
    other = port + 1 if 0 < port < 65535 else 8000
    if error.errno == errno.EADDRINUSE:
        return f"port {port} is in use; try --port {other} or --port 0"
    if error.errno == errno.EACCES:
        return f"port {port} needs special permission; try --port {other} or --port 0"
    return f"cannot listen on port {port} ({error.strerror or error}); try --port 0"
