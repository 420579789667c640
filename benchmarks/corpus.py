"""A generated web-like Parquet corpus for benchmarks, cached under benchmarks/.data/.

Deterministic (seeded): Zipf-distributed hosts (subdomains, multi-level public
suffixes, private-section names), ~1.2 KB documents built from word lists of several
languages (some non-ASCII, some Japanese), paragraph breaks, and planted duplicates
that differ only in white space. 16 zstd shards of ``mb / 16`` MB of text each, row
groups of 5,000 rows.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

SHARDS = 16
_LATIN = """the of and to in is that for it as was with be by on not this are or from at which
data model river house city night water light paper market school research report
der die und das nicht über größe straße grüße müssen le la les des été très à où garçon
français zażółć gęślą jaźń łódź się el los las año niño señor"""
WORDS = [*_LATIN.split(), "東京", "大阪", "学校", "研究"]
SUFFIXES = ["com", "co.uk", "de", "fr", "org", "github.io", "gov.uk", "com.au", "net", "pl"]


def corpus_dir(root: Path, mb: int) -> Path:
    return root / f"web-{mb}mb"


def shard_paths(d: Path, n: int | None = None) -> list[Path]:
    return sorted(d.glob("*.parquet"))[: n or SHARDS]


def generate(root: Path, mb: int, seed: int = 7) -> Path:
    """Write (or reuse) a corpus of about ``mb`` MB of UTF-8 text."""
    out = corpus_dir(root, mb)
    if len(shard_paths(out)) == SHARDS and (out / ".done").exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    words = np.array(WORDS, dtype=object)
    hosts = [f"{['www', 'blog', 'news', 'm'][i % 4]}.site{i}.{SUFFIXES[i % len(SUFFIXES)]}"
             for i in range(20_000)]
    per_shard = mb * 1_000_000 // SHARDS
    doc_no = 0
    for s in range(SHARDS):
        texts: list[str] = []
        size = 0
        while size < per_shard:
            n_words = int(rng.integers(60, 330))
            toks = words[rng.integers(0, len(words), n_words)]
            para = int(rng.integers(20, 60))
            text = " ".join(toks[:para]) + "\n\n" + " ".join(toks[para:])
            if texts and rng.random() < 0.02:  # planted duplicate, white space changed
                text = "  " + texts[-1].replace(" ", "\t ", 2) + "\n"
            texts.append(text)
            size += len(text.encode("utf-8"))
        n = len(texts)
        h = np.minimum(rng.zipf(1.2, n) - 1, len(hosts) - 1)
        urls = [f"https://{hosts[i]}/page/{doc_no + j}" for j, i in enumerate(h.tolist())]
        dates = (np.datetime64("2024-01-01") + rng.integers(0, 600, n).astype("timedelta64[D]"))
        table = pa.table({
            "id": [f"doc-{doc_no + j}" for j in range(n)],
            "url": urls, "text": texts, "date": pa.array(dates.astype("datetime64[us]")),
        })
        pq.write_table(table, out / f"part-{s:03d}.parquet", row_group_size=5000,
                       compression="zstd")
        doc_no += n
    (out / ".done").write_text("ok\n")
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=int, default=400)
    ap.add_argument("--root", type=Path, default=Path(__file__).parent / ".data")
    args = ap.parse_args()
    print(generate(args.root, args.mb))
