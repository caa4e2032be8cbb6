"""A static server on localhost for the page's browser tests: with byte ranges (as nginx or Apache serve), or
without them (as Python's own http.server does), to test the page's warning for a server that cannot seek."""

from __future__ import annotations

import http.server
import os
import re
import threading
from contextlib import contextmanager
from functools import partial
from pathlib import Path

RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Answers ``Range: bytes=a-b`` with 206 and that part of the file."""

    ranges = True

    def log_message(self, *args) -> None:  # quiet: the tests read the page, not the log
        pass

    def send_head(self):
        wanted = self.headers.get("Range")
        path = Path(self.translate_path(self.path))
        if not (self.ranges and wanted and path.is_file()):
            return super().send_head()
        match = RANGE.match(wanted.strip())
        size = path.stat().st_size
        if not match:
            self.send_error(416)
            return None
        first, last = match.groups()
        start = int(first) if first else max(0, size - int(last))
        end = min(size - 1, int(last)) if first and last else size - 1
        if start > end:
            self.send_error(416)
            return None
        handle = open(path, "rb")
        handle.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        self.remaining = end - start + 1
        return handle

    def copyfile(self, source, outputfile) -> None:
        remaining, self.remaining = getattr(self, "remaining", None), None
        try:
            if remaining is None:
                return super().copyfile(source, outputfile)
            while remaining > 0:
                chunk = source.read(min(65536, remaining))
                if not chunk:
                    break
                outputfile.write(chunk)
                remaining -= len(chunk)
        except (ConnectionResetError, BrokenPipeError):  # the browser had what it wanted and hung up
            pass


class WholeFileHandler(RangeHandler):
    ranges = False


@contextmanager
def serve(folder: Path, ranges: bool = True):
    """``http://127.0.0.1:<port>/`` serving ``folder`` while the block runs."""
    handler = partial(RangeHandler if ranges else WholeFileHandler, directory=os.fspath(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
