"""Datasets that Hugging Face ``datasets.load_dataset`` has cached, found by name and
revision and read from the cache's own Arrow files, offline (no network, no ``datasets``).

``load_dataset`` writes a prepared dataset to
``CACHE/NAMESPACE___NAME/CONFIG/VERSION/HASH/`` (``CACHE/NAME/…`` without a namespace),
where HASH is the Hub commit of the revision it loaded (for local files, a hash of the
builder's settings), with ``dataset_info.json`` and one or more ``NAME-SPLIT[-NNNNN-of-
NNNNN].arrow`` files per split. Those files are the shards: the Arrow reader reads them
as it reads ``save_to_disk`` folders.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from provscan.errors import InputError

SCHEME = "hf-cache://"
_UPPER_UPPER = re.compile(r"([A-Z]+)([A-Z][a-z])")
_LOWER_UPPER = re.compile(r"([a-z\d])([A-Z])")


@dataclass(frozen=True)
class HFCacheRef:
    """A dataset in the Hugging Face datasets cache: ``name`` as given to
    ``load_dataset`` (``owner/name``, or a packaged builder such as ``json``); the
    ``revision`` (the Hub commit, or its first 7+ characters; default: the newest
    cached); the ``config`` (default: the only one cached); the ``splits`` to read
    (default: all); the cache folder (default: ``HF_DATASETS_CACHE``, else
    ``HF_HOME/datasets``, else ``~/.cache/huggingface/datasets``, as ``datasets`` does)."""

    name: str
    revision: str | None = None
    config: str | None = None
    splits: tuple[str, ...] = ()
    cache_dir: str | None = None

    @classmethod
    def parse(cls, uri: str) -> HFCacheRef:
        """``hf-cache://OWNER/NAME[@REVISION]``."""
        rest = uri[len(SCHEME):].strip("/")
        name, _, rev = rest.partition("@")
        if not name or name.count("/") > 1:
            raise InputError(f"{uri}: expected hf-cache://OWNER/NAME[@REVISION], e.g. "
                             "hf-cache://allenai/c4@1588ec4")
        return cls(name, rev or None)

    def label(self) -> str:
        return SCHEME + self.name + (f"@{self.revision}" if self.revision else "")


@dataclass(frozen=True)
class CachedDataset:
    """A cached dataset found: its folder, config, revision (hash) and data files."""

    folder: Path
    config: str
    revision: str
    files: tuple[str, ...]
    splits: tuple[str, ...]


def cache_root(ref: HFCacheRef) -> Path:
    if ref.cache_dir:
        return Path(ref.cache_dir).expanduser()
    if os.environ.get("HF_DATASETS_CACHE"):
        return Path(os.environ["HF_DATASETS_CACHE"]).expanduser()
    home = os.environ.get("HF_HOME") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or "~/.cache", "huggingface")
    return Path(home).expanduser() / "datasets"


def _snake(name: str) -> str:
    return _LOWER_UPPER.sub(r"\1_\2", _UPPER_UPPER.sub(r"\1_\2", name)).lower()


def _folder_name(name: str) -> str:
    parts = name.split("/")
    parts[-1] = _snake(parts[-1])
    return "___".join(parts)


def _prepared(root: Path, config: str | None) -> list[Path]:
    """CONFIG/VERSION/HASH folders of complete prepared datasets under ``root``."""
    configs = [root / config] if config else sorted(p for p in root.glob("*") if p.is_dir())
    return [h for c in configs for v in sorted(c.glob("*")) if v.is_dir()
            for h in sorted(v.glob("*"))
            if h.is_dir() and (h / "dataset_info.json").is_file()]


def find_cached(ref: HFCacheRef) -> CachedDataset:
    """The cached dataset ``ref`` names, or an ``InputError`` saying what is cached."""
    cache = cache_root(ref)
    root = cache / _folder_name(ref.name)
    found = _prepared(root, ref.config)
    where = f"{ref.label()}: "
    if not found:
        raise InputError(
            where + f"not in the Hugging Face datasets cache (no prepared dataset under "
            f"{root}). Load it once with datasets.load_dataset({ref.name!r}) on a machine "
            "online, or give the cache folder (cache_dir=..., HF_DATASETS_CACHE, HF_HOME)")
    revs = sorted({h.name for h in found})
    if ref.revision:
        found = [h for h in found if h.name == ref.revision or (
            len(ref.revision) >= 7 and h.name.startswith(ref.revision))]
        if not found:
            raise InputError(where + f"revision {ref.revision} is not cached; cached "
                             f"revisions: {', '.join(revs)}")
    configs = sorted({h.parent.parent.name for h in found})
    if len(configs) > 1:
        raise InputError(where + f"several configs are cached ({', '.join(configs)}): "
                         "name one with HFCache(..., config=NAME)")
    chosen = max(found, key=lambda h: h.stat().st_mtime_ns)  # newest, as datasets does
    info = json.loads((chosen / "dataset_info.json").read_text(encoding="utf-8"))
    known = sorted((info.get("splits") or {}).keys())
    wanted = ref.splits or tuple(known)
    missing = [s for s in wanted if s not in known]
    if missing:
        raise InputError(where + f"no split {', '.join(missing)}; cached splits: "
                         f"{', '.join(known) or 'none'}")
    shard = re.compile("-(" + "|".join(re.escape(s) for s in wanted)
                       + r")(-\d{5}-of-\d{5})?\.(arrow|parquet)$")
    files = sorted(str(f.resolve()) for f in chosen.iterdir()
                   if f.is_file() and not f.name.startswith("cache-") and shard.search(f.name))
    if not files:
        raise InputError(where + f"{chosen} holds no data files of split(s) "
                         f"{', '.join(wanted)}")
    return CachedDataset(chosen, configs[0], chosen.name, tuple(files), tuple(wanted))


__all__ = ["SCHEME", "CachedDataset", "HFCacheRef", "cache_root", "find_cached"]
