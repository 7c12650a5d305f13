"""``pcsp serve``: a local preview of the guide that rebuilds itself while you edit.

The guide is built into ``_build/html`` and served on 127.0.0.1 (never on other
interfaces). Several times a second the content, checklists, hand-written pages and conf.py
are checked for changes (by size and modification time); on a change the guide is rebuilt
in this same process, which stays warm (Python, Sphinx and the loaded project are reused),
and open pages reload themselves: a few lines of script are added to each HTML page as it is
served (never to the built files).

When a rebuild fails, the last good build stays in place and is still served, and every
page shows why (an error page if there is no good build yet): each problem the build printed
in the terminal, as ``file:line:column: message`` with its hint, in a banner at the top.
The banner is plain text (never markup: the messages quote the content), has
``role="alert"`` and takes focus when it appears on an open page; the next good build reloads
the page, which clears it. The problems are what the build itself printed (captured on the
way to the terminal), never a second run of the checks.

The preview answers only requests addressed to this computer by name (``Host: localhost``,
``127.0.0.1`` or ``[::1]``), so a web page elsewhere cannot read it through a DNS name that
points at 127.0.0.1 ("DNS rebinding"). Files are looked up by path on every request, so
a rebuild that swaps in a new ``_build/html`` folder is served at once.
"""

from __future__ import annotations

import errno
import html
import http.server
import json
import os
import re
import signal
import sys
import threading
from contextlib import redirect_stderr
from dataclasses import dataclass, replace
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
STATUS_PATH = "/_pcsp/status"
"""JSON: the build id, the number of the latest report and the problems of the last build."""
BANNER_ID = "pcsp-serve-problems"

KEPT_NOTE = ("This preview still shows the last good build. Fix the problems below and save: "
             "the page reloads by itself.")
NO_BUILD_NOTE = ("There is no good build to show yet. Fix the problems below and save: the "
                 "page reloads by itself.")

# Inline styles: the banner is added to pages only while serving, never to built files. Dark
# text on white (15.9:1) with a red edge (4.9:1), whatever the page's own colours are.
BOX_STYLE = ("display:block;margin:0;padding:1rem 1.25rem;background:#ffffff;color:#212b32;"
             "border:0 solid #d5281b;border-left-width:8px;border-bottom:2px solid #d5281b;"
             "font-family:system-ui,sans-serif;font-size:1rem;line-height:1.5;"
             "text-align:left;position:relative;z-index:1000")
TITLE_STYLE = ("margin:0 0 .5rem;padding:0;font-size:1.25rem;font-weight:bold;line-height:1.3;"
               "color:#212b32")
TEXT_STYLE = "margin:0 0 .5rem;color:#212b32"
LIST_STYLE = "margin:0;padding:0 0 0 1.25rem;color:#212b32"
ITEM_STYLE = ("margin:.25rem 0;white-space:pre-wrap;overflow-wrap:anywhere;color:#212b32;"
              "font-family:ui-monospace,monospace;font-size:.9375rem")

PAGE_SCRIPT = """(function(){
"use strict";
var build=%(build)d,report=%(report)d;
var styles=%(styles)s;
function el(tag,style,text){var e=document.createElement(tag);e.setAttribute("style",style);
if(text!==undefined){e.textContent=text}return e}
function show(status){
var old=document.getElementById("%(banner)s");if(old){old.remove()}
if(!status.problems.length){return}
var box=el("div",styles.box);box.id="%(banner)s";box.setAttribute("role","alert");
box.tabIndex=-1;box.setAttribute("aria-labelledby","%(banner)s-title");
var title=el("h2",styles.title,%(title)s);title.id="%(banner)s-title";box.appendChild(title);
box.appendChild(el("p",styles.text,status.note));
var list=el("ul",styles.list);
status.problems.forEach(function(p){list.appendChild(el("li",styles.item,p.text))});
box.appendChild(list);document.body.insertBefore(box,document.body.firstChild);
box.focus()}
function get(path){return fetch(path,{cache:"no-store"}).then(function(r){
if(!r.ok){throw new Error(r.status)}return r.text()})}
setInterval(function(){get("%(build_id)s").then(function(id){
if(id!==String(build)){location.reload();return}
return get("%(status)s").then(function(text){var s=JSON.parse(text);
if(s.build===build&&s.report!==report){report=s.report;show(s)}})}).catch(function(){})},250)
})();"""
"""Added before ``</body>`` of served pages: reload when the build id changes; show, replace
or remove the problems banner when a failed build reports (text only, never markup)."""

