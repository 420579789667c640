"""Lines of a robots.txt as ``robots.RobotsFile`` reads and explains them: the lines about
use rather than access (Cloudflare's ``Content-Signal`` and the IETF AIPREF draft's
``Content-Usage``, whose preferences are an RFC 9651 structured-field dictionary parsed
with ``http_sf``), user-agent names, and each finding's rule in words."""

from __future__ import annotations

import re
from typing import Any

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


def rule_text(group: Any, lines: dict[int, str], signal: str, verdict: str, line: int,
              who: dict[str, str], read_only: int | None) -> str:
    """A finding's ``rule`` in words: which group of a robots.txt (its user-agent lines) and
    which line matched for which tokens (``who``: token -> how its group was chosen), and
    why; ``read_only``: the bytes read where the file was cut."""
    heads: dict[int, str] = {}
    for token, mode in who.items():
        t = token.casefold()
        agent = next((a for a in group.agents if (
            a.star if mode == "star" else name_match(a.name, t) if mode == "name"
            else not a.star and a.google == t)), group.agents[0])
        heads[agent.line] = f"{lines[agent.line]} (line {agent.line})"
    text = f"{', '.join(heads[n] for n in sorted(heads))} / {lines[line]} (line {line})"
    if signal == "robots_txt":
        text += ", longest match" + (
            "; explicit Allow in the token's own group" if verdict == ALLOWED else "")
    elif signal == "content_signal":
        text += f", ai-train={'no' if verdict == RESERVED else 'yes'} in the group that applies"
    else:
        pref = "n" if verdict == RESERVED else "y"
        text += (", longest Content-Usage path for a URL the group lets crawl (equally long "
                 f"paths combine most restrictively): train-ai={pref}")
    modes = set(who.values())
    if modes == {"star"}:
        text += "; the * group applies: no group names the token"
    elif "star" in modes:
        star = ", ".join(t for t, m in who.items() if m == "star")
        text += f"; the * group applies to {star}: no group names these tokens"
    if group.through:
        text += _merged(group, lines)
    if "name" in modes:
        text += ("; group matched by the token's full name, which is not an RFC 9309 token "
                 "(Google-style parsers cut it at the first character outside [A-Za-z_-])")
    if read_only is not None:
        text += f"; only the first {read_only // 1024} KiB of robots.txt were read"
    return text


def _merged(group: Any, lines: dict[int, str], most: int = 10) -> str:
    """Why user-agent lines a reader may take for separate groups are one group."""
    through = [f"{lines[n]} (line {n})" if n in lines else f"blank line {n}"
               for n in group.through[:most]]
    if len(group.through) > most:
        through.append(f"{len(group.through) - most} more lines")
    agents = [f"{lines[a.line]} (line {a.line})" for a in group.agents[:most]]
    if len(group.agents) > most:
        agents.append(f"{len(group.agents) - most} more user-agent lines")
    return (f"; groups merged through {', '.join(through)}: only an Allow or Disallow "
            "line ends a group's user-agent lines (RFC 9309, Google's parser), so one "
            f"group holds {', '.join(agents)}")


def name_match(value: str, token: str) -> bool:
    """A user-agent value naming ``token`` in full, optionally with ``/version`` or more."""
    return value == token or (value.startswith(token) and value[len(token)] in "/ \t")


__all__ = ["content_signal", "content_usage", "name_match", "rule_text"]
