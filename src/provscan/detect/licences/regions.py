"""Where in a text a licence rule was found: the regions of ``rules.RuleIndex``, their core
and how two of them overlap. Positions are word numbers; numpy over whole arrays."""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from provscan.detect.licences.rulegrams import I64

# A region's bounds come from its core (``trimmed``): 5-grams that open or close a run of
# CORE + 1 5-grams of the same rule within 2 * CORE_REACH words.
CORE: Final = 5
CORE_REACH: Final = 10


def trimmed(seg: I64, starts: I64, where: I64, first: I64, last: I64,
            exact: npt.NDArray[np.bool_]) -> tuple[I64, I64]:
    """Each region's first and last word without the stray 5-grams at its ends.

    A rule's 5-grams also occur loose in neighbouring text ("with or without modification
    are permitted" opens both the FSF all-permissive notice and BSD's second paragraph);
    a region that starts at such a stray 5-gram claims the text before it, and a short
    licence there is taken for part of the longer one (``RuleIndex._select``). Only the
    region's *core* counts for its bounds: 5-grams that open or close a run of ``CORE`` + 1
    5-grams of the same region within ``2 * CORE_REACH`` words. ``seg``: the region of
    each 5-gram (``where`` sorted within it), ``starts``: where each region's run begins.
    Regions of sampled rules (``exact`` False: ``RuleIndex._core`` bounds them on all their
    5-grams) and regions without a core keep their bounds.
    """
    core = np.zeros(len(where), np.bool_)
    if len(where) > CORE:
        run = (where[CORE:] - where[:-CORE] <= 2 * CORE_REACH) & (seg[CORE:] == seg[:-CORE])
        core[:-CORE] |= run
        core[CORE:] |= run
    lo = np.minimum.reduceat(np.where(core, where, np.iinfo(np.int64).max), starts)
    hi = np.maximum.reduceat(np.where(core, where, -1), starts)
    use = exact & (hi >= 0)
    return np.where(use, lo, first), np.where(use, hi, last)


def share(a: int, b: int, x: int, y: int) -> float:
    """The share of region ``a..b`` that lies in ``x..y``."""
    return max(0, min(b, y) - max(a, x) + 1) / (b - a + 1)


def inside(a: int, b: int, x: int, y: int) -> bool:
    """More than half of region ``a..b`` lies in ``x..y``."""
    return share(a, b, x, y) > 0.5
