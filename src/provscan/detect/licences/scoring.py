"""How detections are scored against labels (tests and ``benchmarks/licence_bench.py``).

Document level, per licence id: an expression counts as the ids in it (``MIT OR
Apache-2.0`` is MIT and Apache-2.0; an exception only widens a licence and is not
counted), and a label that is a family without a version (``LicenseRef-provscan-BSD``)
is met by any member of the family that was found (``BSD-3-Clause``): "family level
where the text gives no version".
"""

from __future__ import annotations

from collections.abc import Iterable

from provscan.detect.licences.spdx import licensing

FAMILY = "LicenseRef-provscan-"


def ids(expressions: Iterable[str]) -> set[str]:
    """The licence ids (no exceptions) named in ``expressions``."""
    out: set[str] = set()
    for e in expressions:
        try:
            parsed = licensing().parse(e, validate=False)
            out |= {str(s.key) for s in licensing().license_symbols(parsed, decompose=True)
                    if not getattr(s, "is_exception", False)}
        except Exception:  # an unparsable label is compared as written
            out.add(e)
    return out


def licence_ids(gold: Iterable[str], found: Iterable[str]) -> tuple[set[str], set[str]]:
    """(labelled ids, found ids) with found family members folded into a family label."""
    want, got = ids(gold), ids(found)
    for fam in [x for x in want if x.startswith(FAMILY)]:
        name = fam[len(FAMILY):]
        members = {g for g in got if g == name or g.startswith(f"{name}-")}
        if members and fam not in got:
            got = (got - members) | {fam}
    return want, got
