"""The obligations of a provider of a general-purpose AI model, one line each: whether it
applies, why, what provscan produced for it and what is left to the provider.

``applies`` is ``None`` (unknown) whenever an input it depends on is missing.
"""

from __future__ import annotations

from provscan.declaration import Declaration
from provscan.report.figure import Frozen


class Obligation(Frozen):
    """One line of the checklist."""

    id: str
    article: str
    title: str
    applies: bool | None
    reason: str
    due: str | None
    produced: tuple[str, ...]
    left_to_provider: tuple[str, ...]


EXEMPT = ("exempt: released under a free and open licence with its parameters public, "
          "and without systemic risk (Art. 53(2))")
NOT_EXEMPT = {False: "not exempt under Art. 53(2): {why}",
              None: "unknown: the open-source exemption (Art. 53(2)) depends on {why}"}


def _exempt_reason(exemption: bool | None, open_source: bool | None,
                   systemic: bool | None) -> str:
    if exemption:
        return EXEMPT
    if exemption is False:
        why = "the model has systemic risk" if systemic else \
            "the model is not released under a free and open licence with public weights"
        return NOT_EXEMPT[False].format(why=why)
    missing = [w for w, v in (("the licence and public weights (model.licence_free_and_open, "
                               "model.weights_public)", open_source),
                              ("the training compute", systemic)) if v is None]
    return NOT_EXEMPT[None].format(why=" and ".join(missing))


def _join(reason: str, more: str) -> str:
    if reason.endswith("."):
        return f"{reason} {more[0].upper()}{more[1:]}"
    return f"{reason}; {more}"


def obligation_list(d: Declaration, *, systemic: bool | None, systemic_reason: str,
                    open_source: bool | None, exemption: bool | None,
                    provider: bool | None, provider_reason: str,
                    due: str | None, due_reason: str) -> list[Obligation]:
    """Every obligation, judged. ``provider``: for a modification, whether its modifier
    is a provider at all (None for an original model or when unknown)."""
    p = d.processing
    exempt_reason = _exempt_reason(exemption, open_source, systemic)
    not_exempt = None if exemption is None else not exemption
    est = d.provider.established_in_eu
    rep: bool | None = False if est or not_exempt is False else (
        None if est is None or not_exempt is None else True)
    if est:
        rep_reason = "established in the Union: no representative needed"
    elif not_exempt is False:
        rep_reason = exempt_reason.replace("(Art. 53(2))", "(Art. 54(6))")
    elif est is None:
        rep_reason = "unknown: established in the Union? (provider.established_in_eu)"
    else:
        rep_reason = "established outside the Union; " + exempt_reason + " (Art. 54(6))"
    policy = f"the policy declared: {p.copyright_policy}" if p.copyright_policy else \
        "the policy itself (declare its link as processing.copyright_policy)"
    sr = "systemic risk: " + systemic_reason.split(" The Commission may")[0]
    rows: list[tuple[str, str, str, bool | None, str, tuple[str, ...], tuple[str, ...]]] = [
        ("technical_documentation", "53(1)(a), Annex XI",
         "Technical documentation for the AI Office and national authorities",
         not_exempt, exempt_reason,
         ("mdf_data.json: the training-data section (Annex XI §1 point 2(c)) and the "
          "training compute (point 2(d))",),
         ("the rest of the Model Documentation Form: tasks, architecture, parameters, "
          "licence, training process, training time, energy consumption",
          "keep it up to date and hand it to the AI Office on request")),
        ("downstream_information", "53(1)(b), Annex XII",
         "Information and documentation for downstream providers",
         not_exempt, exempt_reason,
         ("mdf_data.json: the fields whose recipients include downstream providers",),
         ("capabilities and limitations, acceptable uses, how to integrate the model",
          "make it available to downstream providers")),
        ("copyright_policy", "53(1)(c)",
         "A policy to comply with Union copyright law, honouring TDM reservations",
         True, "applies to every provider, open-source models included (Art. 53(2))",
         ("evidence/: opt-out verdicts with their signals and captures, licence "
          "findings, exclusions", "provscan lookup: answers to rightsholders"),
         (policy, "act on the reservations found before training")),
        ("training_content_summary", "53(1)(d)",
         "A public summary of the content used for training (the Commission's template)",
         True, "applies to every provider, open-source models included (Art. 53(2))",
         ("summary.md, summary.html, summary.json, top_domains.csv, sources.csv",),
         ("answer the questions marked To be provided (Checks before publishing)",
          "publish the summary; update it every six months or on a material change")),
        ("authorised_representative", "54", "An authorised representative in the Union",
         rep, rep_reason, (),
         ("appoint one by written mandate before placing the model on the market",)),
        ("systemic_risk_notification", "52(1)",
         "Notify the Commission that the threshold is met", systemic, sr,
         ("obligations.json: the training-compute estimate and its inputs",),
         ("notify the Commission within two weeks of meeting the threshold, or of knowing "
          "it will be met; arguments against the presumption may be given (Art. 52(2))",)),
        ("model_evaluation", "55(1)(a)",
         "Model evaluation, adversarial testing included", systemic, sr, (),
         ("evaluate the model with standardised protocols and tools; document it",)),
        ("systemic_risk_assessment", "55(1)(b)",
         "Assess and mitigate systemic risks at Union level", systemic, sr,
         ("summary.json and evidence/: what the training data contains (sources, "
          "languages, personal data, reservations)",),
         ("assess and mitigate the systemic risks, including their sources",)),
        ("serious_incident_reporting", "55(1)(c)",
         "Track and report serious incidents to the AI Office", systemic, sr, (),
         ("track, document and report serious incidents and corrective measures",)),
        ("cybersecurity", "55(1)(d)",
         "Cybersecurity protection of the model and its infrastructure", systemic, sr, (),
         ("ensure an adequate level of cybersecurity protection",)),
    ]
    out = []
    for oid, art, title, applies, reason, produced, left in rows:
        if provider is False:
            applies, reason = False, "not a provider: " + provider_reason
        elif provider is None and d.model.dependencies:
            applies, reason = None, "modifier's status unknown: " + provider_reason
        out.append(Obligation(
            id=oid, article=f"AI Act Art. {art}", title=title, applies=applies,
            reason=reason if applies is False else _join(reason, due_reason),
            due=None if applies is False else due, produced=produced,
            left_to_provider=left))
    return out