BANNER_TITLE = "The last change stopped the build"

PROBLEM_LINE = re.compile(r"(?P<where>\S.*?:\d+:\d+): (?P<severity>error|warning): "
                          r"(?P<message>.*)")
HINT_LINE = re.compile(r"\s+hint: (?P<hint>.*)")
TERMINAL_CODES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
NOT_SHOWN = re.compile(r"build stopped: .*|\d+ error\(s\), \d+ warning\(s\)")
"""Lines of a failed build's output left out of the banner: the count, and the sentence
pointing at the problems "above"."""
BODY_TAG = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """One problem a failed build printed: a ``file:line:column`` diagnostic with its hint,
    or another message (``where`` empty)."""

    message: str
    where: str = ""
    severity: str = ""
    hint: str = ""

    @property
    def text(self) -> str:
        """As the terminal shows it: ``file:line:column: error: message``, then the hint."""
        first = f"{self.where}: {self.severity}: {self.message}" if self.where else self.message
        return f"{first}\nhint: {self.hint}" if self.hint else first


def problems_from(output: str, project_dir: Path) -> list[Problem]:
    """The problems in what a failed build printed, in order (paths made relative to the
    project); a generic one if it printed nothing."""
    output = TERMINAL_CODES.sub("", output).replace(f"{project_dir}{os.sep}", "")
    problems: list[Problem] = []
    for line in output.splitlines():
        hint = HINT_LINE.fullmatch(line)
        if hint and problems and problems[-1].where and not problems[-1].hint:
            problems[-1] = replace(problems[-1], hint=hint.group("hint"))
            continue
        line = line.strip()
        if not line or NOT_SHOWN.fullmatch(line):
            continue
        found = PROBLEM_LINE.fullmatch(line)
        problems.append(Problem(found.group("message"), found.group("where"),
                                found.group("severity")) if found else Problem(line))
    return problems or [Problem("the build failed; the terminal running pcsp serve says why")]


class PreviewState:
    """What the preview shows: the id of the last good build and the last failed build's
    problems (none after a good build). Shared by the watcher and the request threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.build = 1
        self.report = 0
        self.problems: tuple[Problem, ...] = ()

    def succeeded(self) -> None:
        """A new good build is in place: pages reload, and no problems are left."""
        with self._lock:
            self.build += 1
            self.report += 1
            self.problems = ()

    def failed(self, problems: list[Problem]) -> None:
        """A build failed with ``problems``; the last good build stays."""
        with self._lock:
            self.report += 1
            self.problems = tuple(problems)

    def snapshot(self) -> tuple[int, int, tuple[Problem, ...]]:
        """``(build, report, problems)``, read together."""
        with self._lock:
            return self.build, self.report, self.problems


class _Capture:
    """Stands in for stderr: passes everything on, and keeps what one thread writes."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.thread = threading.get_ident()
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        """Write ``text`` on, keeping a copy if it comes from the capturing thread."""
        if threading.get_ident() == self.thread:
            self.parts.append(text)
        return self.stream.write(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, encoding, fileno...
        return getattr(self.stream, name)


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


def build(project_dir: Path) -> tuple[int, list[Problem]]:
    """Build the guide (as ``pcsp build`` does) in this process; return its exit code and,
    if it failed, the problems it printed (they still go to the terminal too)."""
    capture = _Capture(sys.stderr)
    with redirect_stderr(capture):  # type: ignore[type-var]  (a stand-in, not a TextIO)
        code = build_site(project_dir)
    return code, [] if code == 0 else problems_from("".join(capture.parts), project_dir)


def _rebuild(project_dir: Path, state: PreviewState) -> None:
    """Build and tell ``state`` how it went."""
    code, problems = build(project_dir)
    if code == 0:
        state.succeeded()
    else:
        state.failed(problems)


def banner_html(problems: tuple[Problem, ...], note: str) -> str:
    """The problems banner as HTML, every piece of text escaped ('' if no problems)."""
    if not problems:
        return ""
    items = "".join(f'<li style="{ITEM_STYLE}">{html.escape(p.text)}</li>' for p in problems)
    return (f'<div id="{BANNER_ID}" role="alert" tabindex="-1" '
            f'aria-labelledby="{BANNER_ID}-title" style="{BOX_STYLE}">'
            f'<h2 id="{BANNER_ID}-title" style="{TITLE_STYLE}">{html.escape(BANNER_TITLE)}</h2>'
            f'<p style="{TEXT_STYLE}">{html.escape(note)}</p>'
            f'<ul style="{LIST_STYLE}">{items}</ul></div>')


def page_script(build_id: int, report: int) -> str:
    """The script added to served pages (see :data:`PAGE_SCRIPT`)."""
    styles = {"box": BOX_STYLE, "title": TITLE_STYLE, "text": TEXT_STYLE, "list": LIST_STYLE,
              "item": ITEM_STYLE}
    return "<script>" + PAGE_SCRIPT % {
        "build": build_id, "report": report, "styles": _js(styles), "title": _js(BANNER_TITLE),
        "banner": BANNER_ID, "build_id": BUILD_ID_PATH, "status": STATUS_PATH} + "</script>"


def _js(value: Any) -> str:
    """``value`` as a JavaScript literal that is safe inside a ``<script>`` element."""
    return (json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))


