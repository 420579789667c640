"""The bundled sample corpus: small but realistic, built deterministically.

Several shards and formats (Parquet with several row groups, JSONL .gz and .zst with a
nested URL, CSV without URLs, Arrow IPC), several domains (Zipf-like, with subdomains,
public-suffix cases, an IDN, an IP host, ports and upper case) and languages, exact
duplicates that differ only in white space or Unicode normalisation, documents without
URL, and dates in several forms. A WARC crawl with page-level opt-out signals and
site captures (robots.txt, tdmrep.json, ai.txt) at two dates (``demo_web.py``).
"""

from __future__ import annotations

import gzip
import json
import random
import unicodedata
from datetime import datetime, timedelta, timezone
from importlib.resources import files
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from provscan.demo_web import write_web_sample

HOSTS = [
    "www.bbc.co.uk", "news.bbc.co.uk", "en.wikipedia.org", "de.wikipedia.org",
    "fr.wikipedia.org", "www.lemonde.fr", "www.spiegel.de", "blog.example.com",
    "WWW.EXAMPLE.COM:8080", "forum.example.com", "www.x.gov.uk", "alice.github.io",
    "bob.github.io", "bücher.de", "www.elpais.es", "www.repubblica.it", "nos.nl",
    "wyborcza.pl", "www3.nhk.or.jp", "city.kawasaki.jp", "192.0.2.10", "shop.example.net",
    "docs.python.org", "arxiv.org", "stackoverflow.com",
]
LANG_OF = {"de": "de", "fr": "fr", "es": "es", "it": "it", "nl": "nl", "pl": "pl",
           "jp": "ja"}
#: Bylines that name a person, for the personal-name estimate: "{name}" is a given
#: name and a surname of the language. Invented people.
BYLINES = {
    "en": (["Reported by {name}.", "Dr. {name} contributed to this article."],
           ["Emma", "James", "Sophie", "Thomas"], ["Whitfield", "Harrington", "Okafor"]),
    "de": (["Von {name}.", "Mit Beiträgen von Frau {name}."],
           ["Anna", "Lukas", "Katrin", "Jonas"], ["Brenner", "Hofstetter", "Krämer"]),
    "fr": (["Par {name}.", "Propos recueillis par {name}."],
           ["Marie", "Pierre", "Camille", "Julien"], ["Lefèvre", "Moreau", "Garnier"]),
    "es": (["Por {name}.", "Texto de {name}."], ["Carlos", "Lucia", "Javier", "Elena"],
           ["Navarro", "Ortega", "Castillo"]),
    "it": (["Di {name}.", "Articolo di {name}."], ["Giulia", "Marco", "Chiara", "Luca"],
           ["Ferrante", "Bellini", "Marchetti"]),
    "nl": (["Door {name}.", "Tekst: {name}."], ["Sanne", "Jan", "Lotte", "Daan"],
           ["Verhoeven", "Bakker", "Mulder"]),
    "pl": (["Autor: {name}.", "Tekst: {name}."], ["Piotr", "Katarzyna", "Marek", "Agnieszka"],
           ["Zieliński", "Wróblewski", "Kaczmarek"]),
}


