"""obligations.json and obligations.md: where the model stands under the AI Act's rules
for general-purpose AI models, from the declaration and the measured tokens.

The training compute (``compute.py``) is judged against the 10^25 FLOP of Art. 51(2);
the declared licence and public weights give the open-source exemption of Art. 53(2);
the placement date gives the transition of Art. 111(3). Each obligation says whether it
applies (``True``, ``False`` or ``None`` when an input is missing: never a guess), why,
what provscan produced for it and what is left to the provider. docs/obligations.md
gives the legal basis of each line.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from provscan.declaration import Declaration
from provscan.report.checklist import Obligation, obligation_list
from provscan.report.compute import (
    NEAR_FACTOR,
    THRESHOLD_FLOP,
    Compute,
    build_compute,
    check_sources,
    flop,
    near_threshold,
)
from provscan.report.figure import Frozen
from provscan.report.model import Check, ScanFigures

APPLICATION_DATE = dt.date(2025, 8, 2)
"""Chapter V (general-purpose AI models) applies from this date (Art. 113(b))."""
TRANSITION_DEADLINE = dt.date(2027, 8, 2)
"""Art. 111(3): models placed on the market before APPLICATION_DATE comply by this date."""


class Modification(Frozen):
    """A model that modifies (fine-tunes) another: is its modifier a provider?"""

    base_models: tuple[str, ...]
    modification_flop: float | None
    base_model_flop: float | None
    provider: bool | None
    reason: str


class Obligations(Frozen):
    """obligations.json."""

    model: tuple[str, ...]
    provscan_version: str
    generated_at: str
    training_compute_flop: float | None
    compute_method: str
    compute_basis: Literal["estimate", "declared"] | None
    threshold_flop: float
    systemic_risk_presumed: bool | None
    systemic_risk_reason: str
    open_source: bool | None
    open_source_reason: str
    open_source_exemption: bool | None
    market_date: str | None
    compliance_due: str | None
    modification: Modification | None
    compute: Compute
    warnings: tuple[str, ...]
    obligations: tuple[Obligation, ...]

    def checks(self) -> list[Check]:
        """The warnings, as checks before publishing the summary."""
        return [Check(level="warning", message=f"obligations: {w}") for w in self.warnings]


def _both(a: bool | None, b: bool | None) -> bool | None:
    """True when both are True, False when either is False, else unknown."""
    return False if False in (a, b) else (True if a and b else None)


def _not(v: bool | None) -> bool | None:
    return None if v is None else not v


def _open_source(d: Declaration) -> tuple[bool | None, str]:
    m = d.model
    licence = f" ({m.licence})" if m.licence else ""
    said = {True: "yes", False: "no", None: "not declared"}
    v = _both(m.licence_free_and_open, m.weights_public)
    return v, (f"free and open licence{licence}: {said[m.licence_free_and_open]} "
               "(model.licence_free_and_open); weights, architecture and usage information "
               f"public: {said[m.weights_public]} (model.weights_public)")


def _own_flop(c: Compute) -> tuple[float | None, Literal["estimate", "declared"] | None]:
    """This training's compute: the provider's measured figure when declared, else the
    estimate."""
    if c.declared_flop.value is not None:
        return c.declared_flop.value, "declared"
    return (c.estimate_flop, "estimate") if c.estimate_flop is not None else (None, None)


def _method(c: Compute, basis: str | None) -> str:
    if basis == "declared":
        return f"declared by the provider ({c.declared_method or 'method not given'})"
    if basis == "estimate":
        return c.estimate_method
    return "unknown: missing " + "; ".join(c.missing)


def _modification(d: Declaration, own: float | None) -> Modification | None:
    deps = d.model.dependencies
    if not deps:
        return None
    base = d.training.base_model_compute_flop
    if own is None or base is None:
        provider: bool | None = None
        reason = ("unknown: the compute of the modification and of the model modified "
                  "(training.base_model_compute_flop) are both needed")
    else:
        provider = own > base / 3
        reason = (f"the modification used {flop(own)} FLOP, "
                  f"{'more' if provider else 'not more'} than one third of the "
                  f"{flop(base)} FLOP of the model modified: the modifier is "
                  f"{'' if provider else 'not '}the provider of a general-purpose AI model "
                  "(Commission guidelines on the scope of the GPAI obligations)"
                  + ("; its obligations cover the modification" if provider else ""))
    return Modification(base_models=tuple(x.name for x in deps), modification_flop=own,
                        base_model_flop=base, provider=provider, reason=reason)


def _total(own: float | None, mod: Modification | None) -> float | None:
    """Cumulative training compute (Art. 51(2)): a modification adds the model modified."""
    if mod is None:
        return own
    return None if own is None or mod.base_model_flop is None else own + mod.base_model_flop


def _systemic(total: float | None, own: float | None) -> tuple[bool | None, str]:
    tail = (" The Commission may also designate a model by the criteria of Annex XIII "
            "(Art. 51(1)(b)); the provider may contest the presumption (Art. 52(2)).")
    if total is None:
        if own is not None and own > THRESHOLD_FLOP:
            return True, (f"this training alone used {flop(own)} FLOP, above 10^25 "
                          "(Art. 51(2))." + tail)
        return None, "unknown: the training compute is unknown." + tail
    above = total > THRESHOLD_FLOP
    return above, (f"training compute {flop(total)} FLOP is "
                   f"{'above' if above else 'not above'} 10^25 FLOP: systemic risk is "
                   f"{'' if above else 'not '}presumed (Art. 51(2))." + tail)


def _warnings(c: Compute, total: float | None, basis: str | None) -> list[str]:
    out: list[str] = []
    rough = (" Its tokens are the word-count estimate, which sub-word tokenizers usually "
             "exceed by 1.2-1.5x: the estimate is likely low."
             if c.token_count in ("word-count estimate", "mixed") else "")
    if total is not None and near_threshold(total):
        advice = ("check the measurement and what it counts (every run that trained the "
                  "model)" if basis == "declared" else "6·N·D is an approximation: measure "
                  "the compute (hardware-based) and declare it as training.compute_flop."
                  + rough)
        out.append(f"the training compute ({flop(total)} FLOP, {basis}) is within a "
                   f"factor of {NEAR_FACTOR:g} of the 10^25 FLOP threshold: {advice}")
    est, dec = c.estimate_flop, c.declared_flop.value
    if c.disagreement:
        out.append(f"the declared training compute ({flop(dec)} FLOP) and the estimate "
                   f"({flop(est)} FLOP) differ by more than a factor of 2: check "
                   "training.compute_flop, the parameters and the epochs." + rough)
    if est is not None and dec is not None and (est > THRESHOLD_FLOP) != (dec > THRESHOLD_FLOP):
        out.append(f"the estimate ({flop(est)} FLOP) and the declared compute ({flop(dec)} "
                   "FLOP) fall on opposite sides of 10^25 FLOP; the declared figure is "
                   "the one judged.")
    return out


def _due(d: Declaration) -> tuple[str | None, str]:
    m = d.model.market_date
    if m is None:
        return None, "placement on the market unknown (model.market_date)"
    if m < APPLICATION_DATE:
        return TRANSITION_DEADLINE.isoformat(), (
            f"placed on the market on {m.isoformat()}, before 2 August 2025: comply by "
            "2 August 2027 (Art. 111(3))")
    return m.isoformat(), (f"placed on the market on {m.isoformat()}, on or after 2 August "
                           "2025: apply from placement (Art. 53, 113(b))")


def build_obligations(s: ScanFigures, d: Declaration) -> Obligations:
    """obligations.json; a declaration naming a source the store lacks is a ConfigError
    naming the file and the field."""
    check_sources(s, d)
    c = build_compute(s, d)
    own, basis = _own_flop(c)
    mod = _modification(d, own)
    total = _total(own, mod)
    systemic, systemic_reason = _systemic(total, own)
    open_source, open_reason = _open_source(d)
    exemption = _both(open_source, _not(systemic))
    due, due_reason = _due(d)
    items = obligation_list(d, systemic=systemic, systemic_reason=systemic_reason,
                            open_source=open_source, exemption=exemption,
                            provider=None if mod is None else mod.provider,
                            provider_reason="" if mod is None else mod.reason,
                            due=due, due_reason=due_reason)
    return Obligations(
        model=tuple(d.model.names), provscan_version=s.provscan_version,
        generated_at=s.generated_at, training_compute_flop=total,
        compute_method=_method(c, basis) + (
            " plus the declared compute of the model modified" if mod and total else ""),
        compute_basis=basis, threshold_flop=THRESHOLD_FLOP,
        systemic_risk_presumed=systemic, systemic_risk_reason=systemic_reason,
        open_source=open_source, open_source_reason=open_reason,
        open_source_exemption=exemption,
        market_date=d.model.market_date.isoformat() if d.model.market_date else None,
        compliance_due=due, modification=mod, compute=c,
        warnings=tuple(_warnings(c, total, basis)), obligations=tuple(items))

