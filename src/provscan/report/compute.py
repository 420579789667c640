"""The training-compute estimate of obligations.json: ``6 · N · D`` from the declared
parameters and the measured tokens times the declared epochs, beside the compute the
provider declared, against the 10^25 FLOP of Art. 51(2).

Only measured and declared inputs are used: a missing one makes the estimate ``None``
(unknown) and is listed in ``missing``, never filled with a guess.
"""

from __future__ import annotations

import difflib
import math
from typing import Literal

from provscan.declaration import Declaration
from provscan.errors import ConfigError
from provscan.report.figure import Figure, Frozen, declared, to_be_provided
from provscan.report.model import ScanFigures

THRESHOLD_FLOP = 1e25
"""Art. 51(2): above this cumulative training compute a model is presumed to have
high-impact capabilities (systemic risk)."""
NEAR_FACTOR = 3.0
"""A figure within this factor of the threshold (either side) is flagged."""
DISAGREE_FACTOR = 2.0
"""A declared compute further than this factor from the estimate is flagged."""

ESTIMATE_METHOD = ("6 · N · D: N = active parameters (declared), D = tokens seen in "
                   "training; an architecture-based approximation for dense transformer "
                   "training (forward and backward pass, attention not counted)")

TokenCount = Literal["tokenizer", "word-count estimate", "mixed", "declared", "not measured"]


class SourceTokens(Frozen):
    """One source's part of D: its measured tokens times its declared epochs."""

    source: str
    tokens: int | None
    epochs: float | None
    epochs_field: str
    tokens_seen: int | None


class Compute(Frozen):
    """The estimate, its inputs (each tagged measured or declared) and the declared
    figure beside it."""

    estimate_flop: float | None
    estimate_method: str
    parameters: Figure[int | None]
    tokens_seen: Figure[int | None]
    token_count: TokenCount
    token_methods: tuple[str, ...]
    sources: tuple[SourceTokens, ...]
    declared_flop: Figure[float | None]
    declared_method: str | None
    declared_to_estimate: float | None
    disagreement: bool | None
    base_model_flop: Figure[float | None] | None
    missing: tuple[str, ...]


def token_count_kind(methods: tuple[str, ...]) -> TokenCount:
    """Whether the measured tokens come from a tokenizer or the word-count estimate."""
    tok = [m.startswith("tokenizer") for m in methods]
    if not tok:
        return "not measured"
    if all(tok):
        return "tokenizer"
    return "mixed" if any(tok) else "word-count estimate"


def check_sources(s: ScanFigures, d: Declaration) -> None:
    """Every source named in ``training.epochs_per_source`` is a source of the store."""
    names = [r.source for r in s.sources.value]
    for name in d.training.epochs_per_source:
        if name not in names:
            close = difflib.get_close_matches(name, names, n=1)
            hint = f"did you mean `{close[0]}`?" if close else \
                f"sources: {', '.join(names) or 'none'}"
            raise ConfigError(f"{d.origin}: training.epochs_per_source.{name}: no source "
                              f"named {name!r} in the store ({hint})")


def _tokens_seen(s: ScanFigures, d: Declaration,
                 missing: list[str]) -> tuple[Figure[int | None], tuple[SourceTokens, ...]]:
    t = d.training
    if t.tokens_seen is not None:
        return declared(t.tokens_seen, "training.tokens_seen"), ()
    parts: list[SourceTokens] = []
    known = True
    for r in s.sources.value:
        per = t.epochs_per_source.get(r.source)
        field = f"training.epochs_per_source.{r.source}" if per is not None \
            else "training.epochs"
        e = per if per is not None else t.epochs
        seen: int | None = None
        if e == 0:
            seen = 0
        elif e is not None and r.tokens is not None:
            seen = round(r.tokens * e)
        if e is None:
            missing.append(f"training.epochs (or training.epochs_per_source.{r.source}, "
                           "or training.tokens_seen)")
        elif seen is None:
            missing.append(f"the tokens of source {r.source} (not counted: scan with a "
                           "profile that counts tokens, or declare training.tokens_seen)")
        known = known and seen is not None
        parts.append(SourceTokens(source=r.source, tokens=r.tokens, epochs=e,
                                  epochs_field=field, tokens_seen=seen))
    if not parts:
        missing.append("training.tokens_seen (the store has no source)")
    value = sum(p.tokens_seen or 0 for p in parts) if known and parts else None
    return Figure(value=value, source="scan", query=s.sources.query), tuple(parts)


def _parameters(d: Declaration, missing: list[str]) -> Figure[int | None]:
    t = d.training
    if t.active_parameters is not None:
        return declared(t.active_parameters, "training.active_parameters")
    if t.total_parameters is not None:
        return declared(t.total_parameters, "training.total_parameters")
    missing.append("training.active_parameters (or training.total_parameters for a dense "
                   "model)")
    return to_be_provided("training.active_parameters")


def estimate(parameters: int, tokens_seen: int) -> float:
    """``6 · N · D`` in FLOP."""
    return 6.0 * parameters * tokens_seen


def build_compute(s: ScanFigures, d: Declaration) -> Compute:
    """The estimate and the declared figure (``check_sources`` first)."""
    t = d.training
    missing: list[str] = []
    n_fig = _parameters(d, missing)
    d_fig, parts = _tokens_seen(s, d, missing)
    est = None if n_fig.value is None or d_fig.value is None \
        else estimate(n_fig.value, d_fig.value)
    methods = tuple(s.totals.token_method.value or ())
    kind: TokenCount = "declared" if t.tokens_seen is not None else token_count_kind(methods)
    ratio = None if est is None or t.compute_flop is None or est == 0 \
        else t.compute_flop / est
    base: Figure[float | None] | None = None
    if d.model.dependencies:
        base = declared(t.base_model_compute_flop, "training.base_model_compute_flop") \
            if t.base_model_compute_flop is not None \
            else to_be_provided("training.base_model_compute_flop")
    return Compute(
        estimate_flop=est, estimate_method=ESTIMATE_METHOD, parameters=n_fig,
        tokens_seen=d_fig, token_count=kind, token_methods=methods, sources=parts,
        declared_flop=declared(t.compute_flop, "training.compute_flop")
        if t.compute_flop is not None else to_be_provided("training.compute_flop"),
        declared_method=" ".join(x for x in (t.compute_method, t.compute_notes) if x)
        or None,
        declared_to_estimate=ratio,
        disagreement=None if ratio is None else
        max(ratio, 1 / ratio) > DISAGREE_FACTOR if ratio > 0 else None,
        base_model_flop=base, missing=tuple(dict.fromkeys(missing)))


def near_threshold(flop: float) -> bool:
    """Within a factor ``NEAR_FACTOR`` of 10^25, on either side."""
    return THRESHOLD_FLOP / NEAR_FACTOR <= flop <= THRESHOLD_FLOP * NEAR_FACTOR


def flop(v: float | None) -> str:
    """A FLOP figure as reports print it: ``8.4 × 10^22`` (``unknown`` for none)."""
    if v is None:
        return "unknown"
    if v == 0:
        return "0"
    e = math.floor(math.log10(abs(v)))
    m = v / 10 ** e
    if round(m, 2) >= 10:
        m, e = m / 10, e + 1
    return f"{m:.3g} × 10^{e}"
