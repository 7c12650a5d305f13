"""``pcsp serve``: a local preview of the guide that rebuilds itself while you edit.

The guide is built into ``_build/html`` and served on 127.0.0.1 (never on other
interfaces). Several times a second the content, checklists, hand-written pages and conf.py
are checked for changes (by size and modification time); on a change the guide is rebuilt
in this same process, which stays warm (Python, Sphinx and the loaded project are reused),
and open pages reload themselves: a few lines of script are added to each HTML page as it is
served (never to the built files).
"""

from __future__ import annotations

import http.server
import signal
import sys
import threading
from functools import partial
from pathlib import Path
from typing import Any

from .build import build_site

HOST = "127.0.0.1"
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
        if self.path == BUILD_ID_PATH:
            self._send(str(self.build_id[0]).encode(), "text/plain; charset=utf-8")
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            page = path.read_bytes()
            script = RELOAD_SCRIPT.encode()
            page = page.replace(b"</body>", script + b"</body>", 1) if b"</body>" in page \
                else page + script
            self._send(page, "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Keep the terminal for build messages."""


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
    project_dir = Path(project_dir).resolve()
    if not (project_dir / "conf.py").is_file():
        print(f"{project_dir}: no conf.py here; is this a pcsp project folder?", file=sys.stderr)
        return 2
    out = project_dir / "_build" / "html"
    if not build(project_dir) and not out.is_dir():
        return 1
    build_id = [1]
    handler = type("Handler", (PreviewHandler,), {"build_id": build_id})
    server = http.server.ThreadingHTTPServer((HOST, port), partial(handler, directory=str(out)))
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(project_dir, build_id, stop, interval),
                               daemon=True)
    watcher.start()
    signal.signal(signal.SIGTERM, _interrupt)
    print(f"serving {out} at http://{HOST}:{server.server_port}/ "
          "(rebuilds when you save; Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped", flush=True)
    finally:
        stop.set()
        server.server_close()
    return 0
