"""A rightsholder's works, read from files: one text file, a directory of them, or a
JSON lines file (``{"id": ..., "text": ...}`` a line; ``url`` and ``title`` optional)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from provscan.lookup.urls import LookupInputError
from provscan.scan.text import normalise_and_hash


@dataclass(frozen=True)
class Work:
    name: str  # how the answer names the query: the file, or the JSON line's id
    text: str


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise LookupInputError(f"work {path}: cannot be read ({e.strerror or e}); check the "
                               "path and its permissions") from e
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise LookupInputError(f"work {path}: not UTF-8 text (byte {e.start}); give the work "
                               "as a UTF-8 text file (convert PDFs and documents to text "
                               "first)") from e


def _jsonl(path: Path) -> list[Work]:
    out = []
    for i, line in enumerate(_read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            text = d["text"]
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise LookupInputError(f"works file {path}, line {i}: not a JSON object with a "
                                   f"\"text\" field ({e}); each line is "
                                   '{"id": "...", "text": "..."}') from e
        if not isinstance(text, str):
            raise LookupInputError(f"works file {path}, line {i}: \"text\" is not a string")
        name = str(d.get("id") or d.get("title") or f"{path.name}:{i}")
        out.append(Work(name, text))
    return out


def read_works(paths: list[str]) -> list[Work]:
    """The works named by ``paths``; a ``LookupInputError`` naming the first bad one."""
    works: list[Work] = []
    for p in map(Path, paths):
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file()
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not files:
                raise LookupInputError(f"work directory {p}: holds no files")
            works += [Work(str(f), _read_text(f)) for f in files]
        elif p.suffix == ".jsonl":
            works += _jsonl(p)
        else:
            works.append(Work(str(p), _read_text(p)))
    if works:
        norm, _, _ = normalise_and_hash(pa.array([w.text for w in works], pa.string()))
        for w, n in zip(works, norm.to_pylist(), strict=True):
            if not n:
                raise LookupInputError(f"work {w.name}: is empty (no text once white space is "
                                       "removed); nothing to look up")
    return works


__all__ = ["Work", "read_works"]
