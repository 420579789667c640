"""Runs the Croissant visualizer on all or changed datasets."""

import datetime
import json
import os
import pathlib
import re
import sys

from absl import app
from absl import flags
from absl import logging
import csscompressor  # type: ignore
from etils import epath
import jsmin  # type: ignore

from mlcroissant.scripts.visualize_utils import visualize_js

flags.DEFINE_string(
    "changed_files",
    None,
    "Comma-separated list of files that have changed.",
)
flags.DEFINE_boolean(
    "force",
    False,
    "Force regeneration of all visualizations.",
)
flags.DEFINE_string(
    "datasets_dir",
    "datasets",
    "Directory containing the datasets.",
)
flags.DEFINE_string(
    "static_dir",
    None,
    "Directory to copy static assets to. Defaults to <datasets_dir>/static.",
)

FLAGS = flags.FLAGS

# Files that, when changed, trigger a full regeneration of all datasets.
_VISUALIZER_FILES = [
    "python/mlcroissant/mlcroissant/scripts/visualize.py",
    "python/mlcroissant/mlcroissant/scripts/visualize_utils.py",
    "python/mlcroissant/mlcroissant/scripts/templates/visualizer.html",
    "python/mlcroissant/mlcroissant/scripts/templates/gallery.html",
    "python/mlcroissant/mlcroissant/scripts/static/visualizer.js",
    "python/mlcroissant/mlcroissant/scripts/static/visualizer.css",
    "python/mlcroissant/mlcroissant/scripts/static/gallery.js",
    "python/mlcroissant/mlcroissant/scripts/static/gallery.css",
    "python/mlcroissant/mlcroissant/scripts/visualize_all.py",
]

_STATIC_SRC_DIR = pathlib.Path(__file__).parent / "static"
_TEMPLATES_DIR = pathlib.Path(__file__).parent / "templates"


def get_all_datasets(datasets_dir_str: str):
    """Finds all metadata.json files in the datasets directory."""
    datasets = []
    datasets_dir = pathlib.Path(datasets_dir_str)
    for path in datasets_dir.rglob("metadata.json"):
        datasets.append(path)
    return datasets


# ── Gallery index helpers ──────────────────────────────────────────────────────


def _schema_version_from_conforms_to(conforms_to: str | None) -> str | None:
    """Extract a short version label like '1.0' from a conformsTo URL."""
    if not conforms_to:
        return None
    m = re.search(r"(\d+\.\d+(?:\.\d+)?)$", str(conforms_to))
    return m.group(1) if m else None


def _version_sort_key(label: str) -> tuple:
    """Sort version labels numerically descending (newest first)."""
    try:
        parts = tuple(int(x) for x in label.split("."))
    except ValueError:
        parts = (0,)
    # Negate for descending order
    return tuple(-p for p in parts)


def _build_dataset_entry(
    metadata_path: pathlib.Path,
    datasets_dir: pathlib.Path,
) -> dict | None:
    """Build a lightweight index entry for one dataset.

    Reads only the metadata.json (no data files, no mlcroissant loading).
    Returns None if the file cannot be parsed.
    """
    try:
        raw = json.loads(metadata_path.read_text(encoding="utf-8"))
    except Exception as e:
        logging.warning(f"Could not parse {metadata_path}: {e}")
        return None

    name = raw.get("name") or ""
    if isinstance(name, dict):
        name = name.get("@value") or str(name)
    if not name:
        logging.warning(f"Skipping {metadata_path}: no 'name' field.")
        return None

    description = raw.get("description") or ""
    # Truncate for the snippet
    if len(description) > 240:
        description = description[:237].rstrip() + "…"

    conforms_to = raw.get("conformsTo") or ""
    version_label = _schema_version_from_conforms_to(conforms_to)

    # Fallback: infer schema version from directory structure
    if not version_label:
        rel = metadata_path.relative_to(datasets_dir)
        parts = rel.parts
        if parts and re.match(r"^\d+\.\d+", parts[0]):
            version_label = parts[0]

    keywords = raw.get("keywords") or []
    if isinstance(keywords, str):
        keywords = [k.strip() for k in keywords.split(",") if k.strip()]

    distributions = raw.get("distribution") or []
    if not isinstance(distributions, list):
        distributions = [distributions]
    record_sets = raw.get("recordSet") or []
    if not isinstance(record_sets, list):
        record_sets = [record_sets]

    # Path to the generated index.html, relative to datasets/index.html
    if metadata_path.name == "metadata.json":
        index_html = metadata_path.parent / "index.html"
    else:
        index_html = metadata_path.parent / f"{metadata_path.stem}.html"
    rel_path = os.path.relpath(index_html, datasets_dir)
    # Normalise to forward slashes for HTML hrefs
    rel_path = rel_path.replace(os.sep, "/")

    # Slug: unique identifier for anchors / sidebar links
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")

    return {
        "name": name,
        "slug": slug,
        "path": rel_path,
        "description": description,
        "version": raw.get("version") or "",
        "conformsTo": conforms_to,
        "license": raw.get("license") or "",
        "url": raw.get("url") or "",
        "keywords": keywords,
        "num_resources": len(distributions),
        "num_record_sets": len(record_sets),
        "_schema_version": version_label or "unknown",
    }


def build_gallery_index(
    all_datasets: list[pathlib.Path],
    datasets_dir: pathlib.Path,
    static_dst_dir: pathlib.Path,
) -> None:
    """Build datasets/index.html — the central dataset gallery page."""
    entries = []
    for metadata_path in all_datasets:
        entry = _build_dataset_entry(metadata_path, datasets_dir)
        if entry:
            entries.append(entry)

    # Group by schema version
    versions_map: dict[str, list[dict]] = {}
    for entry in entries:
        v = entry["_schema_version"]
        versions_map.setdefault(v, []).append(entry)

    # Sort versions descending (newest first), datasets alphabetically within each
    sorted_versions = sorted(versions_map.keys(), key=_version_sort_key)
    versions_list = []
  