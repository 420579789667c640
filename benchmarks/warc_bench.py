"""WARC parsing and HTML-to-text extraction, side by side, on one generated WARC.

    python benchmarks/warc_bench.py [--pages 3000]

Builds ``benchmarks/.data/pages.warc.gz`` (HTML pages of the sample sentences with
navigation, an aside and a footer around the text, one gzip member per record), then
times, in this process and on one core:

- reading every response record with its HTTP headers and body: FastWARC alone,
  provscan's reader (FastWARC framing, warcio's HTTP parsing, damage checks), warcio;
- extracting text from the same HTML bodies: Resiliparse (main content and full),
  selectolax (body text) and trafilatura, where installed;

and reports pages/s, MB/s of HTML and whether navigation/footer text was removed.
Missing libraries are reported as such. Results go to ``results/warc.json``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


def build(path: Path, pages: int) -> None:
    from datetime import datetime, timezone

    from fastwarc.warc import WarcRecordType

    from provscan.demo import _Gen
    from provscan.demo_web import html_page, http_response, warc_record

    g = _Gen(1)
    date = datetime(2024, 1, 1, tzinfo=timezone.utc)
    out = []
    for i in range(pages):
        html = html_page(f"Page {i}", g.text("en"), "", "<aside>Advertisement: buy now</aside>")
        out.append(warc_record(WarcRecordType.response, f"https://example.com/{i}", date,
                           http_response("200 OK", [("Content-Type", "text/html")], html), i))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(out))


def best(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def read_fastwarc(path: Path) -> list[bytes]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    with open(path, "rb") as f:
        return [r.reader.read() for r in ArchiveIterator(f, WarcRecordType.response)
                if r.http_headers.astuples() is not None]


def read_provscan(path: Path) -> list[bytes]:
    """provscan's own path: records framed by FastWARC with every block read whole (so a
    cut record is seen), the HTTP part parsed and de-chunked as warcio does."""
    from provscan.sources.http import parse_response
    from provscan.sources.records import WebRecord, iter_records

    out = []
    with open(path, "rb") as f:
        for rec in iter_records(f, "warc"):
            if isinstance(rec, WebRecord) and rec.kind == "response":
                out.append(parse_response(rec.block, 32 << 20).body)
    return out


def read_warcio(path: Path) -> list[bytes]:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as f:
        return [r.content_stream().read() for r in ArchiveIterator(f)
                if r.rec_type == "response" and r.http_headers.headers is not None]


def extractors() -> dict[str, Callable[[bytes], str]]:
    out: dict[str, Callable[[bytes], str]] = {}
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    out["resiliparse main_content"] = lambda b: extract_plain_text(
        HTMLTree.parse_from_bytes(b, "utf-8"), main_content=True)
    out["resiliparse full"] = lambda b: extract_plain_text(HTMLTree.parse_from_bytes(b, "utf-8"))
    try:
        from selectolax.lexbor import LexborHTMLParser

        def sel(b: bytes) -> str:
            t = LexborHTMLParser(b)
            t.strip_tags(["script", "style"])
            return t.body.text(separator="\n") if t.body else ""
        out["selectolax body text"] = sel
    except ImportError:
        pass
    try:
        import trafilatura

        out["trafilatura"] = lambda b: trafilatura.extract(b.decode()) or ""
    except ImportError:
        pass
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=3000)
    args = ap.parse_args()
    path = HERE / ".data" / f"pages-{args.pages}.warc.gz"
    if not path.exists():
        build(path, args.pages)
    results: dict[str, Any] = {"pages": args.pages, "warc_mb": path.stat().st_size / 1e6}
    rows = []
    for name, fn in (("fastwarc", read_fastwarc), ("provscan records + HTTP", read_provscan),
                     ("warcio", read_warcio)):
        try:
            dt, bodies = best(lambda fn=fn: fn(path))
        except ImportError:
            rows.append({"step": "read", "library": name, "note": "not installed"})
            continue
        mb = sum(map(len, bodies)) / 1e6
        rows.append({"step": "read", "library": name, "seconds": round(dt, 3),
                     "pages_per_s": round(len(bodies) / dt), "html_mb_per_s": round(mb / dt, 1)})
    bodies = read_fastwarc(path)
    mb = sum(map(len, bodies)) / 1e6
    for name, ex in extractors().items():
        dt, texts = best(lambda ex=ex: [ex(b) for b in bodies], repeat=2)
        boiler = sum(("Privacy" in t or "Advertisement" in t) for t in texts) / len(texts)
        rows.append({"step": "extract", "library": name, "seconds": round(dt, 3),
                     "pages_per_s": round(len(bodies) / dt), "html_mb_per_s": round(mb / dt, 1),
                     "pages_keeping_boilerplate": f"{boiler:.0%}"})
    results["rows"] = rows
    print(f"{args.pages} pages, {mb:.1f} MB of HTML, 1 core")
    print(f"{'step':8} {'library':26} {'s':>7} {'pages/s':>9} {'MB/s':>7}  boilerplate kept")
    for r in rows:
        if "note" in r:
            print(f"{r['step']:8} {r['library']:26} {r['note']}")
            continue
        print(f"{r['step']:8} {r['library']:26} {r['seconds']:7.3f} {r['pages_per_s']:9,} "
              f"{r['html_mb_per_s']:7.1f}  {r.get('pages_keeping_boilerplate', '')}")
    out = HERE / "results" / "warc.json"
    out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