def _sentences() -> dict[str, list[str]]:
    raw = json.loads(files("provscan").joinpath("data/sample_sentences.json").read_text("utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def _lang_for(host: str) -> str:
    tld = host.split(":")[0].rsplit(".", 1)[-1].lower()
    if host.startswith(("de.",)):
        return "de"
    if host.startswith("fr."):
        return "fr"
    return LANG_OF.get(tld, "en")


class _Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.s = _sentences()
        self.weights = [1 / (i + 1) for i in range(len(HOSTS))]
        self.start = datetime(2023, 1, 1, tzinfo=timezone.utc)
        self.bylines = random.Random(seed + 1)  # its own stream: the rest is unchanged

    def text(self, lang: str) -> str:
        n = self.rng.randint(3, 12)
        sents = [self._vary(x, lang) for x in self.rng.choices(self.s[lang], k=n)]
        sep = "" if lang == "ja" else " "
        paras = [sep.join(sents[i:i + 3]) for i in range(0, n, 3)]
        if lang in BYLINES and self.bylines.random() < 0.15:
            lines, first, last = BYLINES[lang]
            name = f"{self.bylines.choice(first)} {self.bylines.choice(last)}"
            paras.append(self.bylines.choice(lines).format(name=name))
        return "\n\n".join(paras)

    def _vary(self, sentence: str, lang: str) -> str:
        """The sentence with its inner words shuffled (Japanese: unchanged), so that
        documents built from the small sentence pool are not near duplicates."""
        if lang == "ja":
            return sentence
        words = sentence.rstrip(".").split(" ")
        inner = words[1:]
        self.rng.shuffle(inner)
        return " ".join([words[0], *inner]) + "."

    def url(self, i: int) -> str:
        host = self.rng.choices(HOSTS, self.weights)[0]
        scheme = "http" if host[0].isdigit() else "https"
        return f"{scheme}://{host}/articles/{i:06d}.html"

    def date(self) -> datetime:
        return self.start + timedelta(minutes=self.rng.randint(0, 60 * 24 * 600))

    def web_rows(self, n: int, offset: int) -> list[dict[str, Any]]:
        rows = []
        for i in range(offset, offset + n):
            url = self.url(i)
            rows.append({"id": f"web-{i:06d}", "url": url,
                         "text": self.text(_lang_for(url.split("/")[2])), "date": self.date()})
        return rows

    def near_copies(self, rows: list[dict[str, Any]], k: int) -> list[dict[str, Any]]:
        """Exact duplicates after normalisation: extra white space, NFD, NBSP."""
        out = []
        for j, r in enumerate(self.rng.sample(rows, k)):
            t = r["text"]
            variant = j % 3
            if variant == 0:
                t = "  " + t.replace(" ", "   ", 3).replace("\n\n", "\n \t\n") + "\n"
            elif variant == 1:
                t = unicodedata.normalize("NFD", t)
            else:
                t = t.replace(" ", "\u00a0", 2)
            out.append({**r, "id": r["id"] + "-copy", "text": t, "url": self.url(900000 + j)})
        return out


def write_sample_corpus(out: str | Path, scale: int = 1, seed: int = 20251128) -> Path:
    """Write the sample corpus under ``out`` (about 2 MB at scale 1)."""
    root = Path(out)
    g = _Gen(seed)
    web = root / "web"
    web.mkdir(parents=True, exist_ok=True)
    for part in range(2):
        rows = g.web_rows(1200 * scale, part * 1200 * scale)
        rows += g.near_copies(rows, 40 * scale)
        pq.write_table(pa.Table.from_pylist(rows), web / f"part-{part:04d}.parquet",
                       row_group_size=500)

    forum = root / "forum"
    forum.mkdir(parents=True, exist_ok=True)
    with gzip.open(forum / "threads-2024.jsonl.gz", "wt", encoding="utf-8") as f:
        for i in range(800 * scale):
            url = g.url(500000 + i)
            rec = {"id": f"forum-{i}", "text": g.text(_lang_for(url.split("/")[2])),
                   "meta": {"url": url, "crawl": {"ts": g.date().strftime("%Y%m%d%H%M%S")}}}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")

    news = root / "news"
    news.mkdir(parents=True, exist_ok=True)
    lines = []
    for i in range(600 * scale):
        lang = g.rng.choice(["en", "de", "fr", "es", "it", "nl", "pl", "ja"])
        art: dict[str, Any] = {"text": g.text(lang),
                               "timestamp": g.date().isoformat().replace("+00:00", "Z")}
        if i % 4:
            art["url"] = g.url(700000 + i)
        lines.append(json.dumps(art, ensure_ascii=False))
    with pa.CompressedOutputStream(str(news / "articles.jsonl.zst"), "zstd") as zf:
        zf.write(("\n".join(lines) + "\n").encode("utf-8"))

    books = root / "books"
    books.mkdir(parents=True, exist_ok=True)
    brow = [{"id": f"book-{i}", "text": "\n\n".join(g.text(lang) for _ in range(6)),
             "date": (g.date().date()).isoformat()}
            for i, lang in enumerate(g.rng.choices(list(g.s), k=150 * scale))]
    pacsv.write_csv(pa.Table.from_pylist(brow), books / "books.csv")

    code = root / "code"
    code.mkdir(parents=True, exist_ok=True)
    crow = g.web_rows(300 * scale, 800000)
    with pa.OSFile(str(code / "snippets.arrow"), "wb") as sink, \
            pa.ipc.new_file(sink, pa.Table.from_pylist(crow).schema) as w:
        w.write_table(pa.Table.from_pylist(crow), max_chunksize=100)

    write_web_sample(root, lambda host: g.text(_lang_for(host)))
    return root
