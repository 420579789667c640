"""Dataset-level licences: the Hugging Face dataset card (``README.md`` YAML front matter:
``license``, ``license_name``, ``license_link``) and licence files (``LICENSE*``,
``LICENCE*``, ``COPYING*``, ``NOTICE*``) next to a source.

Card tags go through the HF alias table (``licence_hf_aliases.json``); names and links
through the same grammar as documents; licence files through tier 1 + tier 2 on the
whole file. Every value is kept as evidence (file, field, raw value).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from provscan.detect.licences._data import load
from provscan.detect.licences.cc import find_cc, parse_cc_url
from provscan.detect.licences.classes import licence_class
from provscan.detect.licences.detect import LicenceDetector
from provscan.detect.licences.model import EXCERPT_CHARS
from provscan.detect.licences.names import licence_url, name_at
from provscan.detect.licences.spdx import canonical_id, licence_ref, normalise

log = logging.getLogger(__name__)

# LICENSE, LICENCE.md, LICENSE-MIT, LICENSE.Apache-2.0, COPYING.LESSER, NOTICE.txt; not
# source or data files that merely start so (licence_check.py, license_bench.json, notice.css)
_LICENCE_FILE = re.compile(
    r"^(?:LICEN[CS]ES?|COPYING|NOTICE)(?:[-._][\w.-]*)?"
    r"(?<!\.py)(?<!\.pyc)(?<!\.js)(?<!\.ts)(?<!\.c)(?<!\.h)(?<!\.rs)(?<!\.go)(?<!\.java)"
    r"(?<!\.rb)(?<!\.sh)(?<!\.json)(?<!\.yaml)(?<!\.yml)(?<!\.toml)(?<!\.css)(?<!\.ipynb)"
    r"(?<!\.parquet)(?<!\.jsonl)(?<!\.csv)(?<!\.gz)(?<!\.zst)$",
    re.IGNORECASE)
_CARD = "readme.md"
_MAX_FILE = 1_000_000
_PARENTS = 2  # also look this many directories above a shard's directory
_SEP = re.compile(r"[\s_-]+")


@dataclass(frozen=True)
class LicenceEvidence:
    """One licence statement about a dataset: where, which field, the raw value, and
    what it resolved to (None: nothing usable)."""

    file: str
    field: str  # license | license_name | license_link | text
    raw: str
    licence: str | None
    matcher: str  # hf_tag | hf_name | url | file | error, or a document matcher name


@dataclass(frozen=True)
class DatasetLicence:
    """The licence of a dataset from its card and licence files.

    ``licence`` joins every distinct licence found with ``AND`` (a list in the card is read
    as "all of these apply", the conservative reading); ``NOASSERTION`` when the card says
    ``unknown`` or nothing usable was found. ``conflict``: the card and the licence files
    name different licences.
    """

    licence: str
    licence_class: str
    licences: tuple[str, ...]
    evidence: tuple[LicenceEvidence, ...]
    conflict: bool


@cache
def _aliases() -> tuple[dict[str, str | None], dict[str, str]]:
    data = load("licence_hf_aliases")
    names = {_SEP.sub(" ", k.lower()).strip(): v for k, v in data["names"].items()
             if k != "note"}
    return dict(data["aliases"]), names


@cache
def _detector() -> LicenceDetector:
    return LicenceDetector()


def resolve_name(value: str) -> tuple[str | None, str]:
    """A licence name or tag as written in a card -> (licence, matcher)."""
    raw = value.strip()
    if not raw:
        return None, "hf_name"
    aliases, names = _aliases()
    key = raw.lower()
    if key in aliases:
        return aliases[key], "hf_tag"
    folded = _SEP.sub(" ", key).strip()
    if folded in names:
        return names[folded], "hf_name"
    if "://" in raw or raw.startswith("www."):
        lic = parse_cc_url(raw) or licence_url(raw)
        return lic, "url"
    cc = [h for h in find_cc(raw) if h.licence]
    if cc:
        return str(cc[0].licence), cc[0].matcher
    named = name_at(raw)
    if named is not None and named[2] >= len(raw.rstrip(". ")):
        return named[0], "hf_name"
    if canonical_id(raw.rstrip("+")) is not None or " " in raw.strip():
        expr = normalise(raw)
        if expr is not None and "LicenseRef-" not in expr:
            return expr, "spdx_id"
    return licence_ref(raw), "hf_name"


def _front_matter(text: str) -> dict[str, Any] | None:
    if not text.startswith("---"):
        return None
    end = re.search(r"^---[ \t]*$", text[3:], re.MULTILINE)
    if end is None:
        return None
    meta = yaml.safe_load(text[3:3 + end.start()])
    return meta if isinstance(meta, dict) else None


def _card_evidence(card: Path, texts: dict[Path, str]) -> list[LicenceEvidence]:
    try:
        meta = _front_matter(card.read_text("utf-8", errors="replace")[:_MAX_FILE])
    except (OSError, yaml.YAMLError) as e:
        return [LicenceEvidence(str(card), "front_matter", str(e)[:EXCERPT_CHARS], None, "error")]
    if not meta:
        return []
    out: list[LicenceEvidence] = []
    tags = meta.get("license", meta.get("licenses"))
    values = tags if isinstance(tags, list) else [] if tags is None else [tags]
    for tag in values:
        # "other" resolves to nothing here: license_name / license_link / LICENSE say what
        lic, how = resolve_name(str(tag))
        out.append(LicenceEvidence(str(card), "license", str(tag)[:EXCERPT_CHARS], lic, how))
    for field in ("license_name", "license_link"):
        value = meta.get(field)
        if not isinstance(value, str) or not value.strip():
            continue
        lic, how = resolve_name(value)
        target = card.parent / value
        if field == "license_link" and "://" not in value and _safe_file(target, card.parent):
            texts[target] = ""  # a relative link to a licence file: read it as one
            lic, how = None, "file"
        out.append(LicenceEvidence(str(card), field, value[:EXCERPT_CHARS], lic, how))
    return out


def _safe_file(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve()) and path.is_file()
    except OSError:
        return False


def _file_evidence(path: Path) -> list[LicenceEvidence]:
    try:
        text = path.read_text("utf-8", errors="replace")[:_MAX_FILE]
    except OSError as e:
        return [LicenceEvidence(str(path), "text", str(e)[:EXCERPT_CHARS], None, "error")]
    hits = _detector().scan_text(text, whole=True)
    return [LicenceEvidence(str(path), "text", text[h.start:h.end][:EXCERPT_CHARS],
                            h.licence, h.matcher) for h in hits]


def _candidates(start: Path) -> tuple[Path | None, list[Path]]:
    """The card and licence files of the first directory, from ``start`` up, that has any."""
    if start.is_file():
        if start.name.lower() == _CARD:
            return start, []
        if _LICENCE_FILE.match(start.name):
            return None, [start]
        start = start.parent
    for d in [start, *list(start.parents)[:_PARENTS]]:
        try:
            entries = sorted(p for p in d.iterdir() if p.is_file())
        except OSError:
            continue
        card = next((p for p in entries if p.name.lower() == _CARD), None)
        files = [p for p in entries if _LICENCE_FILE.match(p.name)]
        if (card is not None and _front_matter_has_licence(card)) or files:
            return card, files
    return None, []


def _front_matter_has_licence(card: Path) -> bool:
    try:
        head = card.read_text("utf-8", errors="replace")[:_MAX_FILE]
        meta = _front_matter(head)
    except (OSError, yaml.YAMLError):
        return True  # let _card_evidence report the error
    return meta is not None and any(k in meta for k in ("license", "licenses", "license_name"))


def dataset_licence(path_or_dir: str) -> DatasetLicence | None:
    """The dataset licence declared next to a source (a shard, a directory, a card or a
    licence file), or None when there is no card licence field and no licence file."""
    try:
        card, files = _candidates(Path(path_or_dir))
    except OSError:
        return None
    texts: dict[Path, str] = {}
    card_ev = _card_evidence(card, texts) if card is not None else []
    file_ev: list[LicenceEvidence] = []
    for f in [*files, *(p for p in texts if p not in files)]:
        file_ev += _file_evidence(f)
    if not card_ev and not file_ev:
        return None
    return _combine(card_ev, file_ev)


def _combine(card_ev: list[LicenceEvidence], file_ev: list[LicenceEvidence]) -> DatasetLicence:
    card = {e.licence for e in card_ev if e.licence and e.licence != "NOASSERTION"}
    files = {e.licence for e in file_ev if e.licence}
    every = sorted(card | files)
    conflict = bool(card) and bool(files) and card != files
    expr = " AND ".join(f"({x})" if " " in x else x for x in every) or "NOASSERTION"
    return DatasetLicence(expr, licence_class(expr), tuple(every),
                          (*card_ev, *file_ev), conflict)
