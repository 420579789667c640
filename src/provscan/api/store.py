"""``provscan.Store``: the operations of the command line on one store, from Python."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from provscan.api.results import QueryError, Verdict
from provscan.api.sources import Columns, DeclaredArg, resolve_source
from provscan.config import (
    ColumnMap,
    Format,
    RobotsTime,
    ScanConfig,
    ScanOptions,
    build_model,
    load_config,
)

if TYPE_CHECKING:
    import duckdb

    from provscan.exclude import ExclusionResult
    from provscan.lookup.run import LookupOptions, LookupResult
    from provscan.report.model import Summary
    from provscan.scan.run import ProgressSink, ScanSummary

_log = logging.getLogger("provscan")


class Store:
    """A provscan store: a directory, or ``s3://bucket/prefix`` (worked on through a
    local copy, pulled before and pushed after each write, as the CLI does).

    ``options`` are the scan options of every ``scan`` (each call may override them);
    ``storage_options`` reach an ``s3://`` store (endpoint_url, region, access_key, …).
    Nothing is created until the first scan; reading a store that does not exist raises
    ``StoreError``.
    """

    def __init__(self, path: str | os.PathLike[str], *,
                 options: ScanOptions | Mapping[str, Any] | None = None,
                 storage_options: Mapping[str, str] | None = None,
                 notice: Callable[[str], None] | None = None) -> None:
        self.path = os.fspath(path)
        self.options = build_model(ScanOptions, options or {}, "options")
        self.storage_options = dict(storage_options or {})
        self._notice = notice or _log.warning

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    @contextmanager
    def _root(self, *, write: bool) -> Iterator[Path]:
        from provscan.store.remote import store_root

        with store_root(self.path, self.storage_options, write=write,
                        must_exist=not write, notice=self._notice) as root:
            yield root

    # -- scanning ---------------------------------------------------------------------
    def scan(
        self, source: Any, *, name: str | None = None, version: str | None = None,
        format: Format = "auto", columns: Columns = None, declared: DeclaredArg = None,
        storage_options: Mapping[str, str] | None = None, delta_version: int | None = None,
        options: ScanOptions | Mapping[str, Any] | None = None,
        progress: ProgressSink | None = None,
    ) -> ScanSummary:
        """Scan one source into the store; a re-run scans only what is new or changed.

        ``source``: a path, glob or list of them (local, ``s3://``, ``hf://``); an
        ``hf-cache://OWNER/NAME@REVISION`` URI or :class:`HFCache`; or an in-memory object
        (``datasets`` Dataset, DatasetDict, IterableDataset; pyarrow Table, RecordBatch,
        RecordBatchReader; anything with ``__arrow_c_stream__``). ``name`` is the
        manifest's ``source`` (default: from the first path; required in memory).
        ``version`` stands in for an in-memory source's file fingerprint (default: a
        Dataset's own ``_fingerprint``; others are read again on every scan without one).
        ``options`` override the store's scan options for this call.

        Returns what happened (``ok``, ``failures``, ``docs``…): units that fail do not
        raise, as the CLI exits 1 for them; invalid arguments raise ``ConfigError``,
        unreadable sources ``InputError``, store problems ``StoreError``.
        """
        spec = resolve_source(source, name=name, version=version, fmt=format,
                              columns=columns, declared=declared,
                              storage_options=storage_options, delta_version=delta_version)
        label = os.fspath(source) if isinstance(source, str | os.PathLike) \
            else type(source).__name__
        return self._run(self._options(options), [spec], progress,
                         f"python: Store.scan({label!r}, name={spec_name(spec)!r})")

    def scan_config(self, config: ScanConfig | str | os.PathLike[str], *,
                    options: ScanOptions | Mapping[str, Any] | None = None,
                    progress: ProgressSink | None = None, command: str | None = None,
                    ) -> ScanSummary:
        """Scan every source of a scan configuration (a YAML file or ``ScanConfig``);
        ``options`` override the configuration's."""
        cfg = config if isinstance(config, ScanConfig) else load_config(os.fspath(config))
        opts = cfg.options
        if options is not None:
            extra = options.model_dump(exclude_unset=True) if isinstance(
                options, ScanOptions) else dict(options)
            opts = build_model(ScanOptions, {**opts.model_dump(exclude_unset=True), **extra},
                               "options")
        return self._run(opts, list(cfg.sources), progress,
                         command or "python: Store.scan_config(...)")

    def _options(self, options: ScanOptions | Mapping[str, Any] | None) -> ScanOptions:
        if options is None:
            return self.options
        if isinstance(options, ScanOptions):
            return options
        return build_model(ScanOptions, {**self.options.model_dump(exclude_unset=True),
                                         **options}, "options")

    def _run(self, opts: ScanOptions, sources: Sequence[Any],
             progress: ProgressSink | None, command: str) -> ScanSummary:
        from provscan.executors import SerialExecutor, make_executor
        from provscan.scan.run import run_sources
        from provscan.sources.memory import MemorySource

        # in-memory sources run in this process: no pool or Ray cluster to start for them
        executor = SerialExecutor[Any, Any](1) if all(
            isinstance(s, MemorySource) for s in sources) else make_executor(
            opts.executor, opts.resolved_workers(), opts.ray_address)
        with self._root(write=True) as root:
            return run_sources(opts, sources, root, executor, progress, command)

    # -- reading ----------------------------------------------------------------------
    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only DuckDB connection to the catalog, with the views ``manifest``
        (one row per document) and ``evidence``; closed when the block ends."""
        from provscan.store import Catalog

        with self._root(write=False) as root, Catalog(root, read_only=True) as cat:
            cat.db.execute(f"create or replace temp view manifest as {cat.manifest_sql()}")
            cat.db.execute(f"create or replace temp view evidence as {cat.evidence_sql()}")
            yield cat.db

    def query(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        """Run SQL over the store (``manifest``, ``evidence``, the catalog's tables); the
        result as an Arrow table. A query DuckDB rejects raises ``QueryError``."""
        import duckdb

        with self.connect() as con:
            try:
                rel = con.sql(sql, params=params)
                if rel is None:  # a statement without a result
                    return pa.table({})
                return rel.to_arrow_table()
            except duckdb.Error as e:
                raise QueryError(
                    f"the query failed: {e}\n(the store's tables are `manifest` and "
                    "`evidence`, read-only; see docs/manifest.md)") from e

    def explain(self, url: str, *, robots_time: RobotsTime | None = None,
                crawler_tokens: str | None = None) -> Verdict:
        """Whether the documents at ``url`` are reserved against AI training, with the
        evidence and site captures behind it (``provscan explain``)."""
        from provscan.lookup.explain import explain

        with self._root(write=False) as root:
            return Verdict.of(explain(root, url, robots_time, crawler_tokens))

    def lookup(self, *, urls: Sequence[str] = (), url_prefixes: Sequence[str] = (),
               domains: Sequence[str] = (), texts: Mapping[str, str] | Sequence[str] = (),
               options: LookupOptions | None = None) -> LookupResult:
        """"Is this work in the training data?" (``provscan lookup``): documents by URL,
        URL prefix or domain, and by text (the same text, a near copy, or a passage in a
        longer document); ``texts`` maps a name for each work to its text (or is a list,
        named ``text 1``, ``text 2``…). Each match says whether the document is reserved
        and which exclusion sets drop it. The lookup index is kept in the store."""
        from provscan.lookup.run import LookupOptions, lookup
        from provscan.lookup.works import Work

        named = texts.items() if isinstance(texts, Mapping) else (
            (f"text {i}", t) for i, t in enumerate(texts, 1))
        works = [Work(name, text) for name, text in named]
        with self._root(write=True) as root:
            return lookup(root, list(urls), list(url_prefixes), list(domains), works,
                          options or LookupOptions())

    def report(self, out: str | os.PathLike[str], *,
               declaration: str | os.PathLike[str] | None = None, sme: bool = False,
               previous: str | os.PathLike[str] | None = None) -> Summary:
        """Write the EU training-content summary and its evidence into ``out``
        (``provscan report``); returns the summary model that summary.json serialises."""
        from provscan.declaration import load_declaration
        from provscan.report import write_report
        from provscan.store import Catalog

        decl = load_declaration(os.fspath(declaration) if declaration is not None else None)
        with self._root(write=False) as root, Catalog(root, read_only=True) as cat:
            return write_report(cat, os.fspath(out), sme=sme, declaration=decl,
                                previous=os.fspath(previous) if previous is not None else None)


    # -- acting on the evidence ---------------------------------------------------------
    def exclude(self, name: str, drop: Sequence[str] = (), *, where: str | None = None,
                robots_time: RobotsTime | None = None) -> ExclusionResult:
        """Build (or bring up to date) the exclusion set ``name`` (``provscan exclude``):
        ``drop`` takes the CLI's ``--drop`` values (``reserved``, ``pii``,
        ``exact-duplicates``, ``near-duplicates``, ``licence-class=CLASS[,CLASS]``),
        ``where`` an SQL condition over the manifest."""
        from provscan.exclude import build_exclusion_set, spec_from_options

        spec = spec_from_options(name, list(drop), where, robots_time)
        with self._root(write=True) as root:
            return build_exclusion_set(root, spec)

    def keep_mask(self, data: Any, exclusions: str, *, source: str | None = None,
                  version: str | None = None, columns: Columns = None,
                  ) -> np.ndarray | dict[str, np.ndarray]:
        """Which rows of ``data`` the exclusion set ``exclusions`` keeps: a boolean numpy
        array aligned with its rows (a dict of them, by split, for a ``DatasetDict``), for
        ``ds.select(np.flatnonzero(mask))`` or ``table.filter(mask)``.

        Rows are matched by their ``id`` column (``columns={"id": ...}`` names another),
        limited to ``source`` when given; rows without an id by their row in the shard
        ``inmemory://SOURCE/SPLIT``, which needs ``source`` and the very data scanned
        (its ``version``, or a Dataset's fingerprint, is checked). An unknown set raises
        ``UnknownExclusionSet`` naming the sets there are.
        """
        from provscan.api.keep import keep_masks
        from provscan.exclude import read_exclusion_set
        from provscan.store import Catalog

        cols = build_model(ColumnMap, columns or {}, "columns")
        with self._root(write=False) as root:
            excluded = read_exclusion_set(root, exclusions)
            with Catalog(root, read_only=True) as cat:
                prints = dict(cat.db.execute(
                    "select shard, any_value(fingerprint) from units where source = ? "
                    "group by 1", [source or ""]).fetchall())
        return keep_masks(data, excluded, source=source, version=version, columns=cols,
                          fingerprints=prints)


def spec_name(spec: Any) -> str:
    return str(spec.spec.name if hasattr(spec, "parts") else spec.name)


__all__ = ["Store"]
