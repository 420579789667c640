"""An independent count of a web archive's documents: warcio, the reference WARC/ARC
reader, counting as ``shared/testdata/warc-real/SOURCE.md`` does (``response`` records
with an HTTP 2xx status and an HTML content type, ARC converted with ``arc2warc``)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator


def warcio_html_2xx(path: Path) -> list[str]:
    """The target URIs of the HTML 2xx responses warcio reads in ``path``, in order."""
    urls: list[str] = []
    with open(path, "rb") as f, contextlib.redirect_stdout(io.StringIO()):
        for rec in ArchiveIterator(f, arc2warc=True):
            if rec.rec_type != "response" or rec.http_headers is None:
                continue
            status = rec.http_headers.get_statuscode() or ""
            ctype = (rec.http_headers.get_header("content-type") or "").lower()
            if status.startswith("2") and "html" in ctype:
                urls.append(rec.rec_headers.get_header("WARC-Target-URI"))
    return urls
