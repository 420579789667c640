"""Exclusion sets: the documents to drop from a training set, each with its reasons.

``build_exclusion_set`` records a named set in the store (``STORE/exclusions/<name>.parquet``
and the catalog's ``exclusion_sets`` and ``exclusion_counts``); ``read_exclusion_set``
returns its documents. See docs/exclusions.md.
"""

from provscan.exclude.build import ExclusionResult, build_exclusion_set, set_is_current
from provscan.exclude.config import DROP_VALUES, REASON_ORDER, ExclusionSpec, spec_from_options
from provscan.exclude.errors import ExclusionError, UnknownExclusionSet
from provscan.exclude.read import (
    SET_SCHEMA,
    ReasonCount,
    SetInfo,
    exclusion_set_path,
    read_exclusion_set,
    set_info,
    set_infos,
    set_names,
)
from provscan.exclude.rules import KEEP_RULE, RESERVATIONS, RULES, Reservation

__all__ = [
    "DROP_VALUES", "KEEP_RULE", "REASON_ORDER", "RESERVATIONS", "RULES", "SET_SCHEMA",
    "ExclusionError", "ExclusionResult", "ExclusionSpec", "ReasonCount", "Reservation",
    "SetInfo", "UnknownExclusionSet",
    "build_exclusion_set", "exclusion_set_path", "read_exclusion_set", "set_info",
    "set_infos", "set_is_current", "set_names", "spec_from_options",
]
