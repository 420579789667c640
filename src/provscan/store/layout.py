"""Where things live in a store directory. The only module that knows the layout.

    STORE/catalog.duckdb                     sources, shards, runs, problems
    STORE/manifest/<source>/<unit>.parquet   manifest parts, one per work unit
    STORE/samples/<source>/<unit>.parquet    sampled texts (full profile)
    STORE/evidence/<source>/<unit>.parquet   opt-out and licence findings (full profile)
    STORE/minhash/<source>/<unit>.parquet    MinHash band keys (full profile)
    STORE/captures/captures.arrow            site captures (robots.txt, tdmrep.json, ai.txt)
    STORE/near_duplicates.parquet            near-duplicate clusters over the whole store
    STORE/exclusions/<name>.parquet          an exclusion set: the documents to drop, why
"""

from __future__ import annotations

import os
from pathlib import Path

CATALOG = "catalog.duckdb"


class Layout:
    def __init__(self, root: str | Path) -> None:
        if "://" in str(root):
            from provscan.errors import StoreError

            raise StoreError(f"{root}: a store URI is worked on through its local copy: "
                             "open it with provscan.store.remote.store_root (the CLI does)")
        self.root = Path(root).absolute()

    @property
    def catalog(self) -> Path:
        return self.root / CATALOG

    def manifest_part(self, source: str, unit_key: str) -> Path:
        return self.root / "manifest" / source / f"{unit_key}.parquet"

    def sample_part(self, source: str, unit_key: str) -> Path:
        return self.root / "samples" / source / f"{unit_key}.parquet"

    def evidence_part(self, source: str, unit_key: str) -> Path:
        return self.root / "evidence" / source / f"{unit_key}.parquet"

    def minhash_part(self, source: str, unit_key: str) -> Path:
        return self.root / "minhash" / source / f"{unit_key}.parquet"

    def relative(self, part: Path) -> str:
        """How the catalog records a part: relative to the store root, so a store can be
        moved, copied or synced to another machine (``store/remote.py``)."""
        return part.relative_to(self.root).as_posix()

    def resolve(self, recorded: str) -> Path:
        """The path of a part as recorded in the catalog. Older catalogs recorded
        absolute paths; those are re-rooted here by their last three components
        (``kind/source/unit.parquet``), which the layout fixes."""
        p = Path(recorded)
        if not p.is_absolute():
            return self.root / p
        return p if p.is_relative_to(self.root) else self.root.joinpath(*p.parts[-3:])

    def evidence_of(self, manifest_part: str | Path) -> Path:
        """The evidence part that belongs with a manifest part."""
        p = Path(manifest_part)
        return self.root / "evidence" / p.parent.name / p.name

    def minhash_of(self, manifest_part: str | Path) -> Path:
        """The MinHash part that belongs with a manifest part."""
        p = Path(manifest_part)
        return self.root / "minhash" / p.parent.name / p.name

    def companions(self, manifest_part: str | Path) -> list[Path]:
        """The other parts written with a manifest part (removed with it)."""
        return [self.evidence_of(manifest_part), self.minhash_of(manifest_part)]

    @property
    def near_duplicates(self) -> Path:
        return self.root / "near_duplicates.parquet"

    @property
    def exclusions_dir(self) -> Path:
        return self.root / "exclusions"

    def exclusion_set(self, name: str) -> Path:
        """The documents of the exclusion set ``name`` (``provscan exclude``)."""
        return self.exclusions_dir / f"{name}.parquet"

    @property
    def captures_dir(self) -> Path:
        return self.root / "captures"

    @property
    def captures_file(self) -> Path:
        return self.captures_dir / "captures.arrow"

    def remove_unit(self, part: str | Path, sample: str | Path | None = None) -> None:
        """Remove a unit's manifest part and every part written with it."""
        for p in (Path(part), *([Path(sample)] if sample else []), *self.companions(part)):
            p.unlink(missing_ok=True)


def tmp_path(final: Path) -> Path:
    """A temporary name beside ``final``, unique to this process."""
    return final.with_name(f".{final.name}.{os.getpid()}.tmp")


def file_xxh3(path: Path, bits: int = 64) -> str:
    """xxh3-64 (or xxh3-128) hex of a file's bytes, read in 8 MiB blocks."""
    import xxhash

    h = xxhash.xxh3_128() if bits == 128 else xxhash.xxh3_64()
    with path.open("rb") as f:
        while block := f.read(8 << 20):
            h.update(block)
    return h.hexdigest()


def part_intact(path: Path, size: int | None, xxh3: str | None) -> bool:
    """Whether a published part is still the file its unit recorded (size and checksum);
    parts recorded before checksums existed count as intact when present."""
    try:
        if size is None or xxh3 is None:
            return path.exists()
        return path.stat().st_size == size and file_xxh3(path) == xxh3
    except OSError:
        return False


def publish(tmp: Path, final: Path) -> None:
    """Atomically move a finished part into place (replacing an older one)."""
    os.replace(tmp, final)
