"""The AI-crawler product tokens whose robots.txt disallows count, and their source.

The packaged, dated list is ``data/ai_crawlers.json``; ``--crawler-tokens FILE`` gives a
user list in the same format.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from provscan.errors import ConfigError


@dataclass(frozen=True)
class CrawlerTokens:
    """The AI-crawler product tokens whose disallows count, with where the list comes from."""

    version: str
    date: str
    source: str
    tokens: tuple[str, ...]
    #: The file the list came from, as given (the packaged one by its package path).
    file: str = "provscan/data/ai_crawlers.json"
    #: The file's text, as read: what the catalog keeps as the record of the list.
    text: str = ""

    @property
    def label(self) -> str:
        """How a unit's provenance names the list."""
        return (f"{self.file}, version {self.version} of {self.date}, "
                f"{len(self.tokens)} tokens ({self.source})")

    @classmethod
    def load(cls, path: str | None = None) -> CrawlerTokens:
        """The packaged ``data/ai_crawlers.json``, or a user file in the same format."""
        if path is None:
            name = "provscan/data/ai_crawlers.json"
            text = files("provscan").joinpath("data/ai_crawlers.json").read_text("utf-8")
        else:
            name = path
            try:
                text = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as e:
                raise ConfigError(f"cannot read crawler token file {path}: {e}") from e
        return cls._from_text(text, name)

    @classmethod
    def _from_text(cls, text: str, name: str) -> CrawlerTokens:
        def bad(what: str) -> ConfigError:
            return ConfigError(f"crawler token file {name}: {what}; see the format of "
                               "provscan/data/ai_crawlers.json")

        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            raise bad(f"not valid JSON ({e})") from e
        if not isinstance(doc, dict):
            raise bad("expected a JSON object with version, date, source and tokens")
        for key in ("version", "date", "source"):
            if not isinstance(doc.get(key), str) or not doc[key].strip():
                raise bad(f"`{key}` must be a non-empty string")
        try:
            dt.date.fromisoformat(doc["date"] if len(doc["date"]) == 10 else "")
        except ValueError as e:
            raise bad(f"`date` must be YYYY-MM-DD, not {doc['date']!r}") from e
        entries = doc.get("tokens")
        if not isinstance(entries, list) or not entries:
            raise bad("`tokens` must be a non-empty list of {\"token\": ...} objects")
        tokens: list[str] = []
        for i, entry in enumerate(entries):
            tok = entry.get("token") if isinstance(entry, dict) else None
            if not isinstance(tok, str) or not tok or tok != tok.strip() or tok == "*" or any(
                c in "#:" or not c.isprintable() for c in tok
            ):
                raise bad(f"tokens[{i}].token must be a crawler name as written in a "
                          f"User-agent line (no '#', ':', '*' or outer spaces), got {tok!r}")
            if tok.casefold() in (t.casefold() for t in tokens):
                raise bad(f"tokens[{i}]: {tok!r} is listed twice (tokens match ignoring case)")
            tokens.append(tok)
        return cls(doc["version"], doc["date"], doc["source"], tuple(tokens), name, text)


__all__ = ["CrawlerTokens"]
