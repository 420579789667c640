"""Plain data that crosses process boundaries: shards, work units, problems."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa
import xxhash


@dataclass(frozen=True)
class Shard:
    """One input file (or one data file of a Hugging Face dataset)."""

    source: str
    uri: str
    format: str
    size: int
    mtime_ns: int
    #: ``--storage-option`` pairs for remote shards (endpoint, region…); plain data.
    storage: tuple[tuple[str, str], ...] = ()
    #: The object's ETag on an object store, when known.
    etag: str | None = None
    #: The version of an in-memory source (no file): it is the fingerprint.
    version: str | None = None

    @property
    def fingerprint(self) -> str:
        """Changes when the file changes: size and ETag on object stores that give one
        (a rewrite with the same bytes keeps it, so nothing is rescanned), else size and
        modification time. An in-memory source's version stands in for all of them."""
        if self.version:
            return self.version
        if self.etag:
            return f"{self.size}:etag:{self.etag}"
        return f"{self.size}:{self.mtime_ns}"

    @property
    def shard_id(self) -> str:
        """Stable short id of the shard URI, used to name its parts in the store."""
        return xxhash.xxh3_64_hexdigest(self.uri.encode("utf-8"))


@dataclass(frozen=True)
class WorkUnit:
    """The unit of scheduling: a whole shard, or a range of row groups of a large one."""

    shard: Shard
    index: int = 0
    count: int = 1
    row_groups: tuple[int, ...] | None = None
    first_row: int = 0
    est_bytes: int = 0

    @property
    def key(self) -> str:
        return f"{self.shard.shard_id}-{self.index:05d}"

    def where(self) -> str:
        if not self.row_groups:
            return self.shard.uri
        return f"{self.shard.uri} (row groups {self.row_groups[0]}-{self.row_groups[-1]})"


@dataclass(frozen=True)
class Problem:
    """A problem with the input: what was repaired or lost, where, and why."""

    kind: str
    line: int | None
    message: str


#: Problem kinds where input was lost, not only repaired: a document (or more) that is in
#: the file is not in the manifest. A unit with any of them is ``partial``, and the scan
#: exits 1. Every other kind is a repair (bad UTF-8 replaced, a bad value made null, a
#: body cut at the size limit): the document is kept.
LOSS_KINDS = frozenset({
    "truncated",  # the file ends inside a document: what came before is kept
    "broken_record",  # bytes of a web archive that are no record: reading resumed after
    "bad_json",  # a JSON line that does not parse
    "bad_csv_row",  # a CSV row with the wrong number of fields
    "bad_row_group",  # a Parquet row group that cannot be decoded
    "read_error",  # the reader stopped: the documents before are kept
})


@dataclass
class ProblemLog:
    """The problems of one unit: every one counted, the first ``keep`` kept in full.

    Records a reader leaves out by design (a WARC request record, a 404, a PDF) are not
    problems: they are counted per reason in ``skipped`` and never crowd out damage.
    """

    where: str
    keep: int = 1000
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, line: int | None, message: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if len(self.problems) < self.keep:
            self.problems.append(Problem(kind, line, message))

    def skip(self, reason: str) -> None:
        """A record left out by rule (not a document), counted under ``reason``."""
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def partial(self) -> bool:
        """Whether input was lost (see ``LOSS_KINDS``)."""
        return any(k in LOSS_KINDS for k in self.counts)


@dataclass(frozen=True)
class RawBatch:
    """What a format reader yields: input columns, their row indices, and progress.

    ``rows`` is ``None`` when the rows follow on from the previous batch.
    ``progress`` is the share of the unit read so far (0..1), for the ETA.
    ``mapped`` is true when the batch already has the standard columns.
    """

    batch: pa.RecordBatch
    rows: pa.Array | None
    progress: float
    mapped: bool = False
    page: pa.RecordBatch | None = None  # PAGE_SCHEMA, for web captures only


@dataclass(frozen=True)
class ReadBatch:
    """Standard columns (``READ_SCHEMA``) with the row index of each document."""

    batch: pa.RecordBatch
    rows: pa.Array
    progress: float
    page: pa.RecordBatch | None = None  # PAGE_SCHEMA, for web captures only