def error_page(problems: tuple[Problem, ...], script: str) -> bytes:
    """The page served in place of every page while there is no good build at all."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "<title>The build failed: pcsp preview</title>\n</head>\n<body>\n"
            f"{banner_html(problems, NO_BUILD_NOTE)}\n{script}\n</body>\n</html>\n").encode()


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built guide, adding the reload script (and any problems) to HTML pages."""

    state: PreviewState

    def do_GET(self) -> None:  # noqa: N802 (the http.server name)
        """Answer the polls, an HTML page (with the script) or any other file."""
        if not self._allowed():
            return
        build_id, report, problems = self.state.snapshot()
        if self.path == BUILD_ID_PATH:
            self._send(str(build_id).encode(), "text/plain; charset=utf-8")
            return
        kept = Path(self.directory).is_dir()
        if self.path == STATUS_PATH:
            status = {"build": build_id, "report": report,
                      "note": KEPT_NOTE if kept else NO_BUILD_NOTE,
                      "problems": [{"text": p.text, "where": p.where, "severity": p.severity,
                                    "message": p.message, "hint": p.hint} for p in problems]}
            self._send(json.dumps(status).encode(), "application/json")
            return
        script = page_script(build_id, report)
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            try:
                page = path.read_bytes()
            except OSError:  # gone while a rebuild swaps the folders
                self.send_error(HTTPStatus.NOT_FOUND, "File not found")
                return
            page = _with(page, banner_html(problems, KEPT_NOTE).encode(), script.encode())
            self._send(page, "text/html; charset=utf-8")
            return
        if problems and not kept and (path.suffix == ".html" or self.path.endswith("/")):
            self._send(error_page(problems, script), "text/html; charset=utf-8",
                       HTTPStatus.SERVICE_UNAVAILABLE)
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

    def _send(self, body: bytes, content_type: str, status: int = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Keep the terminal for build messages."""


def _with(page: bytes, banner: bytes, script: bytes) -> bytes:
    """``page`` with the banner first in its body and the script last."""
    if banner:
        body = BODY_TAG.search(page)
        page = page[:body.end()] + banner + page[body.end():] if body else banner + page
    return page.replace(b"</body>", script + b"</body>", 1) if b"</body>" in page \
        else page + script


class PreviewServer(http.server.ThreadingHTTPServer):
    """The preview's server: a browser closing a connection early is not an error to show."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Say in one line that a request failed (never a traceback); ignore dropped
        connections."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            print(f"a request could not be answered: {error}", file=sys.stderr, flush=True)


def _watch(project_dir: Path, state: PreviewState, stop: threading.Event,
           interval: float) -> None:
    """Rebuild whenever a watched file changes, until ``stop`` is set."""
    files = watched_state(project_dir)
    while not stop.wait(interval):
        now = watched_state(project_dir)
        if now != files:
            files = now
            print("change seen; rebuilding", flush=True)
            _rebuild(project_dir, state)


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
    state = PreviewState()
    handler = type("Handler", (PreviewHandler,), {"state": state})
    try:  # before building, so a busy port is said at once
        server = PreviewServer((HOST, port), partial(handler, directory=str(out)))
    except OSError as exc:
        print(f"pcsp serve: {port_problem(exc, port)}", file=sys.stderr)
        return 1
    stop = threading.Event()
    try:
        signal.signal(signal.SIGTERM, _interrupt)
        code, problems = build(project_dir)
        if code != 0:
            if code != 1 and not out.is_dir():  # not a problem an edit can fix
                return 1
            state.failed(problems)
            print("the build failed; open pages show why until it builds again", flush=True)
        watcher = threading.Thread(target=_watch, args=(project_dir, state, stop, interval),
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
