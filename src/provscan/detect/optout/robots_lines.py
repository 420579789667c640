"""robots.txt lines about use rather than access, as ``robots.RobotsFile`` reads them:
Cloudflare's ``Content-Signal`` and the IETF AIPREF draft's ``Content-Usage`` (whose
preferences are an RFC 9651 structured-field dictionary, parsed with ``http_sf``)."""

from __future__ import annotations

import re

import http_sf

from provscan.detect.optout.model import ALLOWED, RESERVED


def content_signal(value: str) -> str | None:
    """Verdict of a Content-Signal value for ``ai-train`` (keys and values ignore case)."""
    verdict = None
    for part in value.split(","):
        key, eq, val = part.partition("=")
        if eq and key.strip().casefold() == "ai-train":
            val = val.strip().casefold()
            if val == "no":
                return RESERVED
            if val == "yes":
                verdict = ALLOWED
    return verdict


def content_usage(value: str) -> tuple[str, str | None] | None:
    """(path, verdict) of a ``Content-Usage: [path] prefs`` value; None without prefs."""
    path, prefs = "/", value
    if value.startswith("/"):
        parts = re.split(r"[ \t]+", value, maxsplit=1)
        if len(parts) < 2:
            return None
        path, prefs = parts
    try:
        parsed = http_sf.parse(prefs.encode("utf-8"), tltype="dictionary")
    except Exception:  # any parse failure means "no statement" (AIPREF vocab §7)
        return path, None
    member = parsed.get("train-ai") if isinstance(parsed, dict) else None
    item = member[0] if isinstance(member, tuple) else None
    if isinstance(item, http_sf.Token):
        return path, {"n": RESERVED, "y": ALLOWED}.get(str(item))
    return path, None


__all__ = ["content_signal", "content_usage"]
