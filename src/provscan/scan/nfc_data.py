"""Which characters can make a text change under NFC (a superset, computed from Python's
Unicode database): NFC_Quick_Check No or Maybe, or a non-zero combining class.

A text with none of them is already in NFC, so only the (few) rows that contain one
are normalised. ``data/nfc_unstable.txt`` holds the ranges; ``python -m
provscan.scan.nfc_data`` regenerates it, and a test checks it is current.
"""

from __future__ import annotations

import sys
import unicodedata
from importlib.resources import files


def unstable_codepoints() -> list[int]:
    second: set[int] = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))  # Hangul V, T
    out: set[int] = set()
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        if unicodedata.combining(ch) or unicodedata.normalize("NFC", ch) != ch:
            out.add(cp)
        dec = unicodedata.decomposition(ch)
        if dec and not dec.startswith("<"):
            parts = dec.split()
            if len(parts) == 2:
                second.add(int(parts[1], 16))
    return sorted(out | second)


def to_ranges(cps: list[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for cp in cps:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return ranges


def render() -> str:
    lines = [f"# unicodedata {unicodedata.unidata_version}: code point ranges that may "
             "change under NFC"]
    lines += [f"{a:04X} {b:04X}" for a, b in to_ranges(unstable_codepoints())]
    return "\n".join(lines) + "\n"


def regex_class() -> str:
    """The ranges as one RE2 character class."""
    text = files("provscan").joinpath("data/nfc_unstable.txt").read_text("ascii")
    parts = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            a, b = line.split()
            parts.append(f"\\x{{{a}}}" if a == b else f"\\x{{{a}}}-\\x{{{b}}}")
    return "[" + "".join(parts) + "]"


if __name__ == "__main__":
    sys.stdout.write(render())
