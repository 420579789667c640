"""Typed, frozen scan configuration: one source of truth for the CLI and YAML configs.

A YAML config mirrors :class:`ScanConfig` field by field (see ``configs/``). Unknown
fields are errors, so a typo never silently falls back to a default.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from provscan.errors import ConfigError

Profile = Literal["fast", "full"]
"""``fast``: hash, size, domain, date (and the sample flag). ``full``: also tokens and
sampled texts; later detectors join the full profile."""

RobotsTime = Literal["at-crawl", "latest", "any"]
Format = Literal["auto", "parquet", "jsonl", "csv", "arrow", "hf", "warc", "delta"]
TemplateClass = Literal["2.1", "2.2.1", "2.2.2", "2.3", "2.4", "2.5", "2.6"]
Modality = Literal["text", "image", "audio", "video", "other"]
ExecutorName = Literal["serial", "process", "ray"]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ColumnMap(_Frozen):
    """Which input column holds each standard field. Dotted paths reach into structs
    (``metadata.url``). ``None`` means: use the first default name present."""

    text: str | None = Field(None, description="document text; default `text`")
    url: str | None = Field(None, description="document URL; default `url`")
    date: str | None = Field(
        None, description="acquisition date; default `date`, `timestamp` or `crawl_date`"
    )
    id: str | None = Field(None, description="the data's own document id; default `id`")


DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text",),
    "url": ("url",),
    "date": ("date", "timestamp", "crawl_date"),
    "id": ("id",),
}


class Declared(_Frozen):
    """What the provider declares about a source (never inferred from the data)."""

    template_class: TemplateClass | None = Field(
        None, description="EU template section: 2.1 public datasets ... 2.6 other"
    )
    link: str | None = Field(None, description="where the dataset can be found")
    version: str | None = Field(None, description="dataset version, snapshot or revision")
    licence: str | None = Field(None, description="declared licence, SPDX id if there is one")
    modality: Modality = Field("text", description="modality of the source's content")
    description: str | None = Field(None, description="free text: what the source is")


class SourceSpec(_Frozen):
    """One named source: files, directories or globs of one corpus."""

    name: str = Field(description="source name, used in the manifest `source` column")
    paths: tuple[str, ...] = Field(description="files, directories or glob patterns")
    format: Format = "auto"
    columns: ColumnMap = ColumnMap()
    declared: Declared = Declared()
    storage_options: dict[str, str] = Field(
        default_factory=dict, description="object-store options for s3:// paths: "
        "endpoint_url, region, access_key, secret_key, session_token, anonymous "
        "(default: the standard AWS environment variables)")
    delta_version: int | None = Field(
        None, ge=0, description="Delta Lake tables of this source are read at this table "
        "version; default: the latest")

    @field_validator("name")
    @classmethod
    def _check_name(cls, v: str) -> str:
        if not _NAME.match(v):
            raise ValueError(
                f"source name {v!r} must start with a letter or digit and contain only "
                "letters, digits, '.', '_' or '-'"
            )
        return v

    @field_validator("paths")
    @classmethod
    def _check_paths(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if not v:
            raise ValueError("a source needs at least one path")
        return v


class NearDuplicates(_Frozen):
    """MinHash + LSH settings for near-duplicate clusters (see docs/near-duplicates.md).

    Documents become candidates when they share one of ``bands`` band keys of ``rows``
    MinHash values each; the S-curve's midpoint is (1/bands)^(1/rows), 0.78 by default.
    """

    enabled: bool = Field(True, description="compute band keys and cluster after the scan")
    bands: int = Field(12, ge=1, le=64, description="LSH bands")
    rows: int = Field(10, ge=1, le=32, description="MinHash values per band")
    shingle: int = Field(5, ge=1, le=32, description="words per shingle")
    seed: int = Field(0, ge=0, description="hash seed; stores with different seeds do not match")
    memory_limit: str = Field(
        "192MB", description="memory limit of the clustering step (it spills beyond)")


class PersonNames(_Frozen):
    """Personal names, counted on the sampled documents only (see
    docs/detectors-pii-language.md)."""

    enabled: bool = Field(True, description="count personal names in sampled documents "
                          "(full profile)")
    pipeline: str | None = Field(
        None, description="an installed trained spaCy pipeline (package name such as "
        "en_core_web_sm, or a directory saved with nlp.to_disk) whose NER finds the names; "
        "default: a blank spaCy pipeline with provscan's rules")


class ScanOptions(_Frozen):
    """How to scan: what to compute and how much to parallelise."""

    profile: Profile = "full"
    workers: int | None = Field(None, ge=1, description="worker processes; default all cores")
    executor: ExecutorName = "process"
    ray_address: str | None = Field(
        None, description="Ray cluster to join with executor ray (e.g. ray://head:10001); "
        "default: a local Ray instance")
    sample_rate: float = Field(0.01, ge=0.0, le=1.0, description="share of documents sampled")
    sample_max_chars: int = Field(
        20_000, ge=0, description="characters of each sampled text kept in the store"
    )
    batch_rows: int = Field(8192, ge=1, description="rows per Arrow record batch")
    unit_bytes: int = Field(
        256 * 2**20, ge=2**20, description="split Parquet files larger than this by row group"
    )
    tokenizer: str | None = Field(
        None, description="a Hugging Face tokenizer.json; default: the built-in word count"
    )
    site_captures: tuple[str, ...] = Field(
        (), description="WARC or Parquet files of robots.txt, tdmrep.json and ai.txt captures; "
        "ingested into the store (they replace captures ingested before)",
    )
    robots_time: RobotsTime = Field(
        "any", description="which site capture applies to a document: the one in effect at "
        "its date (at-crawl), the newest (latest), or both, a reservation in either counting",
    )
    crawler_tokens: str | None = Field(
        None, description="a JSON file of AI-training crawler tokens (format of the packaged "
        "data/ai_crawlers.json); default: the packaged list",
    )

    near_duplicates: NearDuplicates = NearDuplicates()
    person_names: PersonNames = PersonNames()

    @property
    def counts_names(self) -> bool:
        """Names are counted on the sampled text: full profile, switched on, and some
        text kept (``sample_max_chars`` 0 keeps none)."""
        return (self.profile == "full" and self.person_names.enabled
                and self.sample_max_chars > 0)

    def resolved_workers(self) -> int:
        return self.workers or os.cpu_count() or 1


class ScanConfig(_Frozen):
    """A whole scan: the store, the options and the sources."""

    store: str | None = Field(None, description="store directory or s3://bucket/prefix "
                               "(overridden by --store)")
    options: ScanOptions = ScanOptions()
    sources: tuple[SourceSpec, ...]

    @field_validator("sources")
    @classmethod
    def _unique_names(cls, v: tuple[SourceSpec, ...]) -> tuple[SourceSpec, ...]:
        names = [s.name for s in v]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"source names must be unique; repeated: {', '.join(dupes)}")
        if not v:
            raise ValueError("a config needs at least one source")
        return v


def _format_validation(path: str, err: ValidationError) -> str:
    lines = [f"{path}: invalid configuration"]
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"])
        lines.append(f"  {loc}: {e['msg']}")
    lines.append("See configs/ for annotated examples.")
    return "\n".join(lines)


def read_yaml(p: Path, what: str) -> Any:
    """The parsed YAML of a file; unreadable files and bad YAML are ``ConfigError``s."""
    try:
        return yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"cannot read {what} {p}: {e.strerror}") from e
    except yaml.YAMLError as e:
        raise ConfigError(f"{p}: not valid YAML: {e}") from e


def load_config(path: str | Path) -> ScanConfig:
    """Read a YAML scan config. Relative source paths resolve against the file's folder."""
    p = Path(path)
    raw = read_yaml(p, "config")
    if not isinstance(raw, dict):
        raise ConfigError(f"{p}: expected a mapping with a `sources` list at the top")
    base = p.parent
    sources = raw.get("sources")
    for src in sources if isinstance(sources, list) else []:
        if isinstance(src, dict) and isinstance(src.get("paths"), str):
            src["paths"] = [src["paths"]]
        if isinstance(src, dict) and isinstance(src.get("paths"), list):
            src["paths"] = [_resolve(base, s) for s in src["paths"]]
    if isinstance(raw.get("store"), str):
        raw["store"] = _resolve(base, raw["store"])
    opts = raw.get("options")
    if isinstance(opts, dict):  # file options are relative to the config too
        for key in ("tokenizer", "crawler_tokens"):
            opts[key] = _resolve(base, opts.get(key)) if opts.get(key) else opts.get(key)
        names = opts.get("person_names")
        if isinstance(names, dict):
            pipe = names.get("pipeline")
            if isinstance(pipe, str) and ("/" in pipe or pipe.startswith(".")):
                names["pipeline"] = _resolve(base, pipe)  # a folder, not a package name
        caps = opts.get("site_captures")
        if isinstance(caps, str):
            caps = [caps]
        if isinstance(caps, list):
            opts["site_captures"] = [_resolve(base, c) for c in caps]
    try:
        return ScanConfig.model_validate(raw)
    except ValidationError as e:
        raise ConfigError(_format_validation(str(p), e)) from e


def _resolve(base: Path, s: Any) -> Any:
    if not isinstance(s, str) or "://" in s or os.path.isabs(s):
        return s
    return os.path.normpath(base / s)


def command_config(config_file: str | None, source: dict[str, Any] | None,
                   store: str | None, overrides: dict[str, Any]) -> ScanConfig:
    """The configuration of a scan command: the config file's, with the options given
    on the command line (``overrides``) over it; or, without a file, one ``source``
    with those options. ``near_duplicates`` overrides merge into the file's settings."""
    if config_file is None:
        return build_config(store=store, options=overrides, sources=[source or {}])
    base = load_config(config_file)
    if "near_duplicates" in overrides:  # keep the file's other near-duplicate settings
        overrides = {**overrides, "near_duplicates": {
            **base.options.near_duplicates.model_dump(), **overrides["near_duplicates"]}}
    opts = {**base.options.model_dump(exclude_unset=True), **overrides}
    return build_config(store=base.store, options=opts,
                        sources=[s.model_dump() for s in base.sources])


M = TypeVar("M", bound=BaseModel)


def build_model(cls: type[M], data: Any, where: str = "arguments") -> M:
    """Validate ``data`` as ``cls``: an instance passes as it is, a mapping is checked
    field by field; what is wrong is a ``ConfigError`` naming each field."""
    if isinstance(data, cls):
        return data
    try:
        return cls.model_validate(data)
    except ValidationError as e:
        lines = [f"invalid {where}:"] + [
            f"  {'.'.join([where, *(str(p) for p in err['loc'])])}: {err['msg']}"
            for err in e.errors()]
        raise ConfigError("\n".join(lines)) from e


def build_config(**kwargs: Any) -> ScanConfig:
    """Validate a configuration built from command-line options."""
    try:
        return ScanConfig.model_validate(kwargs)
    except ValidationError as e:
        raise ConfigError(_format_validation("command line", e)) from e
